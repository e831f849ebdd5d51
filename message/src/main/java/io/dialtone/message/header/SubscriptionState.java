package io.dialtone.message.header;

import io.dialtone.message.Parameters;
import io.dialtone.message.SipParseException;

import java.util.Locale;
import java.util.Objects;

/**
 * The Subscription-State header (RFC 6665 §8.2.3):
 * {@code active;expires=3600}, {@code terminated;reason=timeout}, {@code pending;expires=60}.
 *
 * @param state             lower-case state: {@code active}, {@code pending}, {@code terminated} or an extension
 * @param reason            lower-case {@code reason} ({@code deactivated}, {@code probation}, {@code rejected},
 *                          {@code timeout}, {@code giveup}, {@code noresource}, {@code invariant}), or {@code null}
 * @param expiresSeconds    the {@code expires} parameter, or -1 when absent
 * @param retryAfterSeconds the {@code retry-after} parameter, or -1 when absent
 * @param params            other parameters in order, never {@code null}
 */
public record SubscriptionState(String state, String reason, long expiresSeconds, long retryAfterSeconds,
                                Parameters params) {

    private static final String HEADER = "Subscription-State";

    public SubscriptionState {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(params, "params");
        if (!io.dialtone.message.internal.Lexer.isToken(state)) {
            throw new IllegalArgumentException("state is not a token: " + state);
        }
        state = state.toLowerCase(Locale.ROOT);
        reason = reason == null ? null : reason.toLowerCase(Locale.ROOT);
    }

    /** {@code active;expires=seconds}. */
    public static SubscriptionState active(long expiresSeconds) {
        return new SubscriptionState("active", null, expiresSeconds, -1, Parameters.EMPTY);
    }

    /** {@code terminated;reason=reason}; {@code reason} may be {@code null}. */
    public static SubscriptionState terminated(String reason) {
        return new SubscriptionState("terminated", reason, -1, -1, Parameters.EMPTY);
    }

    /**
     * Parses {@code substate-value *(;subexp-params)}.
     *
     * @throws SipParseException (400, Subscription-State) when malformed or a delta is not numeric
     */
    public static SubscriptionState parse(String value) {
        String state = HeaderSyntax.token(HeaderSyntax.head(value, HEADER, "state"), HEADER, "state");
        Parameters p = HeaderSyntax.tail(value, HEADER);
        String reason = null;
        if (p.has("reason")) {
            reason = HeaderSyntax.token(p.get("reason").orElse(""), HEADER, "reason");
        }
        long expires = HeaderSyntax.deltaParam(p, "expires", HEADER);
        long retry = HeaderSyntax.deltaParam(p, "retry-after", HEADER);
        return new SubscriptionState(state, reason, expires, retry,
                p.without("reason").without("expires").without("retry-after"));
    }

    public boolean isActive() {
        return state.equals("active");
    }

    public boolean isPending() {
        return state.equals("pending");
    }

    public boolean isTerminated() {
        return state.equals("terminated");
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(32).append(state);
        if (reason != null) {
            sb.append(";reason=").append(reason);
        }
        if (expiresSeconds >= 0) {
            sb.append(";expires=").append(expiresSeconds);
        }
        if (retryAfterSeconds >= 0) {
            sb.append(";retry-after=").append(retryAfterSeconds);
        }
        params.appendTo(sb);
        return sb.toString();
    }
}
