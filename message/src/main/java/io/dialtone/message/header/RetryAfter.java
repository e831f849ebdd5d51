package io.dialtone.message.header;

import io.dialtone.message.Parameters;
import io.dialtone.message.SipParseException;

import java.util.Objects;

/**
 * The Retry-After header (RFC 3261 §20.33): {@code 18000;duration=3600} or
 * {@code 120 (I'm in a meeting)}.
 *
 * @param deltaSeconds seconds after which to retry
 * @param comment      the comment including its parentheses, or {@code null}
 * @param params       parameters in order, including {@code duration}; never {@code null}
 */
public record RetryAfter(long deltaSeconds, String comment, Parameters params) {

    private static final String HEADER = "Retry-After";

    public RetryAfter {
        Objects.requireNonNull(params, "params");
        if (deltaSeconds < 0 || deltaSeconds > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("delta-seconds out of range: " + deltaSeconds);
        }
        if (comment != null && (!comment.startsWith("(") || HeaderSyntax.commentEnd(comment, 0, HEADER) != comment.length())) {
            throw new IllegalArgumentException("not a comment: " + comment);
        }
    }

    /** {@code Retry-After: seconds}. */
    public static RetryAfter of(long deltaSeconds) {
        return new RetryAfter(deltaSeconds, null, Parameters.EMPTY);
    }

    /**
     * Parses {@code delta-seconds [comment] *(;retry-param)}.
     *
     * @throws SipParseException (400, Retry-After) when malformed
     */
    public static RetryAfter parse(String value) {
        String v = value.strip();
        int i = 0;
        while (i < v.length() && v.charAt(i) >= '0' && v.charAt(i) <= '9') {
            i++;
        }
        long delta = HeaderSyntax.delta(v.substring(0, i), HEADER);
        i = HeaderSyntax.skipLws(v, i);
        String comment = null;
        if (i < v.length() && v.charAt(i) == '(') {
            int end = HeaderSyntax.commentEnd(v, i, HEADER);
            comment = v.substring(i, end);
            i = HeaderSyntax.skipLws(v, end);
        }
        if (i < v.length() && v.charAt(i) != ';') {
            throw HeaderSyntax.fail(HEADER, "junk after delta-seconds");
        }
        Parameters p = HeaderSyntax.params(v.substring(i), HEADER);
        HeaderSyntax.deltaParam(p, "duration", HEADER);
        return new RetryAfter(delta, comment, p);
    }

    /** The {@code duration} parameter in seconds, or -1 when absent. */
    public long durationSeconds() {
        return HeaderSyntax.deltaParam(params, "duration", HEADER);
    }

    /** The comment text without parentheses, or {@code null}. */
    public String commentText() {
        return comment == null ? null : comment.substring(1, comment.length() - 1);
    }

    @Override
    public String toString() {
        return deltaSeconds + (comment == null ? "" : " " + comment) + params;
    }
}
