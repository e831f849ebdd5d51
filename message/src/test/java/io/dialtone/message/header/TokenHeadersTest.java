package io.dialtone.message.header;

import io.dialtone.message.HeaderType;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static io.dialtone.message.header.HeaderAssertions.rejects;
import static io.dialtone.message.header.HeaderAssertions.roundTrip;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

@DisplayName("RFC 3261 §20.2, §20.3, §20.5, §20.12, §20.13, §20.26, §20.29, §20.32, §20.37, §20.40; RFC 6665 §8.2.2")
class TokenHeadersTest {

    static Stream<Arguments> tokens() {
        return Stream.of(
                arguments(Headers.ALLOW, "INVITE", "INVITE"),
                arguments(Headers.ALLOW, " PRACK ", "PRACK"),
                arguments(Headers.SUPPORTED, "100rel", "100rel"),
                arguments(Headers.SUPPORTED, "replaces", "replaces"),
                arguments(Headers.SUPPORTED, "gruu", "gruu"),
                arguments(Headers.REQUIRE, "timer", "timer"),
                arguments(Headers.PROXY_REQUIRE, "sec-agree", "sec-agree"),
                arguments(Headers.UNSUPPORTED, "foo", "foo"),
                arguments(Headers.CONTENT_ENCODING, "gzip", "gzip"),
                arguments(Headers.CONTENT_LANGUAGE, "fr", "fr"),
                arguments(Headers.CONTENT_LANGUAGE, "en-GB", "en-GB"),
                arguments(Headers.ALLOW_EVENTS, "presence.winfo", "presence.winfo"),
                arguments(Headers.ALLOW_EVENTS, "talk", "talk"));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("tokens")
    void tokenListElements(HeaderType<Token> type, String value, String expected) {
        assertThat(type.multiValued()).isTrue();
        Token t = roundTrip(type, value);
        assertThat(t.value()).isEqualTo(expected);
        assertThat(t.toString()).isEqualTo(expected);
        assertThat(t.is(expected.toUpperCase(java.util.Locale.ROOT))).isTrue();
    }

    static Stream<Arguments> qualified() {
        return Stream.of(
                arguments(Headers.ACCEPT_ENCODING, "gzip", "gzip", 1.0, "gzip"),
                arguments(Headers.ACCEPT_ENCODING, "identity ; q = 0.5", "identity", 0.5, "identity;q=0.5"),
                arguments(Headers.ACCEPT_LANGUAGE, "da", "da", 1.0, "da"),
                arguments(Headers.ACCEPT_LANGUAGE, "en-gb;q=0.8", "en-gb", 0.8, "en-gb;q=0.8"),
                arguments(Headers.ACCEPT_LANGUAGE, "*;q=0", "*", 0.0, "*;q=0"),
                arguments(Headers.ACCEPT_LANGUAGE, "en;q=1.000;x-ext=1", "en", 1.0, "en;q=1.000;x-ext=1"));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("qualified")
    void qualifiedTokens(HeaderType<QualifiedToken> type, String value, String token, double q, String wire) {
        QualifiedToken t = roundTrip(type, value);
        assertThat(t.value()).isEqualTo(token);
        assertThat(t.q()).isEqualTo(q);
        assertThat(t).hasToString(wire);
    }

    @Test
    void unknownParametersSurvive() {
        QualifiedToken t = roundTrip(Headers.ACCEPT_LANGUAGE, "en;q=0.7;level=\"x y\"");
        assertThat(t.params().get("level")).contains("\"x y\"");
        assertThat(t).hasToString("en;q=0.7;level=\"x y\"");
    }

    @ParameterizedTest(name = "Priority: {0}")
    @MethodSource
    void priority(String value) {
        assertThat(roundTrip(Headers.PRIORITY, value)).isEqualTo(value.strip());
    }

    static Stream<String> priority() {
        return Stream.of("emergency", "urgent", " normal", "non-urgent", "x-custom");
    }

    static Stream<Arguments> rejected() {
        return Stream.of(
                arguments(Headers.ALLOW, "IN VITE", "invalid token"),
                arguments(Headers.SUPPORTED, "100rel;x", "invalid token"),
                arguments(Headers.REQUIRE, "\"timer\"", "invalid token"),
                arguments(Headers.ACCEPT_LANGUAGE, "en;q=2", "invalid q value"),
                arguments(Headers.ACCEPT_ENCODING, "gzip;q=0.1234", "invalid q value"),
                arguments(Headers.ACCEPT_ENCODING, ";q=1", "missing value"),
                arguments(Headers.ACCEPT_LANGUAGE, "en;text=\"open", "unterminated quoted-string"),
                arguments(Headers.PRIORITY, "very high", "invalid priority"));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource
    void rejected(HeaderType<?> type, String value, String reason) {
        rejects(type, value, reason);
    }
}
