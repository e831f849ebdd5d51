package io.dialtone.message.header;

import io.dialtone.message.Parameters;
import io.dialtone.message.SipParseException;

import java.util.Objects;

/**
 * The Replaces header (RFC 3891 §6.1): the dialog to replace,
 * {@code 425928@bobster.example.org;to-tag=7743;from-tag=6472}.
 *
 * @param callId    the Call-ID of the dialog
 * @param toTag     its {@code to-tag}
 * @param fromTag   its {@code from-tag}
 * @param earlyOnly true with {@code ;early-only} (§6.1)
 * @param params    other (extension) parameters in order, never {@code null}
 */
public record Replaces(String callId, String toTag, String fromTag, boolean earlyOnly, Parameters params) {

    private static final String HEADER = "Replaces";

    public Replaces {
        Objects.requireNonNull(callId, "callId");
        Objects.requireNonNull(toTag, "toTag");
        Objects.requireNonNull(fromTag, "fromTag");
        Objects.requireNonNull(params, "params");
        if (!CallIds.isCallId(callId)) {
            throw new IllegalArgumentException("invalid Call-ID: " + callId);
        }
    }

    /** Replaces the dialog {@code callId} with the given tags, without {@code early-only}. */
    public static Replaces of(String callId, String toTag, String fromTag) {
        return new Replaces(callId, toTag, fromTag, false, Parameters.EMPTY);
    }

    /**
     * Parses {@code callid *(;replaces-param)}.
     *
     * @throws SipParseException (400, Replaces) when the Call-ID is invalid or a tag is missing
     */
    public static Replaces parse(String value) {
        String callId = HeaderSyntax.head(value, HEADER, "Call-ID");
        if (!CallIds.isCallId(callId)) {
            throw HeaderSyntax.fail(HEADER, "invalid Call-ID '" + callId + "'");
        }
        Parameters p = HeaderSyntax.tail(value, HEADER);
        String to = p.get("to-tag").orElseThrow(() -> HeaderSyntax.fail(HEADER, "missing to-tag"));
        String from = p.get("from-tag").orElseThrow(() -> HeaderSyntax.fail(HEADER, "missing from-tag"));
        if (p.get("early-only").isPresent()) {
            throw HeaderSyntax.fail(HEADER, "early-only takes no value");
        }
        return new Replaces(callId, to, from, p.has("early-only"),
                p.without("to-tag").without("from-tag").without("early-only"));
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(callId.length() + 48).append(callId)
                .append(";to-tag=").append(toTag).append(";from-tag=").append(fromTag);
        if (earlyOnly) {
            sb.append(";early-only");
        }
        params.appendTo(sb);
        return sb.toString();
    }
}
