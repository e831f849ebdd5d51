package io.dialtone.message.header;

import io.dialtone.message.SipParseException;

/**
 * Call-ID syntax (RFC 3261 §20.8, §25.1 {@code callid = word ["@" word]}), used by Call-ID,
 * In-Reply-To (§20.21) and Replaces (RFC 3891 §6.1).
 *
 * <p>Tolerated deviation: any visible ASCII character, not only §25.1 word characters (some UAs
 * put base64 with {@code =} in their Call-IDs), except the separators of the header that carries
 * it: {@code ,} in In-Reply-To and {@code ;} in Replaces.
 */
final class CallIds {
    private CallIds() {}

    /** True when {@code s} is non-empty visible ASCII without {@code excluded}. */
    static boolean isCallId(String s, char excluded) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c <= ' ' || c >= 0x7F || c == excluded) {
                return false;
            }
        }
        return true;
    }

    static boolean isCallId(String s) {
        return isCallId(s, ';');
    }

    /**
     * Parses one Call-ID, allowing surrounding LWS.
     *
     * @throws SipParseException (400, naming {@code header}) when empty or holding whitespace or control characters
     */
    static String parse(String value, String header, char excluded) {
        String v = value.strip();
        if (!isCallId(v, excluded)) {
            throw HeaderSyntax.fail(header, "invalid Call-ID '" + v + "'");
        }
        return v;
    }
}
