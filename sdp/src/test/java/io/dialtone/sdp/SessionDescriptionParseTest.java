package io.dialtone.sdp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.OptionalInt;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@DisplayName("RFC 8866 §5 SDP syntax")
class SessionDescriptionParseTest {

    static final String BARESIP = String.join("\r\n",
            "v=0",
            "o=- 3837254713 2208988800 IN IP4 192.168.1.10",
            "s=-",
            "c=IN IP4 192.168.1.10",
            "t=0 0",
            "a=tool:baresip 3.10.1",
            "m=audio 10000 RTP/AVP 111 9 0 8 101",
            "b=AS:128",
            "a=rtpmap:111 opus/48000/2",
            "a=fmtp:111 stereo=1;sprop-stereo=1",
            "a=rtpmap:9 G722/8000",
            "a=rtpmap:0 PCMU/8000",
            "a=rtpmap:8 PCMA/8000",
            "a=rtpmap:101 telephone-event/8000",
            "a=fmtp:101 0-15",
            "a=rtcp-mux",
            "a=sendrecv",
            "a=label:1",
            "a=ssrc:2411935731 cname:5e4ab2c8-bc8f-4e7e-8f3f-a9f1c8b7d2b1",
            "a=ptime:20",
            "") ;

    /** SIPp's built-in uac scenario body (LF endings as written in its XML). */
    static final String SIPP_UAC = String.join("\n",
            "v=0",
            "o=user1 53655765 2353687637 IN IP4 127.0.0.1",
            "s=-",
            "c=IN IP4 127.0.0.1",
            "t=0 0",
            "m=audio 6000 RTP/AVP 0",
            "a=rtpmap:0 PCMU/8000",
            "");

    static final String MEDIA_LEVEL_C = String.join("\r\n",
            "v=0",
            "o=alice 2890844526 2890844527 IN IP6 2001:db8::1",
            "s=call",
            "i=a session",
            "t=0 0",
            "a=recvonly",
            "m=audio 49170 RTP/AVP 8 0",
            "c=IN IP6 2001:db8::2",
            "m=video 51372 RTP/AVP 31",
            "c=IN IP4 10.0.0.7",
            "a=sendrecv",
            "");

    @Nested
    class RealWorld {
        @Test
        void baresipOfferWithOpusTelephoneEventRtcpMuxPtime() {
            SessionDescription sd = SessionDescription.parse(BARESIP);
            assertThat(sd.origin()).isEqualTo(new Origin("-", "3837254713", 2208988800L, "IN", "IP4", "192.168.1.10"));
            assertThat(sd.connection()).contains(Connection.of("192.168.1.10"));
            assertThat(sd.timing()).isEqualTo(Timing.UNBOUNDED);
            assertThat(sd.attribute("tool")).contains("baresip 3.10.1");
            assertThat(sd.media()).hasSize(1);
            MediaDescription m = sd.media().get(0);
            assertThat(m.media()).isEqualTo("audio");
            assertThat(m.port()).isEqualTo(10000);
            assertThat(m.proto()).isEqualTo("RTP/AVP");
            assertThat(m.payloadTypes()).containsExactly(111, 9, 0, 8, 101);
            assertThat(m.rtpmap(111)).contains(new RtpMap(111, "opus", 48000, 2));
            assertThat(m.rtpmap(101)).contains(RtpMap.of(101, "telephone-event", 8000));
            assertThat(m.fmtp(101)).contains("0-15");
            assertThat(m.fmtp(111)).contains("stereo=1;sprop-stereo=1");
            assertThat(m.ptime()).isEqualTo(OptionalInt.of(20));
            assertThat(m.rtcpMux()).isTrue();
            assertThat(m.direction()).isEqualTo(MediaDirection.SENDRECV);
            assertThat(m.attribute("ssrc")).contains("2411935731 cname:5e4ab2c8-bc8f-4e7e-8f3f-a9f1c8b7d2b1");
            assertThat(m.otherLines()).containsExactly(new SdpLine('b', "AS:128"));
            assertThat(m.connection()).isEmpty();
            assertThat(m.effectiveConnection(sd)).contains(Connection.of("192.168.1.10"));
        }

        @Test
        void sippUacOfferWithLfEndings() {
            SessionDescription sd = SessionDescription.parse(SIPP_UAC);
            assertThat(sd.origin().username()).isEqualTo("user1");
            assertThat(sd.origin().sessVersion()).isEqualTo(2353687637L);
            MediaDescription m = sd.media().get(0);
            assertThat(m.port()).isEqualTo(6000);
            assertThat(m.payloadTypes()).containsExactly(0);
            assertThat(m.rtpmap(0)).contains(RtpMap.of(0, "PCMU", 8000));
            assertThat(m.ptime()).isEmpty();
            assertThat(m.rtcpMux()).isFalse();
        }

        @Test
        void crlfAndLfGiveTheSameValue() {
            assertThat(SessionDescription.parse(SIPP_UAC.replace("\n", "\r\n"))).isEqualTo(SessionDescription.parse(SIPP_UAC));
        }

        @Test
        void sessionLevelConnectionOnly() {
            SessionDescription sd = SessionDescription.parse(SIPP_UAC);
            assertThat(sd.media().get(0).connection()).isEmpty();
            assertThat(sd.media().get(0).effectiveConnection(sd)).contains(new Connection("IN", "IP4", "127.0.0.1"));
        }

        @Test
        void mediaLevelConnectionOverridesAndDirectionInherits() {  // RFC 8866 §5.7, §6.7
            SessionDescription sd = SessionDescription.parse(MEDIA_LEVEL_C);
            assertThat(sd.connection()).isEmpty();
            assertThat(sd.otherLines()).containsExactly(new SdpLine('i', "a session"));
            MediaDescription audio = sd.media().get(0);
            MediaDescription video = sd.media().get(1);
            assertThat(audio.effectiveConnection(sd)).contains(new Connection("IN", "IP6", "2001:db8::2"));
            assertThat(video.effectiveConnection(sd)).contains(Connection.of("10.0.0.7"));
            assertThat(audio.direction()).isEqualTo(MediaDirection.SENDRECV);
            assertThat(audio.effectiveDirection(sd)).isEqualTo(MediaDirection.RECVONLY);
            assertThat(video.effectiveDirection(sd)).isEqualTo(MediaDirection.SENDRECV);
        }

        @Test
        void staticPayloadTypesWithoutRtpmap() {  // RFC 3551 §6
            MediaDescription m = SessionDescription.parse(MEDIA_LEVEL_C).media().get(0);
            assertThat(m.rtpmap(8)).contains(RtpMap.of(8, "PCMA", 8000));
            assertThat(m.rtpmap(0)).contains(RtpMap.of(0, "PCMU", 8000));
            assertThat(m.rtpmap(96)).isEmpty();
        }

        @Test
        void nonRtpFormatsAreKept() {
            SessionDescription sd = SessionDescription.parse(SIPP_UAC + "m=image 0 udptl t38\nm=application 9 UDP/DTLS/SCTP webrtc-datachannel\n");
            assertThat(sd.media().get(1).formats()).containsExactly("t38");
            assertThat(sd.media().get(2).formats()).containsExactly("webrtc-datachannel");
            assertThat(SessionDescription.parse(sd.serialize())).isEqualTo(sd);
        }

        @Test
        void parsesBytes() {
            assertThat(SessionDescription.parse(SIPP_UAC.getBytes(StandardCharsets.UTF_8))).isEqualTo(SessionDescription.parse(SIPP_UAC));
        }
    }

    @Nested
    class Tolerated {
        @Test
        void unknownLinesAndAttributesSurviveARoundTrip() {
            String text = String.join("\r\n", "v=0", "o=- 1 2 IN IP4 1.2.3.4", "s=-", "u=http://example.com/",
                    "b=CT:64", "t=0 0", "r=604800 3600 0 90000", "x=unknown-type", "a=group:BUNDLE 0", "a=x-vendor",
                    "m=audio 4000 RTP/AVP 0", "i=voice", "k=prompt", "a=mid:0", "a=x-foo:bar:baz", "");
            SessionDescription sd = SessionDescription.parse(text);
            assertThat(sd.serialize()).isEqualTo(text);
            assertThat(sd.attributes()).containsExactly(Attribute.of("group", "BUNDLE 0"), Attribute.property("x-vendor"));
            assertThat(sd.media().get(0).attribute("x-foo")).contains("bar:baz");
        }

        @Test
        void blankLinesMissingSessionNameAndTiming() {
            SessionDescription sd = SessionDescription.parse("v=0\n\no=- 1 1 IN IP4 1.2.3.4\nm=audio 4000 RTP/AVP 0\n\n");
            assertThat(sd.sessionName()).isEqualTo("-");
            assertThat(sd.timing()).isEqualTo(Timing.UNBOUNDED);
            assertThat(sd.media()).hasSize(1);
        }

        @Test
        void extraSpacesAndPortCountAndNoFormats() {
            SessionDescription sd = SessionDescription.parse("v=0\no=- 1 1 IN IP4 1.2.3.4\ns=-\nt=0 0\n"
                    + "m=audio  4000/2  RTP/AVP  0 8\nm=video 0 RTP/AVP\n");
            assertThat(sd.media().get(0).portCount()).isEqualTo(OptionalInt.of(2));
            assertThat(sd.media().get(0).payloadTypes()).containsExactly(0, 8);
            assertThat(sd.media().get(1).formats()).isEmpty();
        }

        @Test
        void malformedRtpmapAndPtimeAreIgnoredNotFatal() {
            MediaDescription m = SessionDescription.parse(SIPP_UAC.replace("a=rtpmap:0 PCMU/8000", "a=rtpmap:96 opus\na=ptime:abc")).media().get(0);
            assertThat(m.rtpmap(96)).isEmpty();
            assertThat(m.ptime()).isEmpty();
        }
    }

    @Nested
    class RoundTrip {
        @ParameterizedTest
        @MethodSource("io.dialtone.sdp.SessionDescriptionParseTest#samples")
        void parseOfSerializeIsIdentity(String text) {
            SessionDescription sd = SessionDescription.parse(text);
            assertThat(SessionDescription.parse(sd.serialize())).isEqualTo(sd);
            assertThat(SessionDescription.parse(new String(sd.toBytes(), StandardCharsets.UTF_8))).isEqualTo(sd);
        }

        @Test
        void serializesCrlfInRfcOrder() {
            SessionDescription sd = SessionDescription.builder()
                    .attribute(Attribute.property("sendrecv"))
                    .media(MediaDescription.builder("audio", 4000, "RTP/AVP").payloadTypes(0).rtpmap(RtpMap.of(0, "PCMU", 8000))
                            .connection(Connection.of("10.0.0.2")).otherLine(new SdpLine('b', "AS:64")).build())
                    .connection(Connection.of("10.0.0.1"))
                    .otherLine(new SdpLine('i', "info"))
                    .origin(Origin.of("-", 7, 8, "10.0.0.1"))
                    .build();
            assertThat(sd.toString()).isEqualTo("v=0\r\no=- 7 8 IN IP4 10.0.0.1\r\ns=-\r\ni=info\r\nc=IN IP4 10.0.0.1\r\nt=0 0\r\n"
                    + "a=sendrecv\r\nm=audio 4000 RTP/AVP 0\r\nc=IN IP4 10.0.0.2\r\nb=AS:64\r\na=rtpmap:0 PCMU/8000\r\n");
        }

        @Test
        void withVersionChangesOnlyTheSessVersion() {  // RFC 3264 §8
            SessionDescription sd = SessionDescription.parse(SIPP_UAC);
            SessionDescription next = sd.withVersion(sd.origin().sessVersion() + 1);
            assertThat(next.origin().sessVersion()).isEqualTo(2353687638L);
            assertThat(next.origin().sessId()).isEqualTo(sd.origin().sessId());
            assertThat(next.media()).isEqualTo(sd.media());
        }
    }

    static List<String> samples() {
        return List.of(BARESIP, SIPP_UAC, MEDIA_LEVEL_C);
    }

    @ParameterizedTest(name = "[{index}] line {1}: {2}")
    @MethodSource("malformed")
    void malformedInputNamesTheLine(String text, int line, String reason) {
        assertThatThrownBy(() -> SessionDescription.parse(text))
                .isInstanceOfSatisfying(SdpParseException.class, e -> {
                    assertThat(e.lineNumber()).isEqualTo(line);
                    assertThat(e.reason()).contains(reason);
                });
    }

    static Stream<Arguments> malformed() {
        String head = "v=0\r\no=- 1 1 IN IP4 1.2.3.4\r\ns=-\r\nc=IN IP4 1.2.3.4\r\nt=0 0\r\n"; // lines 1-5
        return Stream.of(
                Arguments.of("", 0, "missing v="),
                Arguments.of("o=- 1 1 IN IP4 1.2.3.4\r\ns=-\r\n", 1, "missing v="),
                Arguments.of("v=1\r\n", 1, "unsupported SDP version"),
                Arguments.of("v=0\r\ns=-\r\n", 0, "missing o="),
                Arguments.of("v=0\r\no=- 1 1 IN IP4\r\n", 2, "o= needs 6 fields"),
                Arguments.of("v=0\r\no=- 1 x IN IP4 1.2.3.4\r\n", 2, "non-numeric sess-version"),
                Arguments.of(head + "m=audio\r\n", 6, "m= needs"),
                Arguments.of(head + "m=audio abc RTP/AVP 0\r\n", 6, "non-numeric port"),
                Arguments.of(head + "m=audio 70000 RTP/AVP 0\r\n", 6, "port out of range"),
                Arguments.of(head + "m=audio 4000/0 RTP/AVP 0\r\n", 6, "bad number of ports"),
                Arguments.of(head + "m=audio 4000 RTP/AVP 0 PCMU\r\n", 6, "payload type"),
                Arguments.of(head + "m=audio 4000 RTP/AVP 128\r\n", 6, "payload type"),
                Arguments.of(head + "m=audio 4000 RTP/AVP 0\r\nc=IN IP4\r\n", 7, "c= needs 3 fields"),
                Arguments.of(head + "m=audio 4000 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\nbogus\r\n", 8, "expected <type>=<value>"),
                Arguments.of(head + "m=audio 4000 RTP/AVP 0\r\ns=again\r\n", 7, "session-level line inside"),
                Arguments.of("v=0\no=- 1 1 IN IP4 1.2.3.4\ns=-\nt=now 0\n", 4, "non-numeric time"),
                Arguments.of("v=0\no=- 1 1 IN IP4 1.2.3.4\na=\n", 3, "empty attribute name"),
                Arguments.of("v=0\no=- 1 1 IN IP4 1.2.3.4\no=- 2 2 IN IP4 1.2.3.4\n", 3, "duplicate o="));
    }

    @Test
    void exceptionMessageNamesLineAndReason() {
        SdpParseException e = new SdpParseException(6, "m=audio x RTP/AVP 0", "non-numeric port");
        assertThat(e).hasMessage("SDP line 6: non-numeric port in 'm=audio x RTP/AVP 0'");
    }
}
