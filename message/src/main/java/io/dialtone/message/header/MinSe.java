package io.dialtone.message.header;

import io.dialtone.message.Parameters;
import io.dialtone.message.SipParseException;

import java.util.Objects;

/**
 * The Min-SE header (RFC 4028 §5): the smallest session interval a node accepts, {@code 90}.
 *
 * @param deltaSeconds minimum session interval in seconds
 * @param params       extension parameters in order, never {@code null}
 */
public record MinSe(long deltaSeconds, Parameters params) {

    private static final String HEADER = "Min-SE";

    public MinSe {
        Objects.requireNonNull(params, "params");
        if (deltaSeconds < 0 || deltaSeconds > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("delta-seconds out of range: " + deltaSeconds);
        }
    }

    public static MinSe of(long deltaSeconds) {
        return new MinSe(deltaSeconds, Parameters.EMPTY);
    }

    /**
     * Parses {@code delta-seconds *(;generic-param)}.
     *
     * @throws SipParseException (400, Min-SE) when malformed
     */
    public static MinSe parse(String value) {
        return new MinSe(HeaderSyntax.delta(HeaderSyntax.head(value, HEADER, "delta-seconds"), HEADER),
                HeaderSyntax.tail(value, HEADER));
    }

    @Override
    public String toString() {
        return deltaSeconds + params.toString();
    }
}
