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

@DisplayName("RFC 3261 §20.1, §20.11, §20.15, §20.24")
class MediaHeadersTest {

    static Stream<Arguments> mediaRanges() {
        return Stream.of(
                arguments(Headers.CONTENT_TYPE, "application/sdp", "application/sdp", "application/sdp"),
                arguments(Headers.CONTENT_TYPE, "text/html; charset=ISO-8859-4", "text/html", "text/html;charset=ISO-8859-4"),
                arguments(Headers.CONTENT_TYPE, "Application/SDP", "application/sdp", "application/sdp"),
                arguments(Headers.CONTENT_TYPE, "multipart/mixed;boundary=unique-boundary-1", "multipart/mixed",
                        "multipart/mixed;boundary=unique-boundary-1"),
                arguments(Headers.CONTENT_TYPE, "message/sipfrag;version=2.0", "message/sipfrag", "message/sipfrag;version=2.0"),
                arguments(Headers.CONTENT_TYPE, "application/dtmf-relay", "application/dtmf-relay", "application/dtmf-relay"),
                arguments(Headers.CONTENT_TYPE, "multipart/related ; type=\"application/sdp\" ; boundary=\"--abc\"",
                        "multipart/related", "multipart/related;type=\"application/sdp\";boundary=\"--abc\""),
                arguments(Headers.ACCEPT, "application/sdp;level=1", "application/sdp", "application/sdp;level=1"),
                arguments(Headers.ACCEPT, "application/x-private", "application/x-private", "application/x-private"),
                arguments(Headers.ACCEPT, "text/* ;q=0.5", "text/*", "text/*;q=0.5"),
                arguments(Headers.ACCEPT, "*/*", "*/*", "*/*"),
                arguments(Headers.ACCEPT, "application/pidf+xml", "application/pidf+xml", "application/pidf+xml"));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("mediaRanges")
    void mediaRanges(HeaderType<MediaRange> type, String value, String mediaType, String wire) {
        MediaRange m = roundTrip(type, value);
        assertThat(m.mediaType()).isEqualTo(mediaType);
        assertThat(m).hasToString(wire);
    }

    @Test
    void accessors() {
        MediaRange m = Headers.CONTENT_TYPE.parse("text/plain;charset=\"UTF-8\";x-unknown=1");
        assertThat(m.charset()).isEqualTo("UTF-8");
        assertThat(m.param("x-unknown")).isEqualTo("1");
        assertThat(Headers.ACCEPT.parse("text/*;q=0.3").q()).isEqualTo(0.3);
        assertThat(Headers.ACCEPT.parse("text/*").matches(MediaRange.of("text", "plain"))).isTrue();
        assertThat(Headers.ACCEPT.parse("*/*").matches(MediaRange.of("application", "sdp"))).isTrue();
        assertThat(Headers.ACCEPT.parse("audio/*").matches(MediaRange.of("application", "sdp"))).isFalse();
    }

    static Stream<Arguments> dispositions() {
        return Stream.of(
                arguments("session", "session", "required", "session"),
                arguments("session;handling=optional", "session", "optional", "session;handling=optional"),
                arguments("Render ; handling=required", "render", "required", "render;handling=required"),
                arguments("signal;handling=required", "signal", "required", "signal;handling=required"),
                arguments("icon;handling=optional;x-new=\"a;b\"", "icon", "optional", "icon;handling=optional;x-new=\"a;b\""));
    }

    @ParameterizedTest(name = "Content-Disposition: {0}")
    @MethodSource
    void dispositions(String value, String type, String handling, String wire) {
        ContentDisposition d = roundTrip(Headers.CONTENT_DISPOSITION, value);
        assertThat(d.type()).isEqualTo(type);
        assertThat(d.handling()).isEqualTo(handling);
        assertThat(d.isOptional()).isEqualTo(handling.equals("optional"));
        assertThat(d).hasToString(wire);
    }

    @Test
    void mimeVersion() {
        assertThat(roundTrip(Headers.MIME_VERSION, "1.0")).isEqualTo(new MimeVersion(1, 0));
        assertThat(roundTrip(Headers.MIME_VERSION, " 1 . 0 ")).hasToString("1.0");
    }

    static Stream<Arguments> rejected() {
        return Stream.of(
                arguments(Headers.CONTENT_TYPE, "application", "missing '/'"),
                arguments(Headers.CONTENT_TYPE, "application/", "invalid media subtype"),
                arguments(Headers.CONTENT_TYPE, "app lication/sdp", "invalid media type"),
                arguments(Headers.CONTENT_TYPE, "*/sdp", "invalid media range"),
                arguments(Headers.CONTENT_TYPE, ";charset=utf-8", "missing media type"),
                arguments(Headers.CONTENT_TYPE, "text/plain;charset=\"utf-8", "unterminated quoted-string"),
                arguments(Headers.CONTENT_TYPE, "text/plain;=x", "invalid parameter name"),
                arguments(Headers.CONTENT_TYPE, "text/plain;a=b c", "invalid value"),
                arguments(Headers.ACCEPT, "text/*;q=1.5", "invalid q value"),
                arguments(Headers.CONTENT_DISPOSITION, "ses sion", "invalid disposition type"),
                arguments(Headers.MIME_VERSION, "1", "invalid version"),
                arguments(Headers.MIME_VERSION, "1.x", "invalid version number"));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource
    void rejected(HeaderType<?> type, String value, String reason) {
        rejects(type, value, reason);
    }
}
