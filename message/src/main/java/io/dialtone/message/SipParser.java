package io.dialtone.message;

import io.dialtone.message.internal.WireGrammar;
import io.dialtone.message.internal.WireHeaderKinds;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

import static io.dialtone.message.MessageIndex.H_META;
import static io.dialtone.message.MessageIndex.H_NAME;
import static io.dialtone.message.MessageIndex.H_VALUE;
import static io.dialtone.message.MessageIndex.H_VALUE_END;
import static io.dialtone.message.MessageIndex.I_COUNT;
import static io.dialtone.message.MessageIndex.I_HEADERS;
import static io.dialtone.message.RoutingValidation.indexOf;
import static io.dialtone.message.RoutingValidation.printable;

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
            return RoutingValidation.validate(raw, idx, p, blank, canonical, base, limits, false);
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
            return RoutingValidation.validate(raw, idx, blank + 2, blank, true, 0, SipParserLimits.NONE, true);
        } catch (IllegalArgumentException e) {
            throw new SipParseException(0, null, 400, "malformed message: " + e.getMessage());
        }
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

}
