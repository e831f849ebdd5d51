package io.dialtone.message.header;

import io.dialtone.message.CSeq;
import io.dialtone.message.SipMethod;
import io.dialtone.message.SipParseException;
import io.dialtone.message.internal.Lexer;

import java.util.Objects;

/**
 * The RAck header of a PRACK (RFC 3262 §7.2): {@code 776656 1 INVITE} — the RSeq of the
 * reliable provisional response, then the CSeq number and method of the request it answers.
 *
 * @param rseq        response number, 1 to 2^32-1
 * @param cseqNumber  CSeq number of the request, 0 to 2^31-1
 * @param method      CSeq method of the request
 */
public record RAck(long rseq, long cseqNumber, String method) {

    private static final String HEADER = "RAck";

    public RAck {
        Objects.requireNonNull(method, "method");
        if (rseq < 1 || rseq > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("RSeq out of range: " + rseq);
        }
        if (cseqNumber < 0 || cseqNumber > CSeq.MAX) {
            throw new IllegalArgumentException("CSeq number out of range: " + cseqNumber);
        }
        if (!Lexer.isToken(method)) {
            throw new IllegalArgumentException("method is not a token: " + method);
        }
    }

    /** The RAck acknowledging a response with {@code rseq} to the request with {@code cseq}. */
    public static RAck of(long rseq, CSeq cseq) {
        return new RAck(rseq, cseq.number(), cseq.method());
    }

    /**
     * Parses {@code response-num LWS CSeq-num LWS Method}.
     *
     * @throws SipParseException (400, RAck) when a part is missing, not numeric or out of range
     */
    public static RAck parse(String value) {
        String[] f = value.strip().split("[ \t\r\n]+");
        if (f.length != 3) {
            throw HeaderSyntax.fail(HEADER, "expected response-num, CSeq-num and method");
        }
        long rseq = number(f[0], "response-num");
        long cseq = number(f[1], "CSeq-num");
        if (rseq == 0) {
            throw HeaderSyntax.fail(HEADER, "response-num out of range");
        }
        if (cseq > CSeq.MAX) {
            throw HeaderSyntax.fail(HEADER, "CSeq-num out of range");
        }
        return new RAck(rseq, cseq, SipMethod.intern(HeaderSyntax.token(f[2], HEADER, "method")));
    }

    private static long number(String s, String what) {
        if (s.isEmpty() || s.length() > 10 || !s.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw HeaderSyntax.fail(HEADER, "non-numeric " + what + " '" + s + "'");
        }
        long n = Long.parseLong(s);
        if (n > 0xFFFF_FFFFL) {
            throw HeaderSyntax.fail(HEADER, what + " out of range");
        }
        return n;
    }

    /** True when this RAck acknowledges the response with {@code rseq} to the request with {@code cseq} (§7.2). */
    public boolean matches(long responseRSeq, CSeq cseq) {
        return rseq == responseRSeq && cseqNumber == cseq.number() && method.equals(cseq.method());
    }

    @Override
    public String toString() {
        return rseq + " " + cseqNumber + " " + method;
    }
}
