package io.dialtone.message.header;

import io.dialtone.message.HeaderType;
import io.dialtone.message.SipParseException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Round-trip and rejection checks shared by the typed header tests. */
final class HeaderAssertions {
    private HeaderAssertions() {}

    /**
     * Parses {@code value}, checks that its canonical form parses to an equal value and is stable
     * (serializing the reparsed value gives the same text), and returns the parsed value.
     */
    static <T> T roundTrip(HeaderType<T> type, String value) {
        T parsed = type.parse(value);
        String wire = parsed.toString();
        T again = type.parse(wire);
        assertThat(again).as("%s: parse(toString()) of '%s' via '%s'", type.name(), value, wire).isEqualTo(parsed);
        assertThat(again.toString()).as("%s canonical form is stable", type.name()).isEqualTo(wire);
        return parsed;
    }

    /** Expects {@code value} to be rejected with 400 naming the header, and a reason containing {@code reason}. */
    static SipParseException rejects(HeaderType<?> type, String value, String reason) {
        SipParseException e = catchThrowableOfType(SipParseException.class, () -> type.parse(value));
        assertThat(e).as("%s should reject '%s'", type.name(), value).isNotNull();
        assertThat(e.status()).isEqualTo(400);
        assertThat(e.header()).isEqualTo(type.name());
        assertThat(e.getMessage()).containsIgnoringCase(reason);
        assertThat(e.reasonPhrase()).startsWith("Bad " + type.name() + ": ");
        return e;
    }
}
