package io.dialtone.message;

import io.dialtone.message.internal.Lexer;
import io.dialtone.message.internal.WireGrammar;
import io.dialtone.message.internal.WireHeaderKinds;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static io.dialtone.message.MessageIndex.H_META;
import static io.dialtone.message.MessageIndex.H_NAME;
import static io.dialtone.message.MessageIndex.H_VALUE;
import static io.dialtone.message.MessageIndex.H_VALUE_END;
import static io.dialtone.message.MessageIndex.I_BODY_LEN;
import static io.dialtone.message.MessageIndex.I_BODY_START;
import static io.dialtone.message.MessageIndex.I_BRANCH;
import static io.dialtone.message.MessageIndex.I_CALL_ID;
import static io.dialtone.message.MessageIndex.I_CALL_ID_FIELD;
import static io.dialtone.message.MessageIndex.I_CONTENT_LENGTH;
import static io.dialtone.message.MessageIndex.I_COUNT;
import static io.dialtone.message.MessageIndex.I_CSEQ_FIELD;
import static io.dialtone.message.MessageIndex.I_CSEQ_METHOD;
import static io.dialtone.message.MessageIndex.I_CSEQ_NUM;
import static io.dialtone.message.MessageIndex.I_FLAGS;
import static io.dialtone.message.MessageIndex.I_FROM_FIELD;
import static io.dialtone.message.MessageIndex.I_FROM_TAG;
import static io.dialtone.message.MessageIndex.I_HEADERS;
import static io.dialtone.message.MessageIndex.I_MAX_FORWARDS;
import static io.dialtone.message.MessageIndex.I_SL_A;
import static io.dialtone.message.MessageIndex.I_SL_B;
import static io.dialtone.message.MessageIndex.I_SL_C;
import static io.dialtone.message.MessageIndex.I_TO_FIELD;
import static io.dialtone.message.MessageIndex.I_TO_TAG;
import static io.dialtone.message.MessageIndex.F_CANONICAL;
import static io.dialtone.message.MessageIndex.F_RESPONSE;
import static io.dialtone.message.MessageIndex.UNKNOWN;

/**
 * The second pass of a parse, and the last step of writing a built message: in a message whose lines
 * {@link SipParser} (or, while writing, {@link SipSerializer}) has framed and indexed, checks what the
 * lower layers route on — the body length from Content-Length (RFC 3261 §18.3, §20.14), the start line
 * (§7.1, §7.2), then Via, From, To, Call-ID, CSeq and Max-Forwards (§8.1.1) — records where their values
 * lie in the routing slots of the {@link MessageIndex}, and builds the {@link SipRequest} or
 * {@link SipResponse}. Errors are {@link SipParseException}s with offset, header and status; an
 * {@link IllegalArgumentException} from a value record passes through to {@link SipParser}, which answers
 * it with 400. Stateless and thread-safe.
 */
final class RoutingValidation {
    private static final byte CR = '\r';
    private static final byte LF = '\n';

    private RoutingValidation() {}

    /**
     * Body framing, start line and the routing headers, in that order; builds the message. {@code built}:
     * a locally built message, whose Request-URI is not re-validated (the builder holds the record).
     */
    static SipMessage validate(byte[] raw, int[] idx, int bodyStart, int blank, boolean canonical, int base,
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
                            for (String one : Lexer.splitList(MessageIndex.valueOf(raw, idx, h))) {
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
                            NameAddr.parse(MessageIndex.valueOf(raw, idx, h), name);
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
                            SipMessage.parseCallId(MessageIndex.valueOf(raw, idx, h));
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
                            num = CSeq.parse(MessageIndex.valueOf(raw, idx, h)).number();
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
            String cseqMethod = cs == UNKNOWN ? request.cseq().method() : MessageIndex.method(raw, cs, csEnd);
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
        return MessageIndex.method(raw, 0, sp1);
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
            return SessionExpires.parseDelta(MessageIndex.valueOf(raw, idx, h).strip(), header);
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

    /** The first {@code c} in {@code raw[from, to)}, or -1 (shared with SipParser). */
    static int indexOf(byte[] raw, char c, int from, int to) {
        for (int i = from; i < to; i++) {
            if (raw[i] == c) {
                return i;
            }
        }
        return -1;
    }

    /** {@code s} for an error message: at most 40 characters, controls and non-ASCII as {@code ?} (shared with SipParser). */
    static String printable(String s) {
        StringBuilder sb = new StringBuilder(Math.min(s.length(), 40));
        for (int i = 0; i < s.length() && i < 40; i++) {
            char c = s.charAt(i);
            sb.append(c < 0x20 || c >= 0x7F ? '?' : c);
        }
        return sb.toString();
    }
}
