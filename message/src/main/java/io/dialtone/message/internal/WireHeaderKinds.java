package io.dialtone.message.internal;

/**
 * Small integer ids for the header names the parser and the message accessors look up, so that a
 * header index can match names without building strings (RFC 3261 §7.3.1 case-insensitive names,
 * §7.3.3 compact forms). Every full name and every compact form of a known header maps to one id;
 * any other name is {@link #OTHER}. Stateless and thread-safe.
 */
public final class WireHeaderKinds {
    public static final int OTHER = 0;
    public static final int VIA = 1;
    public static final int FROM = 2;
    public static final int TO = 3;
    public static final int CALL_ID = 4;
    public static final int CSEQ = 5;
    public static final int MAX_FORWARDS = 6;
    public static final int CONTENT_LENGTH = 7;
    public static final int CONTACT = 8;
    public static final int CONTENT_TYPE = 9;
    public static final int SUPPORTED = 10;
    public static final int CONTENT_ENCODING = 11;
    public static final int SUBJECT = 12;
    public static final int SESSION_EXPIRES = 13;
    public static final int REFER_TO = 14;
    public static final int REFERRED_BY = 15;
    public static final int EVENT = 16;
    public static final int ALLOW_EVENTS = 17;
    public static final int ACCEPT_CONTACT = 18;
    public static final int REJECT_CONTACT = 19;
    public static final int REQUEST_DISPOSITION = 20;
    public static final int IDENTITY = 21;
    public static final int ROUTE = 22;
    public static final int RECORD_ROUTE = 23;

    /** Canonical name of each id (index 0, OTHER, has none). */
    private static final String[] NAMES = {null, "Via", "From", "To", "Call-ID", "CSeq", "Max-Forwards",
            "Content-Length", "Contact", "Content-Type", "Supported", "Content-Encoding", "Subject", "Session-Expires",
            "Refer-To", "Referred-By", "Event", "Allow-Events", "Accept-Contact", "Reject-Contact",
            "Request-Disposition", "Identity", "Route", "Record-Route"};

    /** Lower-case ASCII bytes of each canonical name. */
    private static final byte[][] LOWER = new byte[NAMES.length][];
    /** Ids of the names of each length. */
    private static final int[][] BY_LENGTH = new int[20][];
    /** Ids of the names of each length and first letter: index {@code length * 32 + (letter & 31)}. */
    private static final int[][] BY_LENGTH_FIRST = new int[20 * 32][];
    /** Lower-case canonical names as little-endian words, and the masks of their bytes. */
    private static final long[][] WORDS = new long[NAMES.length][];
    private static final long[][] MASKS = new long[NAMES.length][];
    private static final java.lang.invoke.VarHandle LONGS =
            java.lang.invoke.MethodHandles.byteArrayViewVarHandle(long[].class, java.nio.ByteOrder.LITTLE_ENDIAN);
    /** Id of each compact form, indexed by its lower-case letter. */
    private static final int[] COMPACT = new int[128];

    static {
        for (int k = 1; k < NAMES.length; k++) {
            LOWER[k] = NAMES[k].toLowerCase(java.util.Locale.ROOT).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            int len = LOWER[k].length;
            int[] old = BY_LENGTH[len] == null ? new int[0] : BY_LENGTH[len];
            int[] grown = java.util.Arrays.copyOf(old, old.length + 1);
            grown[old.length] = k;
            BY_LENGTH[len] = grown;
            int n = (len + 7) / 8;
            WORDS[k] = new long[n];
            MASKS[k] = new long[n];
            for (int i = 0; i < len; i++) {
                WORDS[k][i / 8] |= (long) LOWER[k][i] << (8 * (i % 8));
                MASKS[k][i / 8] |= 0xFFL << (8 * (i % 8));
            }
            int key = len * 32 + (LOWER[k][0] & 31);
            int[] was = BY_LENGTH_FIRST[key] == null ? new int[0] : BY_LENGTH_FIRST[key];
            int[] more = java.util.Arrays.copyOf(was, was.length + 1);
            more[was.length] = k;
            BY_LENGTH_FIRST[key] = more;
        }
        String compact = "vVIA fFROM tTO iCALL_ID mCONTACT cCONTENT_TYPE lCONTENT_LENGTH kSUPPORTED eCONTENT_ENCODING "
                + "sSUBJECT xSESSION_EXPIRES rREFER_TO bREFERRED_BY oEVENT uALLOW_EVENTS aACCEPT_CONTACT "
                + "jREJECT_CONTACT dREQUEST_DISPOSITION yIDENTITY";
        int[] ids = {VIA, FROM, TO, CALL_ID, CONTACT, CONTENT_TYPE, CONTENT_LENGTH, SUPPORTED, CONTENT_ENCODING,
                SUBJECT, SESSION_EXPIRES, REFER_TO, REFERRED_BY, EVENT, ALLOW_EVENTS, ACCEPT_CONTACT, REJECT_CONTACT,
                REQUEST_DISPOSITION, IDENTITY};
        String[] words = compact.split(" ");
        for (int k = 0; k < words.length; k++) {
            COMPACT[words[k].charAt(0)] = ids[k];
        }
    }

    /**
     * The interned canonical names (string literals, the same instances as the {@code HeaderNames}
     * constants) and other common names, hashed into a table probed by identity; {@link #KINDS} holds
     * each one's id.
     */
    private static final String[] CONSTANTS = new String[128];
    private static final int[] KINDS = new int[128];

    static {
        String[] others = {"Allow", "Require", "Unsupported", "Min-SE", "User-Agent", "Server", "Accept", "Expires",
                "Reason", "RSeq", "RAck", "Subscription-State", "Allow-Events", "Date", "Timestamp", "Warning",
                "Retry-After", "Organization", "Priority", "Proxy-Require", "WWW-Authenticate", "Authorization",
                "Proxy-Authenticate", "Proxy-Authorization", "Authentication-Info", "Accept-Encoding",
                "Accept-Language", "Content-Disposition", "MIME-Version", "In-Reply-To", "Alert-Info", "Call-Info",
                "Error-Info", "Reply-To", "Path", "Service-Route", "Privacy", "P-Asserted-Identity"};
        for (int k = 1; k < NAMES.length; k++) {
            addConstant(NAMES[k], k);
        }
        for (String name : others) {
            addConstant(name, of(name));
        }
    }

    private static void addConstant(String name, int kind) {
        int slot = name.hashCode() & (CONSTANTS.length - 1);
        while (CONSTANTS[slot] != null) {
            if (CONSTANTS[slot] == name) {
                return;
            }
            slot = (slot + 1) & (CONSTANTS.length - 1);
        }
        CONSTANTS[slot] = name;
        KINDS[slot] = kind;
    }

    private WireHeaderKinds() {}

    /**
     * Id of {@code name} when it is the very instance of a canonical name literal (as the
     * {@code HeaderNames} constants are) or of another common header name; else -1, and the caller
     * uses {@link #of(byte[], int, int)}. A hashed identity probe: no character comparison.
     */
    public static int ofConstant(String name) {
        int slot = name.hashCode() & (CONSTANTS.length - 1);
        String c;
        while ((c = CONSTANTS[slot]) != null) {
            if (c == name) {
                return KINDS[slot];
            }
            slot = (slot + 1) & (CONSTANTS.length - 1);
        }
        return -1;
    }

    /** Id of the header name in {@code b[off, off+len)}, which must be ASCII token characters. */
    public static int of(byte[] b, int off, int len) {
        if (len == 1) {
            int c = b[off] | 0x20;
            return c < 128 && c >= 0 ? COMPACT[c] : OTHER;
        }
        if (len >= BY_LENGTH.length) {
            return OTHER;
        }
        int[] candidates = BY_LENGTH_FIRST[len * 32 + (b[off] & 31)];
        if (candidates == null) {
            return OTHER;
        }
        boolean wide = off + ((len + 7) & ~7) <= b.length;
        for (int k : candidates) {
            if (wide) { // eight bytes at a time; token characters fold case with | 0x20 exactly
                long[] words = WORDS[k];
                long[] masks = MASKS[k];
                int j = 0;
                while (j < words.length
                        && (((long) LONGS.get(b, off + 8 * j) | 0x2020_2020_2020_2020L) & masks[j]) == words[j]) {
                    j++;
                }
                if (j == words.length) {
                    return k;
                }
                continue;
            }
            byte[] want = LOWER[k];
            int i = 0;
            // token characters fold case with | 0x20 exactly (no token char differs from a letter or '-' by that bit)
            while (i < len && (b[off + i] | 0x20) == want[i]) {
                i++;
            }
            if (i == len) {
                return k;
            }
        }
        return OTHER;
    }

    /** Id of {@code name} (any case, either form); {@link #OTHER} for any other name. */
    public static int of(String name) {
        int len = name.length();
        if (len == 1) {
            char c = Character.toLowerCase(name.charAt(0));
            return c < 128 ? COMPACT[c] : OTHER;
        }
        if (len >= BY_LENGTH.length || BY_LENGTH[len] == null) {
            return OTHER;
        }
        for (int k : BY_LENGTH[len]) {
            if (NAMES[k].equalsIgnoreCase(name)) {
                return k;
            }
        }
        return OTHER;
    }

    /** The canonical name of {@code kind}, or {@code null} for {@link #OTHER}. */
    public static String name(int kind) {
        return NAMES[kind];
    }
}
