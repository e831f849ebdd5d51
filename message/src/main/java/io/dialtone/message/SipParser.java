package io.dialtone.message;

import io.dialtone.message.internal.Lexer;
import io.dialtone.message.internal.WireGrammar;
import io.dialtone.message.internal.WireHeaderKinds;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

import static io.dialtone.message.SipMessage.H_META;
import static io.dialtone.message.SipMessage.H_NAME;
import static io.dialtone.message.SipMessage.H_VALUE;
import static io.dialtone.message.SipMessage.H_VALUE_END;
import static io.dialtone.message.SipMessage.I_BODY_LEN;
import static io.dialtone.message.SipMessage.I_BODY_START;
import static io.dialtone.message.SipMessage.I_BRANCH;
import static io.dialtone.message.SipMessage.I_CALL_ID;
import static io.dialtone.message.SipMessage.I_CALL_ID_FIELD;
import static io.dialtone.message.SipMessage.I_CONTENT_LENGTH;
import static io.dialtone.message.SipMessage.I_COUNT;
import static io.dialtone.message.SipMessage.I_CSEQ_FIELD;
import static io.dialtone.message.SipMessage.I_CSEQ_METHOD;
import static io.dialtone.message.SipMessage.I_CSEQ_NUM;
import static io.dialtone.message.SipMessage.I_FLAGS;
import static io.dialtone.message.SipMessage.I_FROM_FIELD;
import static io.dialtone.message.SipMessage.I_FROM_TAG;
import static io.dialtone.message.SipMessage.I_HEADERS;
import static io.dialtone.message.SipMessage.I_MAX_FORWARDS;
import static io.dialtone.message.SipMessage.I_SL_A;
import static io.dialtone.message.SipMessage.I_SL_B;
import static io.dialtone.message.SipMessage.I_SL_C;
import static io.dialtone.message.SipMessage.I_TO_FIELD;
import static io.dialtone.message.SipMessage.I_TO_TAG;
import static io.dialtone.message.SipMessage.F_CANONICAL;
import static io.dialtone.message.SipMessage.F_RESPONSE;
import static io.dialtone.message.SipMessage.UNKNOWN;

/**
 * Parses one SIP message from bytes in a single pass, without regular expressions
 * (RFC 3261 §7, §25). Thread-safe and stateless.
 *
 * <p>The parser copies the message once and records, in one {@code int[]}, where each header name and
 * value lies. It validates while framing what the lower layers route on — the start line, Via, From,
 * To, Call-ID, CSeq, Max-Forwards and Content-Length — so that a malformed one is rejected here with
 * its offset, header and status; their string and record values are built on first use.
 *
 * <p>Datagram rules (§18.3): a missing Content-Length means the body is the rest of the datagram;
 * bytes beyond Content-Length are discarded; a Content-Length larger than what arrived is an error.
 * For stream transports {@link SipFramer} hands over exactly one message, so the same rules hold.
 */
public final class SipParser {
    private static final byte CR = '\r';
    private static final byte LF = '\n';
    /** Bytes that need a second look while scanning a line: C0 controls but HTAB, and DEL. */
    private static final boolean[] SPECIAL = new boolean[256];
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final ThreadLocal<int[]> SCRATCH = ThreadLocal.withInitial(() -> new int[I_HEADERS + 4 * 64]);

    static {
        for (int c = 0; c < 0x20; c++) {
            SPECIAL[c] = c != '\t';
        }
        SPECIAL[0x7F] = true;
    }

    private SipParser() {}

    /** Parses {@code bytes} with the default limits. */
    public static SipMessage parse(byte[] bytes) {
        return parse(bytes, 0, bytes.length, SipParserLimits.DEFAULT);
    }

    /**
     * Parses {@code len} bytes of {@code buf} from {@code off}. The bytes are copied: the caller may
     * reuse {@code buf} afterwards.
     *
     * @throws SipParseException with the offset, header and status a UAS should answer: the offset is
     *         that of the offending byte or header field (the second of a repeated one), or of the empty
     *         line ending the header section when a mandatory header is missing; a value a record refuses
     *         ({@link IllegalArgumentException}) is reported as 400 at the start line
     */
    public static SipMessage parse(byte[] buf, int off, int len, SipParserLimits limits) {
        Objects.checkFromIndexSize(off, len, buf.length);
        if (len > limits.maxMessageBytes()) {
            throw new SipParseException(0, null, 513, "message larger than " + limits.maxMessageBytes() + " bytes");
        }
        int end = off + len;
        int p = off;
        while (p < end && (buf[p] == CR || buf[p] == LF)) { // §7.5: leading CRLFs are ignored
            p++;
        }
        return index(Arrays.copyOfRange(buf, p, end), p - off, limits);
    }

    /**
     * Parses {@code bytes}, which the message takes as its wire form without copying them: for a
     * caller that has just copied a datagram or a stream frame into an array of its own and lets
     * go of it (a transport). Neither the caller nor anyone else may change {@code bytes}
     * afterwards. Leading CRLFs (§7.5) are skipped by a copy, as {@link #parse(byte[], int, int,
     * SipParserLimits)} does. Thread-safe: callable from any thread.
     *
     * @throws SipParseException as {@link #parse(byte[], int, int, SipParserLimits)}
     */
    public static SipMessage parseOwned(byte[] bytes, SipParserLimits limits) {
        if (bytes.length == 0 || bytes[0] == CR || bytes[0] == LF || bytes.length > limits.maxMessageBytes()) {
            return parse(bytes, 0, bytes.length, limits);
        }
        return index(bytes, 0, limits);
    }

    /**
     * Indexes and validates a message that fills {@code raw} (no leading CRLF).
     *
     * @param base  added to every offset reported in an exception (leading bytes skipped by the caller)
     */
    private static SipMessage index(byte[] raw, int base, SipParserLimits limits) {
        final int n = raw.length;
        final long maxLine = limits.maxLineBytes();
        int[] x = SCRATCH.get();
        Arrays.fill(x, 0, I_HEADERS, -1);

        // ---- start line
        long maxEnd = Math.min(n, maxLine + 2);
        long scan = scanLine(raw, 0, (int) maxEnd);
        int lf = (int) scan - 1;
        int bad = (int) (scan >>> 32) - 1;
        if (lf < 0) {
            if (maxEnd < n) {
                throw new SipParseException(base, null, 400, "line longer than " + maxLine + " bytes");
            }
            throw new SipParseException(base, null, 400, "no start line");
        }
        int sle = lf > 0 && raw[lf - 1] == CR ? lf - 1 : lf;
        if (sle > maxLine) {
            throw new SipParseException(base, null, 400, "line longer than " + maxLine + " bytes");
        }
        if (bad >= 0 && bad < sle) {
            throw control(raw, bad, null, base, " in start line");
        }
        boolean canonical = sle == lf - 1;

        // ---- header lines: one scan, recording name and value offsets
        int count = 0;
        int at = I_HEADERS - 4; // entry of the header in progress
        int foldedLen = 0;
        int blank = -1;
        int p = lf + 1;
        while (p < n) {
            maxEnd = Math.min(n, p + maxLine + 2);
            scan = scanLine(raw, p, (int) maxEnd);
            lf = (int) scan - 1;
            bad = (int) (scan >>> 32) - 1;
            if (lf < 0) {
                if (maxEnd < n) {
                    throw new SipParseException(p + base, null, 400, "line longer than " + maxLine + " bytes");
                }
                throw new SipParseException(p + base, null, 400, "header section not terminated by an empty line");
            }
            int ce = lf > p && raw[lf - 1] == CR ? lf - 1 : lf;
            if (ce - p > maxLine) {
                throw new SipParseException(p + base, null, 400, "line longer than " + maxLine + " bytes");
            }
            if (ce == lf) {
                canonical = false; // LF-only line end
            }
            if (ce == p) {
                blank = p;
                p = lf + 1;
                break;
            }
            byte c0 = raw[p];
            if (c0 == ' ' || c0 == '\t') { // folded continuation, §7.3.1
                if (count == 0) {
                    throw new SipParseException(p + base, null, 400, "continuation line before any header");
                }
                String name = nameOf(raw, x, at);
                bad = bad >= 0 && bad < ce ? illegalControl(raw, p, ce) : -1;
                if (bad >= 0) {
                    throw control(raw, bad, name, base, " in value");
                }
                int s = p;
                int e = ce;
                while (s < e && (raw[s] == ' ' || raw[s] == '\t')) {
                    s++;
                }
                while (e > s && (raw[e - 1] == ' ' || raw[e - 1] == '\t')) {
                    e--;
                }
                if (foldedLen > 0 && e > s) {
                    foldedLen++;
                }
                foldedLen += e - s;
                if (foldedLen > maxLine) {
                    throw new SipParseException(p + base, name, 400, "header line too long");
                }
                canonical = false;
                x[at + H_VALUE_END] = ce;
                x[at + H_META] |= 1;
            } else {
                int i = p;
                while (i < ce && WireGrammar.isTokenByte(raw[i])) {
                    i++;
                }
                int nameEnd = i;
                while (i < ce && (raw[i] == ' ' || raw[i] == '\t')) {
                    i++;
                }
                if (i >= ce || raw[i] != ':' || nameEnd == p) {
                    throw badHeaderLine(raw, p, ce, base);
                }
                if (count >= limits.maxHeaders()) {
                    throw new SipParseException(p + base, null, 400, "more than " + limits.maxHeaders() + " header fields");
                }
                int colon = i;
                bad = bad > colon && bad < ce ? illegalControl(raw, colon + 1, ce) : -1;
                if (bad >= 0) {
                    throw control(raw, bad, canonicalName(raw, p, nameEnd), base, " in value");
                }
                int vs = colon + 1;
                while (vs < ce && (raw[vs] == ' ' || raw[vs] == '\t')) {
                    vs++;
                }
                int ve = ce;
                while (ve > vs && (raw[ve - 1] == ' ' || raw[ve - 1] == '\t')) {
                    ve--;
                }
                if (canonical && (colon != nameEnd || colon + 1 >= ce || raw[colon + 1] != ' '
                        || ve != ce || ve > vs && vs != colon + 2)) {
                    canonical = false;
                }
                at += 4;
                if (at + 4 > x.length) {
                    x = Arrays.copyOf(x, x.length * 2);
                    SCRATCH.set(x);
                }
                int nameLen = nameEnd - p;
                if (nameLen > 0x7F_FFFF) {
                    throw new SipParseException(p + base, null, 400, "header name too long");
                }
                x[at + H_NAME] = p;
                x[at + H_VALUE] = vs;
                x[at + H_VALUE_END] = ve;
                x[at + H_META] = nameLen << 8 | WireHeaderKinds.of(raw, p, nameLen) << 1;
                foldedLen = ve - vs;
                count++;
            }
            p = lf + 1;
        }
        if (blank < 0) {
            throw new SipParseException(p + base, null, 400, "header section not terminated by an empty line");
        }
        x[I_COUNT] = count;
        int[] idx = Arrays.copyOf(x, I_HEADERS + 4 * count);
        try {
            return validate(raw, idx, p, blank, canonical, base, limits, false);
        } catch (IllegalArgumentException e) {
            // a value record refused what its parser let through: still the peer's fault, never a crash
            throw new SipParseException(base, null, 400, "malformed message: " + e.getMessage());
        }
    }

    /**
     * Finishes a message {@link SipSerializer} wrote and indexed while writing (header offsets and
     * kinds in {@code idx}, the routing slots still {@code -1}): the same checks and routing index as
     * a parse of those bytes, without scanning them again. The header lines need no framing checks: a
     * {@link HeaderField} holds a token name and a value without CR, LF or other controls.
     *
     * @param startLineEnd offset of the CR ending the start line
     * @param blank        offset of the empty line ending the header section
     * @throws SipParseException as {@link #parse} would for these bytes
     */
    static SipMessage indexBuilt(byte[] raw, int[] idx, int startLineEnd, int blank) {
        for (int i = 0; i < startLineEnd; i++) {
            if (SPECIAL[raw[i] & 0xFF]) {
                throw control(raw, i, null, 0, " in start line");
            }
        }
        try {
            return validate(raw, idx, blank + 2, blank, true, 0, SipParserLimits.NONE, true);
        } catch (IllegalArgumentException e) {
            throw new SipParseException(0, null, 400, "malformed message: " + e.getMessage());
        }
    }

    /**
     * Body framing, start line and the routing headers, in that order; builds the message. {@code built}:
     * a locally built message, whose Request-URI is not re-validated (the builder holds the record).
     */
    private static SipMessage validate(byte[] raw, int[] idx, int bodyStart, int blank, boolean canonical, int base,
                                       SipParserLimits limits, boolean built) {
        int count = idx[I_COUNT];
        int available = raw.length - bodyStart;
        int bodyLen = available;
        for (int h = 0; h < count; h++) {
            if (kind(idx, h) == WireHeaderKinds.CONTENT_LENGTH) {
                long cl = delta(raw, idx, h, HeaderNames.CONTENT_LENGTH, base);
                if (cl > available) {
                    throw new SipParseException(fieldOffset(idx, h) + base, HeaderNames.CONTENT_LENGTH, 400,
                            "Content-Length " + cl + " exceeds the " + available + " body bytes received");
                }
                if (cl > limits.maxContentLength()) {
                    throw new SipParseException(fieldOffset(idx, h) + base, HeaderNames.CONTENT_LENGTH, 413,
                            "Content-Length " + cl + " larger than " + limits.maxContentLength() + " bytes");
                }
                bodyLen = (int) cl;
                idx[I_CONTENT_LENGTH] = bodyLen;
                break;
            }
        }
        idx[I_BODY_START] = bodyStart;
        idx[I_BODY_LEN] = bodyLen;
        idx[I_FLAGS] = canonical ? F_CANONICAL : 0;
        String method = startLine(raw, idx, base, limits, built);

        boolean sawVia = false;
        long contentLength = -1;
        for (int h = 0; h < count; h++) {
            int k = kind(idx, h);
            if (k == WireHeaderKinds.OTHER || k > WireHeaderKinds.CONTENT_LENGTH) {
                continue;
            }
            int at = I_HEADERS + 4 * h;
            int vs = idx[at + H_VALUE];
            int ve = idx[at + H_VALUE_END];
            boolean folded = (idx[at + H_META] & 1) != 0;
            try {
                switch (k) {
                    case WireHeaderKinds.VIA -> {
                        int slot = sawVia ? -1 : I_BRANCH;
                        if (folded || !WireGrammar.via(raw, vs, ve, idx, slot)) {
                            for (String one : Lexer.splitList(SipMessage.valueOf(raw, idx, h))) {
                                Via.parse(one);
                            }
                            if (!sawVia) {
                                idx[I_BRANCH] = UNKNOWN;
                            }
                        }
                        sawVia = true;
                    }
                    case WireHeaderKinds.FROM, WireHeaderKinds.TO -> {
                        String name = k == WireHeaderKinds.FROM ? HeaderNames.FROM : HeaderNames.TO;
                        int slot = k == WireHeaderKinds.FROM ? I_FROM_TAG : I_TO_TAG;
                        int fieldSlot = k == WireHeaderKinds.FROM ? I_FROM_FIELD : I_TO_FIELD;
                        boolean fast = !folded && WireGrammar.nameAddr(raw, vs, ve, idx, slot, limits.maxUriBytes());
                        if (!fast) {
                            NameAddr.parse(SipMessage.valueOf(raw, idx, h), name);
                            checkUriLength(raw, vs, ve, name, limits);
                        }
                        if (idx[fieldSlot] >= 0) {
                            throw SipParseException.badHeader(name, "more than one " + name + " header");
                        }
                        if (!fast) {
                            idx[slot] = UNKNOWN;
                        }
                        idx[fieldSlot] = h;
                    }
                    case WireHeaderKinds.CALL_ID -> {
                        if (folded || !WireGrammar.callId(raw, vs, ve)) {
                            SipMessage.parseCallId(SipMessage.valueOf(raw, idx, h));
                            vs = UNKNOWN;
                        }
                        if (idx[I_CALL_ID_FIELD] >= 0) {
                            throw SipParseException.badHeader(HeaderNames.CALL_ID, "more than one Call-ID header");
                        }
                        idx[I_CALL_ID_FIELD] = h;
                        idx[I_CALL_ID] = vs;
                    }
                    case WireHeaderKinds.CSEQ -> {
                        long num = folded ? -1 : WireGrammar.cseq(raw, vs, ve, idx, I_CSEQ_METHOD);
                        if (num < 0) {
                            num = CSeq.parse(SipMessage.valueOf(raw, idx, h)).number();
                            idx[I_CSEQ_METHOD] = UNKNOWN;
                        }
                        if (idx[I_CSEQ_FIELD] >= 0) {
                            throw SipParseException.badHeader(HeaderNames.CSEQ, "more than one CSeq header");
                        }
                        idx[I_CSEQ_FIELD] = h;
                        idx[I_CSEQ_NUM] = (int) num;
                    }
                    case WireHeaderKinds.MAX_FORWARDS -> {
                        if (idx[I_MAX_FORWARDS] >= 0) {
                            throw SipParseException.badHeader(HeaderNames.MAX_FORWARDS, "more than one Max-Forwards header");
                        }
                        // Max-Forwards is 1*DIGIT (§25.1); values above 255 are tolerated and clamped (§20.22)
                        idx[I_MAX_FORWARDS] = (int) Math.min(255, delta(raw, idx, h, HeaderNames.MAX_FORWARDS, base));
                    }
                    case WireHeaderKinds.CONTENT_LENGTH -> {
                        long cl = delta(raw, idx, h, HeaderNames.CONTENT_LENGTH, base);
                        if (contentLength >= 0 && contentLength != cl) {
                            throw SipParseException.badHeader(HeaderNames.CONTENT_LENGTH, "conflicting values");
                        }
                        contentLength = cl;
                    }
                    default -> { }
                }
            } catch (SipParseException e) {
                throw e.offset() < 0 ? e.at(fieldOffset(idx, h) + base) : e;
            }
        }
        String missing = !sawVia ? HeaderNames.VIA : idx[I_FROM_FIELD] < 0 ? HeaderNames.FROM
                : idx[I_TO_FIELD] < 0 ? HeaderNames.TO : idx[I_CALL_ID_FIELD] < 0 ? HeaderNames.CALL_ID
                : idx[I_CSEQ_FIELD] < 0 ? HeaderNames.CSEQ : null;
        if (missing != null) {
            throw new SipParseException(blank + base, missing, 400, "missing mandatory header");
        }
        if (raw.length > bodyStart + bodyLen) { // §18.3: bytes beyond Content-Length are discarded
            raw = Arrays.copyOf(raw, bodyStart + bodyLen);
        }
        if (method == null) {
            return new SipResponse(raw, idx);
        }
        SipRequest request = new SipRequest(raw, idx, method);
        int cs = idx[I_CSEQ_METHOD];
        int csEnd = idx[I_HEADERS + 4 * idx[I_CSEQ_FIELD] + H_VALUE_END];
        boolean same = cs == UNKNOWN ? method.equals(request.cseq().method())
                : Arrays.equals(raw, 0, idx[I_SL_A], raw, cs, csEnd); // the method token is raw[0, I_SL_A)
        if (!same) { // §8.1.1.5, RFC 4475 §3.1.2.17-18
            String cseqMethod = cs == UNKNOWN ? request.cseq().method() : SipMessage.method(raw, cs, csEnd);
            throw new SipParseException(fieldOffset(idx, idx[I_CSEQ_FIELD]) + base, HeaderNames.CSEQ, 400,
                    "CSeq method " + cseqMethod + " does not match request method " + method);
        }
        return request;
    }

    /** Validates the start line; records its parts; returns the method, or {@code null} for a status line. */
    private static String startLine(byte[] raw, int[] idx, int base, SipParserLimits limits, boolean built) {
        int le = 0;
        while (raw[le] != LF) {
            le++;
        }
        if (le > 0 && raw[le - 1] == CR) {
            le--;
        }
        if (le >= 4 && raw[0] == 'S' && raw[1] == 'I' && raw[2] == 'P' && raw[3] == '/') {
            int sp1 = indexOf(raw, ' ', 0, le);
            if (sp1 < 0) {
                throw new SipParseException(base, null, 400, "malformed status line");
            }
            checkVersion(raw, 0, sp1, base);
            int sp2 = indexOf(raw, ' ', sp1 + 1, le);
            int codeEnd = sp2 < 0 ? le : sp2;
            int status = 0;
            for (int i = sp1 + 1; i < codeEnd; i++) {
                int d = raw[i] - '0';
                if (d < 0 || d > 9 || codeEnd - sp1 - 1 != 3) {
                    status = -1;
                    break;
                }
                status = status * 10 + d;
            }
            if (codeEnd - sp1 - 1 != 3 || status < 0) {
                throw new SipParseException(base, null, 400, "invalid status code");
            }
            if (status < 100 || status > 699) {
                throw new SipParseException(base + sp1 + 1, null, 400,
                        "status code out of range: " + new String(raw, sp1 + 1, 3, StandardCharsets.ISO_8859_1));
            }
            idx[I_FLAGS] |= F_RESPONSE;
            if (sp1 != 7) {
                idx[I_FLAGS] &= ~F_CANONICAL;
            }
            idx[I_SL_A] = status;
            idx[I_SL_B] = sp2 < 0 ? le : sp2 + 1;
            idx[I_SL_C] = le;
            return null;
        }
        int sp1 = indexOf(raw, ' ', 0, le);
        int sp2 = sp1 < 0 ? -1 : indexOf(raw, ' ', sp1 + 1, le);
        if (sp1 <= 0 || sp2 < 0 || indexOf(raw, ' ', sp2 + 1, le) >= 0) {
            throw new SipParseException(base, null, 400, "malformed request line");
        }
        if (!WireGrammar.isToken(raw, 0, sp1)) {
            throw new SipParseException(base, null, 400, "invalid method");
        }
        checkVersion(raw, sp2 + 1, le, base);
        if (raw[sp2 + 1] != 'S' || raw[sp2 + 2] != 'I' || raw[sp2 + 3] != 'P') {
            idx[I_FLAGS] &= ~F_CANONICAL;
        }
        if (sp2 - sp1 - 1 > limits.maxUriBytes()) {
            throw new SipParseException(base + sp1 + 1, null, 414, "Request-URI longer than " + limits.maxUriBytes() + " bytes");
        }
        if (!built && !WireGrammar.sipUri(raw, sp1 + 1, sp2)) {
            try {
                SipUri.parse(new String(raw, sp1 + 1, sp2 - sp1 - 1, StandardCharsets.UTF_8));
            } catch (SipParseException e) {
                throw new SipParseException(base + sp1 + 1, null, e.status(), "Request-URI: " + e.getMessage());
            }
        }
        idx[I_SL_A] = sp1;
        idx[I_SL_B] = sp1 + 1;
        idx[I_SL_C] = sp2;
        return SipMessage.method(raw, 0, sp1);
    }

    /**
     * Finds the LF ending the line at {@code p} (before {@code max}) and the first other control byte
     * before it: returns {@code (bad + 1) << 32 | (lf + 1)}, 0 meaning none. Tests eight bytes at a time
     * (SWAR): a word with no byte below 0x20 and none equal to 0x7F is skipped whole.
     */
    private static long scanLine(byte[] raw, int p, int max) {
        int i = p;
        int bad = -1;
        while (true) {
            while (i + 8 <= max) {
                long w = (long) LONGS.get(raw, i);
                long below = (w - 0x2020_2020_2020_2020L) & ~w & 0x8080_8080_8080_8080L;
                long del = w ^ 0x7F7F_7F7F_7F7F_7F7FL;
                long isDel = (del - 0x0101_0101_0101_0101L) & ~del & 0x8080_8080_8080_8080L;
                if ((below | isDel) != 0) {
                    break;
                }
                i += 8;
            }
            int stop = Math.min(max, i + 8);
            for (; i < stop; i++) {
                byte c = raw[i];
                if (SPECIAL[c & 0xFF]) {
                    if (c == LF) {
                        return (long) (bad + 1) << 32 | (i + 1);
                    }
                    if (bad < 0) {
                        bad = i;
                    }
                }
            }
            if (i >= max) {
                return (long) (bad + 1) << 32;
            }
        }
    }

    private static void checkVersion(byte[] raw, int s, int e, int base) {
        String v = "SIP/2.0";
        boolean ok = e - s == v.length();
        for (int i = 0; ok && i < v.length(); i++) {
            ok = Character.toUpperCase((char) (raw[s + i] & 0xFF)) == v.charAt(i);
        }
        if (!ok) {
            throw new SipParseException(base, null, 505,
                    "unsupported version " + printable(new String(raw, s, e - s, StandardCharsets.UTF_8)));
        }
    }

    private static void checkUriLength(byte[] raw, int vs, int ve, String header, SipParserLimits limits) {
        int lt = indexOf(raw, '<', vs, ve);
        int gt = lt < 0 ? -1 : indexOf(raw, '>', lt, ve);
        int len = lt < 0 ? ve - vs : gt < 0 ? ve - lt : gt - lt - 1;
        if (len > limits.maxUriBytes()) {
            throw SipParseException.badHeader(header, "URI longer than " + limits.maxUriBytes() + " bytes");
        }
    }

    /** Content-Length or Max-Forwards value of field {@code h}. */
    private static long delta(byte[] raw, int[] idx, int h, String header, int base) {
        int at = I_HEADERS + 4 * h;
        long v = (idx[at + H_META] & 1) != 0 ? -1 : WireGrammar.delta(raw, idx[at + H_VALUE], idx[at + H_VALUE_END]);
        if (v >= 0) {
            return v;
        }
        try {
            return SessionExpires.parseDelta(SipMessage.valueOf(raw, idx, h).strip(), header);
        } catch (SipParseException e) {
            throw e.at(fieldOffset(idx, h) + base);
        }
    }

    private static int kind(int[] idx, int h) {
        return (idx[I_HEADERS + 4 * h + H_META] >> 1) & 0x7F;
    }

    private static int fieldOffset(int[] idx, int h) {
        return idx[I_HEADERS + 4 * h + H_NAME];
    }

    private static int indexOf(byte[] raw, char c, int from, int to) {
        for (int i = from; i < to; i++) {
            if (raw[i] == c) {
                return i;
            }
        }
        return -1;
    }

    private static String nameOf(byte[] raw, int[] x, int at) {
        int s = x[at + H_NAME];
        return canonicalName(raw, s, s + (x[at + H_META] >>> 8));
    }

    private static String canonicalName(byte[] raw, int s, int e) {
        return HeaderNames.canonical(new String(raw, s, e - s, StandardCharsets.US_ASCII));
    }

    /**
     * The first control byte in {@code raw[s, e)} that is not the second byte of a quoted-pair inside a
     * quoted-string (§25.1: {@code quoted-pair = "\\" (%x00-09 / %x0B-0C / %x0E-7F)}), or -1.
     */
    private static int illegalControl(byte[] raw, int s, int e) {
        boolean quoted = false;
        for (int i = s; i < e; i++) {
            byte c = raw[i];
            if (quoted && c == '\\' && i + 1 < e && raw[i + 1] != CR && raw[i + 1] != LF) {
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (SPECIAL[c & 0xFF]) {
                return i;
            }
        }
        return -1;
    }

    private static SipParseException control(byte[] raw, int i, String header, int base, String where) {
        return new SipParseException(i + base, header, 400,
                "control character 0x" + Integer.toHexString(raw[i] & 0xFF) + where);
    }

    /** The error for a header line whose name is not a token followed by ':' (reported at the line start). */
    private static SipParseException badHeaderLine(byte[] raw, int p, int ce, int base) {
        int colon = indexOf(raw, ':', p, ce);
        if (colon < 0) {
            return new SipParseException(p + base, null, 400, "header line without ':'");
        }
        int nameEnd = colon;
        while (nameEnd > p && (raw[nameEnd - 1] == ' ' || raw[nameEnd - 1] == '\t')) {
            nameEnd--;
        }
        String name = new String(raw, p, nameEnd - p, StandardCharsets.UTF_8);
        return new SipParseException(p + base, null, 400, "invalid header name '" + printable(name) + "'");
    }

    private static String printable(String s) {
        StringBuilder sb = new StringBuilder(Math.min(s.length(), 40));
        for (int i = 0; i < s.length() && i < 40; i++) {
            char c = s.charAt(i);
            sb.append(c < 0x20 || c >= 0x7F ? '?' : c);
        }
        return sb.toString();
    }
}
