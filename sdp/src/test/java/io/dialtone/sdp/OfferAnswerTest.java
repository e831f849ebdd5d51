package io.dialtone.sdp;

import static io.dialtone.sdp.MediaDirection.INACTIVE;
import static io.dialtone.sdp.MediaDirection.RECVONLY;
import static io.dialtone.sdp.MediaDirection.SENDONLY;
import static io.dialtone.sdp.MediaDirection.SENDRECV;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@DisplayName("RFC 3264 offer/answer")
class OfferAnswerTest {

    static final AnswerParams US = AnswerParams.builder("10.0.0.2", 30000).sessionId(55).sessionVersion(1).build();

    static SessionDescription offer(String mLines) {
        return SessionDescription.parse("v=0\r\no=peer 100 1 IN IP4 10.0.0.1\r\ns=-\r\nc=IN IP4 10.0.0.1\r\nt=0 0\r\n" + mLines);
    }

    @Nested
    @DisplayName("§5 generating the offer")
    class CreateOffer {
        @Test
        void defaultOffer() {
            OfferParams p = OfferParams.builder("192.0.2.5", 20000).sessionId(42).sessionVersion(1).build();
            SessionDescription sd = OfferAnswer.createOffer(p);
            assertThat(sd.serialize()).isEqualTo(String.join("\r\n",
                    "v=0", "o=- 42 1 IN IP4 192.0.2.5", "s=-", "c=IN IP4 192.0.2.5", "t=0 0",
                    "m=audio 20000 RTP/AVP 0 8 101",
                    "a=rtpmap:0 PCMU/8000", "a=rtpmap:8 PCMA/8000", "a=rtpmap:101 telephone-event/8000", "a=fmtp:101 0-16",
                    "a=ptime:20", "a=sendrecv", ""));
            assertThat(SessionDescription.parse(sd.serialize())).isEqualTo(sd);
        }

        @Test
        void ipv6RtcpMuxAndHold() {
            OfferParams p = OfferParams.builder("2001:db8::5", 20000).sessionId(1).direction(SENDONLY).rtcpMux(true).build();
            SessionDescription sd = OfferAnswer.createOffer(p);
            assertThat(sd.connection()).contains(new Connection("IN", "IP6", "2001:db8::5"));
            assertThat(sd.origin().addrType()).isEqualTo("IP6");
            assertThat(sd.media().get(0).direction()).isEqualTo(SENDONLY);
            assertThat(sd.media().get(0).rtcpMux()).isTrue();
        }

        @Test
        void reOfferKeepsSessIdAndIncrementsVersion() {  // §8
            OfferParams p = OfferParams.builder("192.0.2.5", 20000).sessionId(42).sessionVersion(1).build();
            SessionDescription first = OfferAnswer.createOffer(p);
            SessionDescription hold = OfferAnswer.createOffer(p.toBuilder().sessionVersion(2).direction(SENDONLY).build());
            assertThat(hold.origin().sessId()).isEqualTo(first.origin().sessId());
            assertThat(hold.origin().sessVersion()).isEqualTo(2);
            assertThat(first.withVersion(2).origin()).isEqualTo(hold.origin());
        }

        @Test
        void defaultSessionIdIsPositiveAndVersionStartsThere() {
            OfferParams p = OfferParams.builder("192.0.2.5", 20000).build();
            assertThat(p.sessionId()).isPositive();
            assertThat(p.sessionVersion()).isEqualTo(p.sessionId());
        }
    }

    @Nested
    @DisplayName("§6 generating the answer")
    class AnswerTo {
        @Test
        void picksPcmaWhenOffererPrefersIt() {
            Answer a = OfferAnswer.answer(offer("m=audio 4000 RTP/AVP 8 0 101\r\na=rtpmap:101 telephone-event/8000\r\na=fmtp:101 0-15\r\n"), US);
            MediaDescription m = a.sdp().media().get(0);
            assertThat(m.payloadTypes()).containsExactly(8, 101);
            assertThat(m.rtpmap(8)).contains(RtpMap.of(8, "PCMA", 8000));
            assertThat(m.fmtp(101)).contains("0-16");
            assertThat(m.port()).isEqualTo(30000);
            assertThat(m.ptime()).isEqualTo(OptionalInt.of(20));
            assertThat(a.sdp().connection()).contains(Connection.of("10.0.0.2"));
            assertThat(a.sdp().origin()).isEqualTo(Origin.of("-", 55, 1, "10.0.0.2"));
            assertThat(a.media()).get().extracting(NegotiatedMedia::payloadType, NegotiatedMedia::encodingName)
                    .containsExactly(8, "PCMA");
        }

        @Test
        void picksPcmuWhenOffererPrefersIt() {
            Answer a = OfferAnswer.answer(offer("m=audio 4000 RTP/AVP 0 8\r\n"), US);
            assertThat(a.sdp().media().get(0).payloadTypes()).containsExactly(0);
            assertThat(a.media().orElseThrow().telephoneEventPayloadType()).isEmpty();
        }

        @Test
        void keepsOfferersTelephoneEventNumber() {  // §6.1
            Answer a = OfferAnswer.answer(offer("m=audio 4000 RTP/AVP 0 100\r\na=rtpmap:100 telephone-event/8000\r\n"), US);
            assertThat(a.sdp().media().get(0).payloadTypes()).containsExactly(0, 100);
            assertThat(a.sdp().media().get(0).rtpmap(100)).contains(RtpMap.of(100, "telephone-event", 8000));
            assertThat(a.media().orElseThrow().telephoneEventPayloadType()).isEqualTo(OptionalInt.of(100));
        }

        @Test
        void keepsOfferersDynamicNumbersForOurCodecs() {
            AnswerParams opus = US.toBuilder().codecs(List.of(new Codec("opus", 111, 48000, 2, null), Codec.TELEPHONE_EVENT)).build();
            SessionDescription baresip = SessionDescription.parse(SessionDescriptionParseTest.BARESIP);
            Answer a = OfferAnswer.answer(baresip, opus);
            MediaDescription m = a.sdp().media().get(0);
            assertThat(m.payloadTypes()).containsExactly(111, 101);   // telephone-event/8000 kept beside opus/48000
            assertThat(m.fmtp(111)).contains("stereo=1;sprop-stereo=1");
            assertThat(m.rtcpMux()).isFalse();                        // not enabled locally
            assertThat(a.media().orElseThrow().rtcpMux()).isFalse();
        }

        @Test
        void listsAllCommonCodecsInOfferersOrderWhenAsked() {
            SessionDescription baresip = SessionDescription.parse(SessionDescriptionParseTest.BARESIP);
            Answer a = OfferAnswer.answer(baresip, US.toBuilder().singleCodec(false).rtcpMux(true).build());
            MediaDescription m = a.sdp().media().get(0);
            assertThat(m.payloadTypes()).containsExactly(0, 8, 101);
            assertThat(m.rtcpMux()).isTrue();
            assertThat(a.media().orElseThrow().rtcpMux()).isTrue();
            assertThat(a.media().orElseThrow().payloadType()).isZero();
        }

        @Test
        void refusesVideoWithPortZeroAndKeepsFormats() {
            Answer a = OfferAnswer.answer(offer("m=audio 4000 RTP/AVP 0\r\nm=video 4002 RTP/AVP 31 34\r\na=sendrecv\r\n"), US);
            assertThat(a.sdp().media()).hasSize(2);
            MediaDescription v = a.sdp().media().get(1);
            assertThat(v.media()).isEqualTo("video");
            assertThat(v.port()).isZero();
            assertThat(v.formats()).containsExactly("31", "34");
            assertThat(v.attributes()).isEmpty();
            assertThat(a.media().orElseThrow().mediaIndex()).isZero();
        }

        @Test
        void refusesAudioWithOnlyUnsupportedCodecsAndAcceptsTheNextOne() {
            Answer a = OfferAnswer.answer(offer("m=audio 4000 RTP/AVP 18 96\r\na=rtpmap:96 opus/48000/2\r\n"
                    + "m=audio 5000 RTP/AVP 8\r\n"), US);
            assertThat(a.sdp().media().get(0).port()).isZero();
            assertThat(a.sdp().media().get(0).formats()).containsExactly("18", "96");
            assertThat(a.sdp().media().get(1).port()).isEqualTo(30000);
            assertThat(a.media().orElseThrow().mediaIndex()).isEqualTo(1);
            assertThat(a.media().orElseThrow().remotePort()).isEqualTo(5000);
        }

        @Test
        void acceptsOnlyTheFirstAudioStream() {
            Answer a = OfferAnswer.answer(offer("m=audio 4000 RTP/AVP 0\r\nm=audio 5000 RTP/AVP 0\r\n"), US);
            assertThat(a.sdp().media()).extracting(MediaDescription::port).containsExactly(30000, 0);
        }

        @Test
        void refusesSrtpDisabledStreamsAndUnknownMedia() {
            Answer a = OfferAnswer.answer(offer("m=audio 4000 RTP/SAVP 0\r\nm=audio 0 RTP/AVP 0\r\nm=image 6000 udptl t38\r\n"), US);
            assertThat(a.sdp().media()).extracting(MediaDescription::port).containsExactly(0, 0, 0);
            assertThat(a.sdp().media().get(2).formats()).containsExactly("t38");
            assertThat(a.isAcceptable()).isFalse();
        }

        @Test
        void nothingAcceptableMeans488() {
            Answer a = OfferAnswer.answer(offer("m=audio 4000 RTP/AVP 18\r\nm=video 4002 RTP/AVP 31\r\n"), US);
            assertThat(a.media()).isEmpty();
            assertThat(a.sdp().media()).extracting(MediaDescription::port).containsExactly(0, 0);
        }

        @Test
        void dynamicPayloadTypeWithoutRtpmapIsUnusable() {
            assertThat(OfferAnswer.answer(offer("m=audio 4000 RTP/AVP 96\r\n"), US).media()).isEmpty();
        }

        @Test
        void answerSerializesAndParsesBack() {
            Answer a = OfferAnswer.answer(offer("m=audio 4000 RTP/AVP 0 8 101\r\na=rtpmap:101 telephone-event/8000\r\n"), US);
            assertThat(SessionDescription.parse(a.sdp().toBytes())).isEqualTo(a.sdp());
        }

        /** §6.1: the answer's direction reverses the offer's, intersected with what we allow. */
        @ParameterizedTest(name = "offer {0}, we allow {1} -> answer {2}")
        @CsvSource({
                "SENDRECV, SENDRECV, SENDRECV",
                "SENDONLY, SENDRECV, RECVONLY",
                "RECVONLY, SENDRECV, SENDONLY",
                "INACTIVE, SENDRECV, INACTIVE",
                "SENDRECV, SENDONLY, SENDONLY",
                "SENDRECV, RECVONLY, RECVONLY",
                "SENDRECV, INACTIVE, INACTIVE",
                "SENDONLY, SENDONLY, INACTIVE",
                "SENDONLY, RECVONLY, RECVONLY",
                "RECVONLY, RECVONLY, INACTIVE",
                "RECVONLY, SENDONLY, SENDONLY",
                "INACTIVE, INACTIVE, INACTIVE"})
        void directionTable(MediaDirection offered, MediaDirection allowed, MediaDirection answered) {
            SessionDescription o = offer("m=audio 4000 RTP/AVP 0\r\na=" + offered.attributeName() + "\r\n");
            Answer a = OfferAnswer.answer(o, US.toBuilder().direction(allowed).build());
            assertThat(a.sdp().media().get(0).direction()).isEqualTo(answered);
            assertThat(a.media().orElseThrow().direction()).isEqualTo(answered);  // the answerer's own view
        }

        @Test
        void sessionLevelDirectionIsInherited() {  // RFC 8866 §6.7
            SessionDescription o = SessionDescription.parse("v=0\r\no=- 1 1 IN IP4 10.0.0.1\r\ns=-\r\nc=IN IP4 10.0.0.1\r\nt=0 0\r\n"
                    + "a=sendonly\r\nm=audio 4000 RTP/AVP 0\r\n");
            assertThat(OfferAnswer.answer(o, US).sdp().media().get(0).direction()).isEqualTo(RECVONLY);
        }
    }

    @Nested
    @DisplayName("§6.1, §7 applying the answer")
    class Negotiate {
        final OfferParams ours = OfferParams.builder("192.0.2.5", 20000).sessionId(42).sessionVersion(1).build();

        @Test
        void offererReadsRemoteAddressPortAndPayloadType() {
            SessionDescription offer = OfferAnswer.createOffer(ours);
            SessionDescription answer = SessionDescription.parse("v=0\r\no=- 9 9 IN IP4 198.51.100.7\r\ns=-\r\n"
                    + "c=IN IP4 198.51.100.7\r\nt=0 0\r\nm=audio 7078 RTP/AVP 8 101\r\nc=IN IP4 198.51.100.8\r\n"
                    + "a=rtpmap:101 telephone-event/8000\r\na=ptime:30\r\n");
            NegotiatedMedia n = OfferAnswer.negotiate(offer, answer, true).orElseThrow();
            assertThat(n).isEqualTo(new NegotiatedMedia(0, "198.51.100.8", 7078, 8, "PCMA", 8000, 1, 30,
                    OptionalInt.of(101), SENDRECV, false));
            assertThat(n.samplesPerPacket()).isEqualTo(240);
        }

        @Test
        void sippAnswerWithSessionLevelConnection() {
            SessionDescription offer = OfferAnswer.createOffer(ours);
            SessionDescription answer = SessionDescription.parse(SessionDescriptionParseTest.SIPP_UAC);
            NegotiatedMedia n = OfferAnswer.negotiate(offer, answer, true).orElseThrow();
            assertThat(n.remoteAddress()).isEqualTo("127.0.0.1");
            assertThat(n.remotePort()).isEqualTo(6000);
            assertThat(n.payloadType()).isZero();
            assertThat(n.ptimeMs()).isEqualTo(20);
            assertThat(n.telephoneEventPayloadType()).isEmpty();
        }

        @Test
        void answererSeesTheOfferersAddress() {
            SessionDescription offer = OfferAnswer.createOffer(ours);
            Answer a = OfferAnswer.answer(offer, US);
            NegotiatedMedia n = a.media().orElseThrow();
            assertThat(n.remoteAddress()).isEqualTo("192.0.2.5");
            assertThat(n.remotePort()).isEqualTo(20000);
            assertThat(n.payloadType()).isZero();
            assertThat(n.telephoneEventPayloadType()).isEqualTo(OptionalInt.of(101));
            assertThat(OfferAnswer.negotiate(offer, a.sdp(), false)).isEqualTo(a.media());
            // and the offerer's view of the same exchange
            NegotiatedMedia back = OfferAnswer.negotiate(offer, a.sdp(), true).orElseThrow();
            assertThat(back.remoteAddress()).isEqualTo("10.0.0.2");
            assertThat(back.remotePort()).isEqualTo(30000);
            assertThat(back.payloadType()).isZero();
        }

        @Test
        void holdSeenByTheOfferer() {  // RFC 3264 §8.4
            SessionDescription offer = OfferAnswer.createOffer(ours.toBuilder().sessionVersion(2).direction(SENDONLY).build());
            Answer a = OfferAnswer.answer(offer, US);
            NegotiatedMedia mine = OfferAnswer.negotiate(offer, a.sdp(), true).orElseThrow();
            assertThat(mine.sends()).isTrue();
            assertThat(mine.receives()).isFalse();
            assertThat(a.media().orElseThrow().direction()).isEqualTo(RECVONLY);
        }

        @Test
        void portZeroMeansRejected() {
            SessionDescription offer = OfferAnswer.createOffer(ours);
            SessionDescription answer = SessionDescription.parse(SessionDescriptionParseTest.SIPP_UAC.replace("6000", "0"));
            assertThat(OfferAnswer.negotiate(offer, answer, true)).isEmpty();
        }

        @Test
        void mismatchedMLineCountIsEmpty() {
            SessionDescription offer = OfferAnswer.createOffer(ours);
            SessionDescription answer = SessionDescription.parse(SessionDescriptionParseTest.SIPP_UAC + "m=video 0 RTP/AVP 31\n");
            assertThat(OfferAnswer.negotiate(offer, answer, true)).isEmpty();
        }

        @Test
        void answerWithFormatNotOfferedIsIgnored() {
            SessionDescription offer = OfferAnswer.createOffer(ours.toBuilder().codecs(List.of(Codec.PCMU)).build());
            SessionDescription answer = SessionDescription.parse(SessionDescriptionParseTest.SIPP_UAC.replace("RTP/AVP 0", "RTP/AVP 8"));
            assertThat(OfferAnswer.negotiate(offer, answer, true)).isEmpty();
        }
    }
}
