package io.dialtone.message;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The index of a message's wire form (RFC 3261 §7): the layout of the {@code int[]} that says where the
 * start line's parts, the routing values and each header name and value lie in the message's
 * {@code byte[]}, and the static reads over the two. {@link SipParser} fills it for received bytes and
 * {@link SipSerializer} while writing a built message; {@link SipMessage} and {@link ResponseDelta} read it.
 * Stateless and thread-safe.
 */
final class MessageIndex {
    // ---- layout
    static final int I_COUNT = 0;
    static final int I_BODY_START = 1;
    static final int I_BODY_LEN = 2;
    static final int I_CONTENT_LENGTH = 3;
    static final int I_MAX_FORWARDS = 4;
    static final int I_FLAGS = 5;
    /** Request: end of method, start and end of Request-URI. Response: status code, start and end of reason. */
    static final int I_SL_A = 6;
    static final int I_SL_B = 7;
    static final int I_SL_C = 8;
    /** Start and end of the top Via's branch, of the From tag and of the To tag ({@code -1} absent, {@link #UNKNOWN}). */
    static final int I_BRANCH = 9;
    static final int I_FROM_TAG = 11;
    static final int I_TO_TAG = 13;
    /** Start of the Call-ID value (its end is the field's value end), or {@link #UNKNOWN}. */
    static final int I_CALL_ID = 15;
    static final int I_CSEQ_NUM = 16;
    /** Start of the CSeq method (its end is the field's value end), or {@link #UNKNOWN}. */
    static final int I_CSEQ_METHOD = 17;
    /** Ordinal of the From, To, Call-ID and CSeq fields, -1 when absent. */
    static final int I_FROM_FIELD = 18;
    static final int I_TO_FIELD = 19;
    static final int I_CALL_ID_FIELD = 20;
    static final int I_CSEQ_FIELD = 21;
    static final int I_HEADERS = 22;
    /** Per header field: name start, value start, value end, {@code nameLength << 8 | kind << 1 | folded}. */
    static final int H_NAME = 0;
    static final int H_VALUE = 1;
    static final int H_VALUE_END = 2;
    static final int H_META = 3;
    /** Flags: the bytes are exactly what serializing the fields would write; a status line. */
    static final int F_CANONICAL = 1;
    static final int F_RESPONSE = 2;
    /** An offset not recorded because the value took the record parser's path: use the record. */
    static final int UNKNOWN = -2;

    private MessageIndex() {}

    // ---- reads over the index

    /** The value of field {@code h} as {@link HeaderField#value()} has it: trimmed, folds replaced by one SP. */
    static String valueOf(byte[] raw, int[] idx, int h) {
        int at = I_HEADERS + 4 * h;
        int s = idx[at + H_VALUE];
        int e = idx[at + H_VALUE_END];
        if ((idx[at + H_META] & 1) == 0) {
            return new String(raw, s, e - s, StandardCharsets.UTF_8);
        }
        byte[] out = new byte[e - s];
        int n = 0;
        int i = s;
        while (i < e) { // one piece per line: trimmed, joined by one SP (§7.3.1)
            int le = i;
            while (le < e && raw[le] != '\r' && raw[le] != '\n') {
                le++;
            }
            int ps = i;
            int pe = le;
            while (ps < pe && (raw[ps] == ' ' || raw[ps] == '\t')) {
                ps++;
            }
            while (pe > ps && (raw[pe - 1] == ' ' || raw[pe - 1] == '\t')) {
                pe--;
            }
            if (n > 0 && pe > ps) {
                out[n++] = ' ';
            }
            System.arraycopy(raw, ps, out, n, pe - ps);
            n += pe - ps;
            i = le;
            while (i < e && (raw[i] == '\r' || raw[i] == '\n')) {
                i++;
            }
        }
        return new String(out, 0, n, StandardCharsets.UTF_8);
    }

    /** The method token in {@code raw[s, e)}, interned for the known methods. */
    static String method(byte[] raw, int s, int e) {
        int len = e - s;
        String m = switch (len) {
            case 3 -> raw[s] == 'A' ? SipMethod.ACK : raw[s] == 'B' ? SipMethod.BYE : null;
            case 4 -> SipMethod.INFO;
            case 5 -> raw[s] == 'P' ? SipMethod.PRACK : SipMethod.REFER;
            case 6 -> raw[s] == 'I' ? SipMethod.INVITE : raw[s] == 'C' ? SipMethod.CANCEL
                    : raw[s] == 'U' ? SipMethod.UPDATE : SipMethod.NOTIFY;
            case 7 -> raw[s] == 'O' ? SipMethod.OPTIONS : SipMethod.MESSAGE;
            case 8 -> SipMethod.REGISTER;
            case 9 -> SipMethod.SUBSCRIBE;
            default -> null;
        };
        return m != null && regionIs(raw, s, m) ? m : new String(raw, s, len, StandardCharsets.US_ASCII);
    }

    static boolean regionIs(byte[] raw, int s, String ascii) {
        for (int i = 0; i < ascii.length(); i++) {
            if (raw[s + i] != ascii.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    // ---- raw fields, for ResponseDelta

    /** The field whose bytes, name to end of value, are {@code line[s, e)}; -1 if none. */
    static int findField(byte[] raw, int[] idx, byte[] line, int s, int e) {
        for (int h = 0; h < idx[I_COUNT]; h++) {
            int at = I_HEADERS + 4 * h;
            int fs = idx[at + H_NAME];
            int fe = idx[at + H_VALUE_END];
            if (fe - fs == e - s && fs >= 0 && Arrays.equals(raw, fs, fe, line, s, e)) {
                return h;
            }
        }
        return -1;
    }

    /** How many fields before {@code h} are written with the same name bytes as {@code h}. */
    static int occurrence(byte[] raw, int[] idx, int h) {
        int at = I_HEADERS + 4 * h;
        int s = idx[at + H_NAME];
        int len = idx[at + H_META] >>> 8;
        int n = 0;
        for (int g = 0; g < h; g++) {
            int gat = I_HEADERS + 4 * g;
            int gs = idx[gat + H_NAME];
            if (idx[gat + H_META] >>> 8 == len && Arrays.equals(raw, gs, gs + len, raw, s, s + len)) {
                n++;
            }
        }
        return n;
    }

    /** The {@code occurrence}-th field written with the name {@code name[off, off + len)}; -1 if none. */
    static int fieldNamed(byte[] raw, int[] idx, byte[] name, int off, int len, int occurrence) {
        int n = 0;
        for (int h = 0; h < idx[I_COUNT]; h++) {
            int at = I_HEADERS + 4 * h;
            int s = idx[at + H_NAME];
            if (idx[at + H_META] >>> 8 == len && idx[at + H_VALUE_END] >= s
                    && Arrays.equals(raw, s, s + len, name, off, off + len) && n++ == occurrence) {
                return h;
            }
        }
        return -1;
    }
}
