package io.dialtone.message;

/**
 * Canonical header names and the compact forms of RFC 3261 §7.3.3 and the RFCs that register one.
 */
public final class HeaderNames {
    public static final String VIA = "Via";
    public static final String FROM = "From";
    public static final String TO = "To";
    public static final String CALL_ID = "Call-ID";
    public static final String CSEQ = "CSeq";
    public static final String MAX_FORWARDS = "Max-Forwards";
    public static final String CONTACT = "Contact";
    public static final String ROUTE = "Route";
    public static final String RECORD_ROUTE = "Record-Route";
    public static final String CONTENT_TYPE = "Content-Type";
    public static final String CONTENT_LENGTH = "Content-Length";
    public static final String ALLOW = "Allow";
    public static final String SUPPORTED = "Supported";
    public static final String REQUIRE = "Require";
    public static final String UNSUPPORTED = "Unsupported";
    public static final String SESSION_EXPIRES = "Session-Expires";
    public static final String MIN_SE = "Min-SE";
    public static final String USER_AGENT = "User-Agent";
    public static final String SERVER = "Server";
    public static final String ACCEPT = "Accept";
    public static final String EXPIRES = "Expires";
    public static final String REASON = "Reason";

    private HeaderNames() {}

    /** Maps a compact form to its full name; returns any other name unchanged. */
    public static String canonical(String name) {
        if (name.length() != 1) {
            return name;
        }
        return switch (Character.toLowerCase(name.charAt(0))) {
            case 'v' -> VIA;
            case 'f' -> FROM;
            case 't' -> TO;
            case 'i' -> CALL_ID;
            case 'm' -> CONTACT;
            case 'c' -> CONTENT_TYPE;
            case 'l' -> CONTENT_LENGTH;
            case 'k' -> SUPPORTED;
            case 'e' -> "Content-Encoding";
            case 's' -> "Subject";
            case 'x' -> SESSION_EXPIRES;
            case 'r' -> "Refer-To";
            case 'b' -> "Referred-By";
            case 'o' -> "Event";
            case 'u' -> "Allow-Events";
            case 'a' -> "Accept-Contact";
            case 'j' -> "Reject-Contact";
            case 'd' -> "Request-Disposition";
            case 'y' -> "Identity";
            default -> name;
        };
    }

    /** True when {@code a} and {@code b} name the same header (compact forms and case folded). */
    public static boolean same(String a, String b) {
        return canonical(a).equalsIgnoreCase(canonical(b));
    }
}
