package io.dialtone.message;

import java.util.Objects;

/**
 * The CSeq header (RFC 3261 §20.16): a sequence number and the request method.
 *
 * @param number sequence number, 0 to 2^31-1 (§8.1.1.5)
 * @param method the method of the request the header belongs to
 */
public record CSeq(long number, String method) {

    /** Largest legal sequence number (§8.1.1.5: less than 2**31). */
    public static final long MAX = 0x7FFF_FFFFL;

    public CSeq {
        Objects.requireNonNull(method, "method");
        if (!io.dialtone.message.internal.Lexer.isToken(method)) {
            throw new IllegalArgumentException("CSeq method is not a token: " + method);
        }
        if (number < 0 || number > MAX) {
            throw new IllegalArgumentException("CSeq number out of range: " + number);
        }
    }

    /**
     * Parses {@code "4711 INVITE"}.
     *
     * @throws SipParseException (400, header CSeq) when malformed or out of range
     */
    public static CSeq parse(String value) {
        String v = value.strip();
        int sp = 0;
        while (sp < v.length() && v.charAt(sp) >= '0' && v.charAt(sp) <= '9') {
            sp++;
        }
        if (sp == 0 || sp > 10) {
            throw SipParseException.badHeader("CSeq", "invalid sequence number");
        }
        long n = Long.parseLong(v.substring(0, sp));
        if (n > MAX) {
            throw SipParseException.badHeader("CSeq", "sequence number out of range");
        }
        if (sp == v.length() || !io.dialtone.message.internal.Lexer.isWhitespace(v.charAt(sp))) {
            throw SipParseException.badHeader("CSeq", "expected whitespace between number and method");
        }
        String method = v.substring(sp).strip();
        if (method.isEmpty() || !io.dialtone.message.internal.Lexer.isToken(method)) {
            throw SipParseException.badHeader("CSeq", "invalid method");
        }
        return new CSeq(n, SipMethod.intern(method));
    }

    @Override
    public String toString() {
        return number + " " + method;
    }
}
