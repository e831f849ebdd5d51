package io.dialtone.sdp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link OfferAnswer#answer}, which writes the answer straight to bytes from a cached template,
 * against the general builder it replaced ({@link ReferenceAnswerer}: the value builders, then
 * {@link SessionDescription#toBytes()} and {@link OfferAnswer#negotiate}): byte-identical SDP, an
 * equal {@link SessionDescription} and an equal negotiated stream (RFC 3264 §6, §6.1).
 */
@DisplayName("RFC 3264 §6 answer: template against the general builder")
class AnswerTemplateTest {

    static List<AnswerParams> locals() {
        AnswerParams base = AnswerParams.builder("10.0.0.2", 30000).sessionId(55).sessionVersion(1).build();
        return List.of(
                base,
                AnswerParams.builder("127.0.0.1", 9).direction(MediaDirection.INACTIVE).sessionId(4242424242L)
                        .username("dialtone").build(),                                       // DialtoneUas --media none
                base.toBuilder().singleCodec(false).rtcpMux(true).ptimeMs(30).build(),
                base.toBuilder().direction(MediaDirection.SENDONLY).sessionId(Long.MAX_VALUE).sessionVersion(0).build(),
                base.toBuilder().direction(MediaDirection.RECVONLY).rtcpMux(true).build(),
                AnswerParams.builder("2001:db8::2", 65535).sessionId(1).sessionName("Dialtone ☎ café").username("bob").build(),
                base.toBuilder().codecs(List.of(new Codec("opus", 111, 48000, 2, "useinbandfec=1"), Codec.PCMA,
                        Codec.TELEPHONE_EVENT.withFmtp(null))).singleCodec(false).build(),
                base.toBuilder().codecs(List.of(Codec.of("G722", 9, 8000), Codec.TELEPHONE_EVENT)).build(),
                base.toBuilder().codecs(List.of()).build());                                 // nothing supported
    }

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (String offer : SdpCorpus.offers()) for (AnswerParams local : locals()) out.add(Arguments.of(offer, local));
        return out.stream();
    }

    static void assertSameAnswer(SessionDescription offer, AnswerParams local) {
        ReferenceAnswerer.Result expected;
        try {
            expected = ReferenceAnswerer.answer(offer, local);
        } catch (RuntimeException e) {
            assertThatThrownBy(() -> OfferAnswer.answer(offer, local)).as(offer.serialize())
                    .isInstanceOf(e.getClass()).hasMessage(e.getMessage());
            return;
        }
        Answer actual = OfferAnswer.answer(offer, local);
        String context = offer.serialize() + " / " + local;
        assertThat(new String(actual.toBytes(), StandardCharsets.UTF_8)).as(context)
                .isEqualTo(new String(expected.sdp().toBytes(), StandardCharsets.UTF_8));
        assertThat(actual.toBytes()).as(context).isEqualTo(expected.sdp().toBytes());
        assertThat(actual.sdp()).as(context).isEqualTo(expected.sdp());
        assertThat(actual.media()).as(context).isEqualTo(expected.media());
    }

    @ParameterizedTest
    @MethodSource("cases")
    void byteIdenticalToTheGeneralBuilder(String offer, AnswerParams local) {
        assertSameAnswer(SessionDescription.parse(offer), local);
    }

    @Test
    void seededMutationsOfOffersGiveTheSameAnswer() {
        Random r = new Random(3264);
        List<String> offers = SdpCorpus.offers();
        List<AnswerParams> locals = locals();
        int answered = 0;
        for (int i = 0; i < 20_000; i++) {
            byte[] body = SdpCorpus.mutate(offers.get(r.nextInt(offers.size())).getBytes(StandardCharsets.UTF_8), r);
            SessionDescription offer;
            try {
                offer = SessionDescription.parse(body);
            } catch (SdpParseException e) {
                continue;
            }
            assertSameAnswer(offer, locals.get(r.nextInt(locals.size())));
            answered++;
        }
        assertThat(answered).isGreaterThan(5_000);
    }

    @Test
    void sippUacAnsweredAsTheLoadUasDoes() {
        Answer a = OfferAnswer.answer(SessionDescription.parse(SdpCorpus.offers().get(0)), locals().get(1));
        assertThat(new String(a.toBytes(), StandardCharsets.US_ASCII)).isEqualTo(String.join("\r\n",
                "v=0", "o=dialtone 4242424242 4242424242 IN IP4 127.0.0.1", "s=-", "c=IN IP4 127.0.0.1", "t=0 0",
                "m=audio 9 RTP/AVP 0", "a=rtpmap:0 PCMU/8000", "a=ptime:20", "a=inactive", ""));
        assertThat(a.media()).hasValueSatisfying(m -> {
            assertThat(m.remoteAddress()).isEqualTo("127.0.0.1");
            assertThat(m.remotePort()).isEqualTo(6000);
            assertThat(m.encodingName()).isEqualTo("PCMU");
            assertThat(m.direction()).isEqualTo(MediaDirection.INACTIVE);
        });
    }

    @Test
    void templateFollowsAChangeOfLocalIdentity() {  // the one-slot cache must not serve another config's text
        SessionDescription offer = SessionDescription.parse(SdpCorpus.offers().get(0));
        for (int round = 0; round < 3; round++) {
            for (AnswerParams local : locals()) assertSameAnswer(offer, local);
        }
        AnswerParams a = locals().get(0);
        assertSameAnswer(offer, a.toBuilder().sessionName("other").build());
        assertSameAnswer(offer, a.toBuilder().username("other").build());
        assertSameAnswer(offer, a.toBuilder().ptimeMs(40).build());
        assertSameAnswer(offer, AnswerParams.builder("10.0.0.3", 30000).sessionId(55).build());
    }

    @Test
    void unwritableLocalIdentityFailsAsTheGeneralBuilderDoes() {
        SessionDescription offer = SessionDescription.parse(SdpCorpus.offers().get(0));
        AnswerParams base = locals().get(0);
        assertSameAnswer(offer, base.toBuilder().username("two words").build());
        assertSameAnswer(offer, AnswerParams.builder("10.0.0.2\r\nx", 30000).build());
        assertSameAnswer(offer, base.toBuilder().sessionName("a\nb").build());
        assertThatThrownBy(() -> OfferAnswer.answer(offer, base.toBuilder().username("two words").build()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void answerFromAValueSerializesItOnceAndParsesBackEqual() {
        ReferenceAnswerer.Result r = ReferenceAnswerer.answer(SessionDescription.parse(SdpCorpus.offers().get(1)), locals().get(2));
        Answer a = new Answer(r.sdp(), r.media());
        assertThat(a.toBytes()).isEqualTo(r.sdp().toBytes()).isNotSameAs(a.toBytes());   // a copy each time
        assertThat(a.sdp()).isSameAs(r.sdp());
        Answer fast = OfferAnswer.answer(SessionDescription.parse(SdpCorpus.offers().get(1)), locals().get(2));
        assertThat(fast).isEqualTo(a).hasSameHashCodeAs(a);
        assertThat(fast.toString()).isEqualTo(a.toString()).contains("m=audio 30000 RTP/AVP 0 8 101");
        assertThat(new Answer(r.sdp(), Optional.empty())).isNotEqualTo(a);
    }
}
