package io.dialtone.message.internal;

/**
 * Byte-level recognizers for the common, well-formed shapes of the headers the parser validates
 * while framing (RFC 3261 §25.1: Via, name-addr in From/To, SIP-URI, CSeq, Call-ID, delta-seconds).
 *
 * <p>Each recognizer accepts a strict <em>subset</em> of what the value records' own parsers
 * ({@code Via.parse}, {@code NameAddr.parse}, {@code SipUri.parse}, ...) accept, allocates nothing, and
 * answers "recognized" or "not recognized". The parser uses a recognized value as validated and builds
 * its record only on first use; anything else goes through the record parser at once, which either
 * accepts it or throws the precise error. So this class never decides that input is malformed.
 * Stateless and thread-safe.
 */
public final class WireGrammar {
    private static final byte[] TOKEN = new byte[256];
    /** Characters of a SIP-URI user part this recognizer accepts (a subset of §25.1 user/password). */
    private static final byte[] USER = new byte[256];
    /** Characters of a parameter value this recognizer accepts. */
    private static final byte[] PVALUE = new byte[256];
    /** Characters of a URI parameter name and value this recognizer accepts (§25.1 paramchar, unescaped). */
    private static final byte[] UNAME = new byte[256];
    private static final byte[] UVALUE = new byte[256];

    static {
        for (int c = 0; c < 128; c++) {
            if (Lexer.isTokenChar((char) c)) {
                TOKEN[c] = 1;
                PVALUE[c] = 1;
            }
        }
        for (char c : "[]:".toCharArray()) {
            PVALUE[c] = 1;
        }
        for (int c = 0; c < 128; c++) {
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || "-_.!~*'".indexOf(c) >= 0) {
                UNAME[c] = 1;
                UVALUE[c] = 1;
            }
        }
        for (char c : "[]/:&+$".toCharArray()) {
            UVALUE[c] = 1;
        }
        for (int c = 0; c < 128; c++) {
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
                USER[c] = 1;
            }
        }
        for (char c : "-_.!~*'&=+$".toCharArray()) {
            USER[c] = 1;
        }
    }

    private WireGrammar() {}

    /** RFC 3261 §25.1 token character. */
    public static boolean isTokenByte(byte c) {
        return TOKEN[c & 0xFF] != 0;
    }

    /** True when {@code b[s, e)} is a non-empty token. */
    public static boolean isToken(byte[] b, int s, int e) {
        if (s >= e) {
            return false;
        }
        for (int i = s; i < e; i++) {
            if (TOKEN[b[i] & 0xFF] == 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean ws(byte c) {
        return c == ' ' || c == '\t';
    }

    private static boolean alnum(byte c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9';
    }

    /**
     * 1 to 10 digits up to 2^32-1 (§25.1 delta-seconds, also Content-Length and Max-Forwards);
     * -1 when not recognized.
     */
    public static long delta(byte[] b, int s, int e) {
        int n = e - s;
        if (n < 1 || n > 10) {
            return -1;
        }
        long v = 0;
        for (int i = s; i < e; i++) {
            int d = b[i] - '0';
            if (d < 0 || d > 9) {
                return -1;
            }
            v = v * 10 + d;
        }
        return v > 0xFFFF_FFFFL ? -1 : v;
    }

    /** §25.1 callid: visible ASCII only, non-empty. */
    public static boolean callId(byte[] b, int s, int e) {
        if (s >= e) {
            return false;
        }
        for (int i = s; i < e; i++) {
            int c = b[i];
            if (c <= ' ' || c >= 0x7F) { // bytes >= 0x80 are negative
                return false;
            }
        }
        return true;
    }

    /**
     * {@code number SP method} (§20.16): returns the number and stores the method's start in
     * {@code out[slot]}; -1 when not recognized.
     */
    public static long cseq(byte[] b, int s, int e, int[] out, int slot) {
        int i = s;
        long n = 0;
        while (i < e && b[i] >= '0' && b[i] <= '9') {
            n = n * 10 + (b[i] - '0');
            i++;
            if (i - s > 10) {
                return -1;
            }
        }
        if (i == s || n > 0x7FFF_FFFFL || i >= e || !ws(b[i])) {
            return -1;
        }
        while (i < e && ws(b[i])) {
            i++;
        }
        if (!isToken(b, i, e)) {
            return -1;
        }
        out[slot] = i;
        return n;
    }

    /**
     * A host name of alphanumeric labels separated by single dots, or a dotted IPv4 address,
     * starting at {@code s}: returns the index after it, or -1. IPv6 references are left to the
     * record parser.
     */
    static int host(byte[] b, int s, int e) {
        int i = s;
        int labels = 0;
        boolean numeric = true; // every label 0-255 without a leading zero
        while (true) {
            int ls = i;
            if (i >= e || !alnum(b[i])) {
                return -1;
            }
            i++;
            while (i < e && (alnum(b[i]) || b[i] == '-')) {
                i++;
            }
            if (b[i - 1] == '-') {
                return -1;
            }
            labels++;
            numeric &= i - ls <= 3 && (i - ls == 1 || b[ls] != '0') && delta(b, ls, i) >= 0 && delta(b, ls, i) <= 255;
            if (i < e && b[i] == '.') {
                i++;
                continue;
            }
            boolean alphaTop = b[ls] >= 'a' && b[ls] <= 'z' || b[ls] >= 'A' && b[ls] <= 'Z';
            return alphaTop || numeric && labels == 4 ? i : -1; // §25.1 toplabel, or IPv4address
        }
    }

    /** {@code :port} at {@code b[s]} (1 to 65535, up to 5 digits): index after it, or -1. */
    private static int port(byte[] b, int s, int e) {
        int i = s + 1;
        int v = 0;
        while (i < e && b[i] >= '0' && b[i] <= '9' && i - s <= 5) {
            v = v * 10 + (b[i] - '0');
            i++;
        }
        return i == s + 1 || i - s > 6 || v < 1 || v > 65535 ? -1 : i;
    }

    /**
     * {@code ;name[=value]...} from {@code s} up to a stop byte ({@code ,} when {@code commaStops}) or
     * {@code e}: returns the index after the parameters, or -1. The value of the first parameter named
     * {@code want} (case-insensitive ASCII, lower case) is stored as {@code [start, end)} in
     * {@code out[slot], out[slot+1]} when {@code slot >= 0} ({@code -1, -1} when absent or a flag).
     * An {@code rport} with a value must be a port (RFC 3581 §3).
     */
    private static int params(byte[] b, int s, int e, boolean commaStops, String want, int[] out, int slot) {
        return params(b, s, e, commaStops, want, out, slot, TOKEN, PVALUE);
    }

    private static int params(byte[] b, int s, int e, boolean commaStops, String want, int[] out, int slot,
                              byte[] nameChars, byte[] valueChars) {
        boolean found = false;
        if (slot >= 0) {
            out[slot] = -1;
            out[slot + 1] = -1;
        }
        int i = s;
        while (i < e && b[i] == ';') {
            int ns = ++i;
            while (i < e && nameChars[b[i] & 0xFF] != 0) {
                i++;
            }
            int ne = i;
            if (ne == ns) {
                return -1;
            }
            int vs = -1;
            int ve = -1;
            if (i < e && b[i] == '=') {
                vs = ++i;
                while (i < e && valueChars[b[i] & 0xFF] != 0) {
                    i++;
                }
                ve = i;
                if (ve == vs) {
                    return -1;
                }
            }
            if (vs >= 0 && equalsLower(b, ns, ne, "rport")) {
                long p = delta(b, vs, ve);
                if (p < 1 || p > 65535 || ve - vs > 5) {
                    return -1;
                }
            }
            if (slot >= 0 && !found && equalsLower(b, ns, ne, want)) {
                found = true;
                out[slot] = vs;
                out[slot + 1] = ve;
            }
        }
        if (i == e || commaStops && b[i] == ',') {
            return i;
        }
        return -1;
    }

    private static boolean equalsLower(byte[] b, int s, int e, String lower) {
        if (e - s != lower.length()) {
            return false;
        }
        for (int i = s; i < e; i++) {
            if ((b[i] | 0x20) != lower.charAt(i - s)) {
                return false;
            }
        }
        return true;
    }

    /**
     * One Via field value: one or more comma-separated {@code SIP/2.0/transport host[:port][;params]}
     * (§20.42). The branch of the first via-parm goes to {@code out[slot], out[slot+1]} when
     * {@code slot >= 0}. Returns false when not recognized.
     */
    public static boolean via(byte[] b, int s, int e, int[] out, int slot) {
        int i = s;
        boolean first = true;
        while (true) {
            if (e - i < 9 || (b[i] | 0x20) != 's' || (b[i + 1] | 0x20) != 'i' || (b[i + 2] | 0x20) != 'p'
                    || b[i + 3] != '/' || b[i + 4] != '2' || b[i + 5] != '.' || b[i + 6] != '0' || b[i + 7] != '/') {
                return false;
            }
            i += 8;
            int t = i;
            while (i < e && TOKEN[b[i] & 0xFF] != 0) {
                i++;
            }
            if (i == t || i >= e || !ws(b[i])) {
                return false;
            }
            while (i < e && ws(b[i])) {
                i++;
            }
            i = host(b, i, e);
            if (i < 0) {
                return false;
            }
            if (i < e && b[i] == ':') {
                i = port(b, i, e);
                if (i < 0) {
                    return false;
                }
            }
            i = params(b, i, e, true, "branch", out, first ? slot : -1);
            if (i < 0) {
                return false;
            }
            if (i == e) {
                return true;
            }
            i++; // the comma
            while (i < e && ws(b[i])) {
                i++;
            }
            first = false;
        }
    }

    /**
     * A {@code sip:} or {@code sips:} URI filling {@code b[s, e)}: optional user[:password]@, host,
     * optional port and {@code ;params}; no {@code ?headers} and no escapes. Returns false when not
     * recognized.
     */
    public static boolean sipUri(byte[] b, int s, int e) {
        int i = s;
        if (e - i < 5 || (b[i] | 0x20) != 's' || (b[i + 1] | 0x20) != 'i' || (b[i + 2] | 0x20) != 'p') {
            return false;
        }
        i += 3;
        if ((b[i] | 0x20) == 's') {
            i++;
        }
        if (b[i] != ':') {
            return false;
        }
        int u = ++i;
        while (i < e && USER[b[i] & 0xFF] != 0) {
            i++;
        }
        if (i < e && b[i] == '@') {
            if (i == u) {
                return false;
            }
            i++;
        } else {
            i = u; // no user part
        }
        i = host(b, i, e);
        if (i < 0) {
            return false;
        }
        if (i < e && b[i] == ':') {
            i = port(b, i, e);
            if (i < 0) {
                return false;
            }
        }
        return params(b, i, e, false, null, null, -1, UNAME, UVALUE) == e;
    }

    /**
     * A name-addr {@code [display-name] <sip-uri>[;params]} (§20.10, §20.20): a token-run or a quoted
     * display name without escapes, a URI {@link #sipUri recognized} here and no longer than
     * {@code maxUriBytes}, and token parameters. The first {@code tag} value goes to
     * {@code out[slot], out[slot+1]}. Returns false when not recognized (the addr-spec form included).
     */
    public static boolean nameAddr(byte[] b, int s, int e, int[] out, int slot, int maxUriBytes) {
        int i = s;
        if (i < e && b[i] == '"') {
            i++;
            while (i < e && b[i] != '"') {
                int c = b[i];
                if (c == '\\' || c < 0x20 && c != '\t' || c == 0x7F) { // also refuses bytes >= 0x80
                    return false;
                }
                i++;
            }
            if (i >= e) {
                return false;
            }
            i++;
            while (i < e && ws(b[i])) {
                i++;
            }
        } else {
            while (i < e && (TOKEN[b[i] & 0xFF] != 0 || ws(b[i]))) {
                i++;
            }
        }
        if (i >= e || b[i] != '<') {
            return false;
        }
        int us = ++i;
        while (i < e && b[i] != '>') {
            i++;
        }
        if (i >= e || i - us > maxUriBytes || !sipUri(b, us, i)) {
            return false;
        }
        i++;
        return params(b, i, e, false, "tag", out, slot) == e;
    }

    /**
     * Whether the list value {@code b[s, e)} has an element equal to {@code option} ignoring ASCII case,
     * split as {@link Lexer#splitList} splits (§7.3.1: at top-level commas, not inside quoted strings or
     * angle brackets; elements trimmed, empty ones dropped): 1 yes, 0 no, -1 undecided because of a
     * non-ASCII byte or option (where Unicode case folding applies: compare the strings instead).
     * Builds no strings.
     */
    public static int listHas(byte[] b, int s, int e, String option) {
        boolean quoted = false;
        boolean angle = false;
        int start = s;
        for (int i = s; i <= e; i++) {
            int c = i < e ? b[i] : ','; // the end closes the last element
            if (c < 0) {
                return -1;
            }
            if (i < e && quoted) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    quoted = false;
                }
            } else if (i < e && c == '"') {
                quoted = true;
            } else if (i < e && c == '<') {
                angle = true;
            } else if (i < e && c == '>') {
                angle = false;
            } else if (c == ',' && (!angle || i == e)) {
                int es = start;
                int ee = Math.min(i, e);
                while (es < ee && ws(b[es])) {
                    es++;
                }
                while (ee > es && ws(b[ee - 1])) {
                    ee--;
                }
                int m = ee > es ? equalsAsciiIgnoreCase(b, es, ee, option) : 0;
                if (m != 0) {
                    return m;
                }
                start = i + 1;
            }
        }
        return 0;
    }

    /** {@code b[s, e)} equals {@code text} ignoring ASCII case: 1 yes, 0 no, -1 non-ASCII in {@code text}. */
    private static int equalsAsciiIgnoreCase(byte[] b, int s, int e, String text) {
        if (e - s != text.length()) {
            return 0;
        }
        for (int i = 0; i < text.length(); i++) {
            char t = text.charAt(i);
            if (t >= 0x80) {
                return -1;
            }
            int c = b[s + i];
            if (c != t && ((c | 0x20) != (t | 0x20) || (c | 0x20) < 'a' || (c | 0x20) > 'z')) {
                return 0;
            }
        }
        return 1;
    }
}
