package io.dialtone.message;

import io.dialtone.message.internal.Lexer;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * Parses one SIP message from bytes in a single pass, without regular expressions
 * (RFC 3261 §7, §25). Thread-safe and stateless.
 *
 * <p>Datagram rules (§18.3): a missing Content-Length means the body is the rest of the datagram;
 * bytes beyond Content-Length are discarded; a Content-Length larger than what arrived is an error.
 * For stream transports the framer hands over exactly one message, so the same rules hold.
 */
public final class SipParser {
    private static final byte CR = '\r';
    private static final byte LF = '\n';

    private SipParser() {}

    /** Parses {@code bytes} with the default limits. */
    public static SipMessage parse(byte[] bytes) {
        return parse(bytes, 0, bytes.length, SipParserLimits.DEFAULT);
    }

    /**
     * Parses {@code len} bytes of {@code buf} from {@code off}.
     *
     * @throws SipParseException with the offset, header and status a UAS should answer: the offset is
     *         that of the offending byte or header field (the second of a repeated one), or of the empty
     *         line ending the header section when a mandatory header is missing; a value a record refuses
     *         ({@link IllegalArgumentException}) is reported as 400 at the start line
     */
    public static SipMessage parse(byte[] buf, int off, int len, SipParserLimits limits) {
        if (len > limits.maxMessageBytes()) {
            throw new SipParseException(0, null, 513, "message larger than " + limits.maxMessageBytes() + " bytes");
        }
        int end = off + len;
        int p = off;
        while (p < end && (buf[p] == CR || buf[p] == LF)) { // §7.5: leading CRLFs are ignored
            p++;
        }
        int lineEnd = lineEnd(buf, p, end, limits, off);
        if (lineEnd < 0) {
            throw new SipParseException(p - off, null, 400, "no start line");
        }
        int startLen = contentEnd(buf, p, lineEnd);
        int startOffset = p - off;
        checkControlBytes(buf, p, p + startLen, null, off);
        String startLine = new String(buf, p, startLen, StandardCharsets.UTF_8);
        p = lineEnd + 1;

        List<HeaderField> headers = new ArrayList<>(16);
        List<Integer> offsets = new ArrayList<>(16);
        boolean sawEmptyLine = false;
        int blankLineOffset = -1;
        StringBuilder folded = null;
        String pendingName = null;
        int pendingOffset = 0;
        while (p < end) {
            int le = lineEnd(buf, p, end, limits, off);
            if (le < 0) {
                throw new SipParseException(p - off, null, 400, "header section not terminated by an empty line");
            }
            int contentLen = contentEnd(buf, p, le);
            if (contentLen == 0) {
                blankLineOffset = p - off;
                p = le + 1;
                sawEmptyLine = true;
                break;
            }
            if (buf[p] == ' ' || buf[p] == '\t') { // folded continuation, §7.3.1
                if (pendingName == null) {
                    throw new SipParseException(p - off, null, 400, "continuation line before any header");
                }
                checkControlBytes(buf, p, p + contentLen, HeaderNames.canonical(pendingName), off);
                String more = trimmed(buf, p, p + contentLen);
                if (folded.length() > 0 && !more.isEmpty()) { // LWS of a fold is one SP (§7.3.1)
                    folded.append(' ');
                }
                folded.append(more);
                if (folded.length() > limits.maxLineBytes()) {
                    throw new SipParseException(p - off, HeaderNames.canonical(pendingName), 400, "header line too long");
                }
            } else {
                if (pendingName != null) {
                    addHeader(headers, offsets, pendingName, folded, pendingOffset, limits);
                }
                int colon = -1;
                for (int i = p; i < p + contentLen; i++) {
                    if (buf[i] == ':') {
                        colon = i;
                        break;
                    }
                }
                if (colon < 0) {
                    throw new SipParseException(p - off, null, 400, "header line without ':'");
                }
                int nameEnd = colon;
                while (nameEnd > p && (buf[nameEnd - 1] == ' ' || buf[nameEnd - 1] == '\t')) {
                    nameEnd--;
                }
                pendingName = new String(buf, p, nameEnd - p, StandardCharsets.US_ASCII);
                if (!Lexer.isToken(pendingName)) {
                    throw new SipParseException(p - off, null, 400, "invalid header name '" + printable(pendingName) + "'");
                }
                pendingOffset = p - off;
                checkControlBytes(buf, colon + 1, p + contentLen, HeaderNames.canonical(pendingName), off);
                folded = new StringBuilder(trimmed(buf, colon + 1, p + contentLen));
            }
            p = le + 1;
        }
        if (pendingName != null) {
            addHeader(headers, offsets, pendingName, folded, pendingOffset, limits);
        }
        if (!sawEmptyLine) {
            throw new SipParseException(p - off, null, 400, "header section not terminated by an empty line");
        }

        int available = end - p;
        int bodyLen = available;
        for (int i = 0; i < headers.size(); i++) {
            HeaderField h = headers.get(i);
            if (h.is(HeaderNames.CONTENT_LENGTH)) {
                long cl;
                try {
                    cl = SessionExpires.parseDelta(h.value(), HeaderNames.CONTENT_LENGTH);
                } catch (SipParseException e) {
                    throw e.at(offsets.get(i));
                }
                if (cl > available) {
                    throw new SipParseException(offsets.get(i), HeaderNames.CONTENT_LENGTH, 400,
                            "Content-Length " + cl + " exceeds the " + available + " body bytes received");
                }
                bodyLen = (int) cl;
                break;
            }
        }
        byte[] body = bodyLen == 0 ? new byte[0] : Arrays.copyOfRange(buf, p, p + bodyLen);
        List<HeaderField> fields = Collections.unmodifiableList(headers);
        int[] fieldOffsets = new int[offsets.size()];
        for (int i = 0; i < fieldOffsets.length; i++) {
            fieldOffsets[i] = offsets.get(i);
        }
        try {
            return build(startLine, startOffset, fields, body, fieldOffsets, blankLineOffset);
        } catch (SipParseException e) {
            if (e.offset() >= 0) {
                throw e;
            }
            if (e.header() != null) {
                for (int i = 0; i < fields.size(); i++) {
                    if (fields.get(i).is(e.header())) {
                        throw e.at(fieldOffsets[i]);
                    }
                }
                throw e.at(blankLineOffset);
            }
            throw e.at(startOffset);
        } catch (IllegalArgumentException e) {
            // a value record refused what its parser let through: still the peer's fault, never a crash
            throw new SipParseException(startOffset, null, 400, "malformed message: " + e.getMessage());
        }
    }

    private static void addHeader(List<HeaderField> headers, List<Integer> offsets, String name, StringBuilder value,
                                  int offset, SipParserLimits limits) {
        if (headers.size() >= limits.maxHeaders()) {
            throw new SipParseException(offset, null, 400, "more than " + limits.maxHeaders() + " header fields");
        }
        headers.add(new HeaderField(name, value.toString()));
        offsets.add(offset);
    }

    /** Rejects NUL, CR, LF and the other C0 controls but HTAB, and DEL, in {@code buf[from, to)} (§25.1 TEXT-UTF8). */
    private static void checkControlBytes(byte[] buf, int from, int to, String header, int base) {
        for (int i = from; i < to; i++) {
            int c = buf[i] & 0xFF;
            if (c < 0x20 && c != '\t' || c == 0x7F) {
                throw new SipParseException(i - base, header, 400,
                        "control character 0x" + Integer.toHexString(c) + (header == null ? " in start line" : " in value"));
            }
        }
    }

    /** UTF-8 text of {@code buf[from, to)} without leading and trailing SP/HTAB (LWS, §7.3.1). */
    private static String trimmed(byte[] buf, int from, int to) {
        while (from < to && (buf[from] == ' ' || buf[from] == '\t')) {
            from++;
        }
        while (to > from && (buf[to - 1] == ' ' || buf[to - 1] == '\t')) {
            to--;
        }
        return new String(buf, from, to - from, StandardCharsets.UTF_8);
    }

    private static SipMessage build(String line, int lineOffset, List<HeaderField> headers, byte[] body,
                                    int[] offsets, int endOffset) {
        if (line.startsWith("SIP/")) {
            int sp1 = line.indexOf(' ');
            if (sp1 < 0) {
                throw new SipParseException(lineOffset, null, 400, "malformed status line");
            }
            checkVersion(line.substring(0, sp1), lineOffset);
            int sp2 = line.indexOf(' ', sp1 + 1);
            String code = sp2 < 0 ? line.substring(sp1 + 1) : line.substring(sp1 + 1, sp2);
            if (code.length() != 3 || !allDigits(code)) {
                throw new SipParseException(lineOffset, null, 400, "invalid status code");
            }
            String reason = sp2 < 0 ? "" : line.substring(sp2 + 1);
            int status = Integer.parseInt(code);
            if (status < 100 || status > 699) {
                throw new SipParseException(lineOffset + sp1 + 1, null, 400, "status code out of range: " + code);
            }
            return new SipResponse(status, reason, headers, body, offsets, endOffset);
        }
        int sp1 = line.indexOf(' ');
        int sp2 = sp1 < 0 ? -1 : line.indexOf(' ', sp1 + 1);
        if (sp1 <= 0 || sp2 < 0 || line.indexOf(' ', sp2 + 1) >= 0) {
            throw new SipParseException(lineOffset, null, 400, "malformed request line");
        }
        String method = line.substring(0, sp1);
        if (!Lexer.isToken(method)) {
            throw new SipParseException(lineOffset, null, 400, "invalid method");
        }
        checkVersion(line.substring(sp2 + 1), lineOffset);
        SipUri uri;
        try {
            uri = SipUri.parse(line.substring(sp1 + 1, sp2));
        } catch (SipParseException e) {
            throw new SipParseException(lineOffset + sp1 + 1, null, e.status(), "Request-URI: " + e.getMessage());
        }
        return new SipRequest(SipMethod.intern(method), uri, headers, body, offsets, endOffset);
    }

    private static void checkVersion(String v, int offset) {
        if (!v.equalsIgnoreCase("SIP/2.0")) {
            throw new SipParseException(offset, null, 505, "unsupported version " + printable(v));
        }
    }

    private static boolean allDigits(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    private static String printable(String s) {
        StringBuilder sb = new StringBuilder(Math.min(s.length(), 40));
        for (int i = 0; i < s.length() && i < 40; i++) {
            char c = s.charAt(i);
            sb.append(c < 0x20 || c >= 0x7F ? '?' : c);
        }
        return sb.toString();
    }

    /** Index of the LF ending the line that starts at {@code p}, or -1; enforces the line limit. */
    private static int lineEnd(byte[] buf, int p, int end, SipParserLimits limits, int base) {
        int max = Math.min(end, p + limits.maxLineBytes() + 2);
        for (int i = p; i < max; i++) {
            if (buf[i] == LF) {
                if (contentEnd(buf, p, i) > limits.maxLineBytes()) {
                    throw new SipParseException(p - base, null, 400, "line longer than " + limits.maxLineBytes() + " bytes");
                }
                return i;
            }
        }
        if (max < end) {
            throw new SipParseException(p - base, null, 400, "line longer than " + limits.maxLineBytes() + " bytes");
        }
        return -1;
    }

    /** Length of the line content from {@code p} to the LF at {@code lf}, without a trailing CR. */
    private static int contentEnd(byte[] buf, int p, int lf) {
        int e = lf;
        if (e > p && buf[e - 1] == CR) {
            e--;
        }
        return e - p;
    }
}
