package io.dialtone.message.header;

import io.dialtone.message.HeaderType;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

import static io.dialtone.message.header.HeaderAssertions.rejects;
import static io.dialtone.message.header.HeaderAssertions.roundTrip;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

@DisplayName("RFC 3261 §20.8, §20.14, §20.17, §20.19, §20.21–§20.23, §20.25, §20.33, §20.35, §20.36, §20.38, §20.41, §20.43")
class MiscHeadersTest {

    static Stream<Arguments> numbers() {
        return Stream.of(
                arguments(Headers.CONTENT_LENGTH, "349", 349L),
                arguments(Headers.CONTENT_LENGTH, " 0 ", 0L),
                arguments(Headers.EXPIRES, "5", 5L),
                arguments(Headers.EXPIRES, "4294967295", 4294967295L),
                arguments(Headers.MAX_FORWARDS, "70", 70L),
                arguments(Headers.MIN_EXPIRES, "60", 60L),
                arguments(Headers.RSEQ, "988789", 988789L));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource
    void numbers(HeaderType<Long> type, String value, long expected) {
        assertThat(roundTrip(type, value)).isEqualTo(expected);
    }

    static Stream<Arguments> dates() {
        return Stream.of(
                arguments("Sat, 13 Nov 2010 23:29:00 GMT", "2010-11-13T23:29:00Z", "Sat, 13 Nov 2010 23:29:00 GMT"),
                arguments("Thu, 21 Feb 2002 13:02:03 GMT", "2002-02-21T13:02:03Z", "Thu, 21 Feb 2002 13:02:03 GMT"),
                arguments("mon, 01 jan  2024 00:00:00 GMT", "2024-01-01T00:00:00Z", "Mon, 01 Jan 2024 00:00:00 GMT"),
                arguments("Fri, 29 Feb 2008 12:00:59 GMT", "2008-02-29T12:00:59Z", "Fri, 29 Feb 2008 12:00:59 GMT"));
    }

    @ParameterizedTest(name = "Date: {0}")
    @MethodSource
    void dates(String value, String instant, String wire) {
        SipDate d = roundTrip(Headers.DATE, value);
        assertThat(d.instant()).isEqualTo(Instant.parse(instant));
        assertThat(d).hasToString(wire);
    }

    @Test
    void datesHaveSecondPrecision() {
        assertThat(new SipDate(Instant.parse("2010-11-13T23:29:00.750Z")))
                .isEqualTo(Headers.DATE.parse("Sat, 13 Nov 2010 23:29:00 GMT"));
    }

    static Stream<Arguments> callIds() {
        return Stream.of(
                arguments(Headers.CALL_ID, "f81d4fae-7dec-11d0-a765-00a0c91e6bf6@biloxi.com"),
                arguments(Headers.CALL_ID, "a84b4c76e66710"),
                arguments(Headers.CALL_ID, "NjA1ZGQ2ZWU4ZjRlNDk=@10.0.0.1:5060"),
                arguments(Headers.IN_REPLY_TO, "70710@saturn.bell-tel.com"),
                arguments(Headers.IN_REPLY_TO, " 17320@saturn.bell-tel.com "));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource
    void callIds(HeaderType<String> type, String value) {
        assertThat(roundTrip(type, value)).isEqualTo(value.strip());
    }

    static Stream<Arguments> texts() {
        return Stream.of(
                arguments(Headers.ORGANIZATION, "Boxes by Bob", "Boxes by Bob"),
                arguments(Headers.SUBJECT, "Need more boxes", "Need more boxes"),
                arguments(Headers.SUBJECT, "  Tech Support ", "Tech Support"),
                arguments(Headers.SUBJECT, "Café \"quoted\" ; , ok", "Café \"quoted\" ; , ok"),
                arguments(Headers.SUBJECT, "", ""));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource
    void texts(HeaderType<String> type, String value, String expected) {
        assertThat(roundTrip(type, value)).isEqualTo(expected);
    }

    static Stream<Arguments> products() {
        return Stream.of(
                arguments(Headers.SERVER, "HomeServer v2", List.of("HomeServer", "v2")),
                arguments(Headers.USER_AGENT, "Softphone Beta1.5", List.of("Softphone", "Beta1.5")),
                arguments(Headers.USER_AGENT, "baresip v3.10.1 (x86_64/Linux)", List.of("baresip", "v3.10.1", "(x86_64/Linux)")),
                arguments(Headers.SERVER, "Asterisk PBX 20.5.0", List.of("Asterisk", "PBX", "20.5.0")),
                arguments(Headers.SERVER, "kamailio (5.7.4 (x86_64/linux))", List.of("kamailio", "(5.7.4 (x86_64/linux))")),
                arguments(Headers.USER_AGENT, "FreeSWITCH-mod_sofia/1.10.11-release~64bit", List.of("FreeSWITCH-mod_sofia/1.10.11-release~64bit")),
                arguments(Headers.USER_AGENT, "Fanvil X3S 2.4.1 2017-03-23 14:46:00", List.of("Fanvil", "X3S", "2.4.1", "2017-03-23", "14:46:00")),
                arguments(Headers.USER_AGENT, "Linphone/5.2.0 (belle-sip/5.2.0 \\(x\\))", List.of("Linphone/5.2.0", "(belle-sip/5.2.0 \\(x\\))")));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource
    void products(HeaderType<Products> type, String value, List<String> items) {
        Products p = roundTrip(type, value);
        assertThat(p.items()).isEqualTo(items);
        assertThat(p.first()).isEqualTo(items.get(0));
        assertThat(p.products()).allMatch(s -> !s.startsWith("("));
    }

    static Stream<Arguments> retryAfter() {
        return Stream.of(
                arguments("18000;duration=3600", 18000L, null, 3600L, "18000;duration=3600"),
                arguments("120 (I'm in a meeting)", 120L, "I'm in a meeting", -1L, "120 (I'm in a meeting)"),
                arguments("300 (busy (really)) ;duration=60;x-ext=1", 300L, "busy (really)", 60L,
                        "300 (busy (really));duration=60;x-ext=1"),
                arguments("5", 5L, null, -1L, "5"));
    }

    @ParameterizedTest(name = "Retry-After: {0}")
    @MethodSource
    void retryAfter(String value, long delta, String comment, long duration, String wire) {
        RetryAfter r = roundTrip(Headers.RETRY_AFTER, value);
        assertThat(r.deltaSeconds()).isEqualTo(delta);
        assertThat(r.commentText()).isEqualTo(comment);
        assertThat(r.durationSeconds()).isEqualTo(duration);
        assertThat(r).hasToString(wire);
    }

    @Test
    void timestamps() {
        assertThat(roundTrip(Headers.TIMESTAMP, "54")).isEqualTo(new Timestamp("54", null));
        Timestamp t = roundTrip(Headers.TIMESTAMP, "54.3  0.027");
        assertThat(t.timeValue()).isEqualTo(54.3);
        assertThat(t.delayValue()).isEqualTo(0.027);
        assertThat(t).hasToString("54.3 0.027");
        assertThat(roundTrip(Headers.TIMESTAMP, "1.").withDelay("0.5")).hasToString("1. 0.5");
    }

    static Stream<Arguments> warnings() {
        return Stream.of(
                arguments("307 isi.edu \"Session parameter 'foo' not understood\"", 307, "isi.edu",
                        "Session parameter 'foo' not understood"),
                arguments("301 isi.edu \"Incompatible network address type 'E.164'\"", 301, "isi.edu",
                        "Incompatible network address type 'E.164'"),
                arguments("399 192.0.2.1:5060 \"Say \\\"hi\\\"\"", 399, "192.0.2.1:5060", "Say \"hi\""),
                arguments("392 10.0.0.1:5060 \"Noisy feedback tells:  pid=1234 req_src_ip=10.0.0.2\"", 392, "10.0.0.1:5060",
                        "Noisy feedback tells:  pid=1234 req_src_ip=10.0.0.2"),
                arguments("370 [2001:db8::1]:5060 \"\"", 370, "[2001:db8::1]:5060", ""));
    }

    @ParameterizedTest(name = "Warning: {0}")
    @MethodSource
    void warnings(String value, int code, String agent, String text) {
        Warning w = roundTrip(Headers.WARNING, value);
        assertThat(w).isEqualTo(new Warning(code, agent, text));
    }

    static Stream<Arguments> rejected() {
        return Stream.of(
                arguments(Headers.CONTENT_LENGTH, "-1", "invalid delta-seconds"),
                arguments(Headers.CONTENT_LENGTH, "12a", "invalid delta-seconds"),
                arguments(Headers.EXPIRES, "4294967296", "out of range"),
                arguments(Headers.MAX_FORWARDS, "", "invalid delta-seconds"),
                arguments(Headers.RSEQ, "0", "out of range"),
                arguments(Headers.RSEQ, "x1", "invalid delta-seconds"),
                arguments(Headers.DATE, "Sat, 13 Nov 2010 23:29:00 +0000", "not an RFC 1123 date"),
                arguments(Headers.DATE, "Saturday, 13-Nov-10 23:29:00 GMT", "not an RFC 1123 date"),
                arguments(Headers.DATE, "Sat, 13 Nov 2010 23:29 GMT", "not an RFC 1123 date"),
                arguments(Headers.DATE, "Sat, 31 Nov 2010 23:29:00 GMT", "not an RFC 1123 date"),
                arguments(Headers.DATE, "Sat, 3 Nov 2010 23:29:00 GMT", "not an RFC 1123 date"),
                arguments(Headers.DATE, "Sun, 13 Nov 2010 23:29:00 GMT", "weekday does not match"),
                arguments(Headers.DATE, "1289690940", "not an RFC 1123 date"),
                arguments(Headers.CALL_ID, "a b@c", "invalid Call-ID"),
                arguments(Headers.CALL_ID, " ", "invalid Call-ID"),
                arguments(Headers.IN_REPLY_TO, "a\u0001b", "invalid Call-ID"),
                arguments(Headers.SUBJECT, "bad\u0000byte", "control character"),
                arguments(Headers.SERVER, "  ", "empty value"),
                arguments(Headers.USER_AGENT, "baresip (unterminated", "unterminated comment"),
                arguments(Headers.RETRY_AFTER, "soon", "invalid delta-seconds"),
                arguments(Headers.RETRY_AFTER, "120 (meeting", "unterminated comment"),
                arguments(Headers.RETRY_AFTER, "120;duration=x", "invalid delta-seconds"),
                arguments(Headers.RETRY_AFTER, "120 seconds", "junk after delta-seconds"),
                arguments(Headers.TIMESTAMP, "54 0.1 9", "invalid timestamp"),
                arguments(Headers.TIMESTAMP, ".5", "invalid timestamp"),
                arguments(Headers.TIMESTAMP, "abc", "invalid timestamp"),
                arguments(Headers.WARNING, "30 isi.edu \"x\"", "invalid warn-code"),
                arguments(Headers.WARNING, "307 isi.edu text", "warn-text must be a quoted-string"),
                arguments(Headers.WARNING, "307 isi.edu \"unterminated", "unterminated quoted-string"),
                arguments(Headers.WARNING, "307 \"no agent\"", "missing warn-agent"),
                arguments(Headers.WARNING, "307 isi.edu \"x\" y", "junk after warn-text"));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource
    void rejected(HeaderType<?> type, String value, String reason) {
        rejects(type, value, reason);
    }
}
