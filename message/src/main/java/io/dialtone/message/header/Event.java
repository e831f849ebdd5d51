package io.dialtone.message.header;

import io.dialtone.message.Parameters;
import io.dialtone.message.SipParseException;

import java.util.Objects;

/**
 * The Event header (RFC 6665 §8.2.1, compact form {@code o}): an event package with optional
 * template-packages and an {@code id}, e.g. {@code presence}, {@code refer;id=93809824},
 * {@code presence.winfo}.
 *
 * @param eventType the event package with its templates as written ({@code dialog}, {@code presence.winfo})
 * @param id        the {@code id} parameter, or {@code null}
 * @param params    other parameters in order, never {@code null}
 */
public record Event(String eventType, String id, Parameters params) {

    private static final String HEADER = "Event";

    public Event {
        Objects.requireNonNull(eventType, "eventType");
        Objects.requireNonNull(params, "params");
        if (!io.dialtone.message.internal.Lexer.isToken(eventType)) {
            throw new IllegalArgumentException("event type is not a token: " + eventType);
        }
    }

    /** {@code Event: eventType} without parameters. */
    public static Event of(String eventType) {
        return new Event(eventType, null, Parameters.EMPTY);
    }

    /**
     * Parses {@code event-type *(;event-param)}.
     *
     * @throws SipParseException (400, Event) when the event type is not a token or {@code id} has no value
     */
    public static Event parse(String value) {
        String type = HeaderSyntax.token(HeaderSyntax.head(value, HEADER, "event type"), HEADER, "event type");
        Parameters p = HeaderSyntax.tail(value, HEADER);
        if (p.has("id") && p.get("id").isEmpty()) {
            throw HeaderSyntax.fail(HEADER, "id parameter needs a value");
        }
        return new Event(type, p.value("id"), p.without("id"));
    }

    /** The event package without templates ({@code presence} for {@code presence.winfo}). */
    public String eventPackage() {
        int dot = eventType.indexOf('.');
        return dot < 0 ? eventType : eventType.substring(0, dot);
    }

    /** True when both name the same subscription: same event type (case-insensitively) and same id (§8.2.1). */
    public boolean sameSubscription(Event other) {
        return eventType.equalsIgnoreCase(other.eventType) && Objects.equals(id, other.id);
    }

    @Override
    public String toString() {
        return eventType + (id == null ? "" : ";id=" + id) + params;
    }
}
