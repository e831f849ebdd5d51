package io.dialtone.session.internal;

import io.dialtone.sdp.Answer;
import io.dialtone.sdp.MediaDescription;
import io.dialtone.sdp.MediaDirection;
import io.dialtone.sdp.OfferAnswer;
import io.dialtone.sdp.OfferParams;
import io.dialtone.sdp.SessionDescription;
import io.dialtone.session.SessionConfig;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Signalling-only media ({@link SessionConfig#mediaEnabled()} false). The media engine is
 * {@code null}: any attempt to open an RTP socket or stream would fail the test.
 */
@DisplayName("RFC 3264 §5.1/§6 signalling-only media: port 9, a=inactive, no stream")
class SessionMediaTest {
    static final SessionConfig NO_MEDIA = SessionConfig.builder().mediaAddress("192.0.2.10").media(false).build();

    static SessionDescription peerOffer() {
        return OfferAnswer.createOffer(OfferParams.builder("198.51.100.1", 40000).sessionId(1).build());
    }

    @Test
    void answerAcceptsTheOfferedCodecOnPort9InactiveWithoutOpeningAStream() {
        SessionMedia media = new SessionMedia(null, NO_MEDIA);

        Answer a = media.answer(peerOffer());

        assertThat(a.isAcceptable()).isTrue(); // not refused (port 0) - the call is accepted
        MediaDescription m = a.sdp().media().get(0);
        assertThat(m.port()).isEqualTo(SessionMedia.DISCARD_PORT).isEqualTo(9);
        assertThat(m.declaredDirection()).hasValue(MediaDirection.INACTIVE);
        assertThat(m.rtpmap(0)).isPresent(); // PCMU, as offered
        assertThat(a.sdp().serialize()).contains("c=IN IP4 192.0.2.10").contains("a=inactive");
        assertThat(a.media().orElseThrow().encodingName()).isEqualToIgnoringCase("PCMU");

        media.start(a.media().orElseThrow(), null, null); // no stream to start
        media.update(a.media().orElseThrow());
        assertThat(media.stats()).isNull();               // no stream was ever opened
        assertThat(media.sendDtmf('1', 100)).isCompletedExceptionally();
        media.stop();
    }

    @Test
    void offerIsPort9InactiveAndReanswerKeepsIt() {
        SessionMedia media = new SessionMedia(null, NO_MEDIA);

        SessionDescription offer = media.offer();
        MediaDescription m = offer.media().get(0);
        assertThat(m.port()).isEqualTo(9);
        assertThat(m.declaredDirection()).hasValue(MediaDirection.INACTIVE);
        assertThat(m.payloadTypes()).contains(0, 8);

        SessionMedia uas = new SessionMedia(null, NO_MEDIA);
        uas.answer(peerOffer());
        Answer re = uas.reanswer(peerOffer());
        assertThat(re.sdp().media().get(0).port()).isEqualTo(9);
        assertThat(re.sdp().media().get(0).declaredDirection()).hasValue(MediaDirection.INACTIVE);
        assertThat(uas.stats()).isNull();
    }

    @Test
    void answerInitialOfferUsesTheOfferTheLayerParsedOnceThenTheBody() {
        SessionDescription parsed = peerOffer();                         // what SessionLayer parsed to check it
        byte[] body = OfferAnswer.createOffer(OfferParams.builder("203.0.113.7", 50000).sessionId(2).build()).toBytes();
        SessionMedia media = new SessionMedia(null, NO_MEDIA, parsed);

        Answer first = media.answerInitialOffer(body);
        assertThat(first.media().orElseThrow().remoteAddress()).isEqualTo("198.51.100.1"); // the kept offer, not re-parsed
        assertThat(first.toBytes()).isEqualTo(media.localSdp().toBytes());                // our SDP is the answer sent

        Answer again = new SessionMedia(null, NO_MEDIA).answerInitialOffer(body);          // nothing kept: the body
        assertThat(again.media().orElseThrow().remoteAddress()).isEqualTo("203.0.113.7");
        assertThat(media.answerInitialOffer(body).media().orElseThrow().remoteAddress())
                .as("the kept offer is let go once answered").isEqualTo("203.0.113.7");
    }

    @Test
    void answerBytesAreTheSerializedAnswerSdp() {  // UasInvite sends toBytes(); localSdp() must read the same SDP back
        SessionMedia media = new SessionMedia(null, NO_MEDIA);
        Answer a = media.answer(peerOffer());
        assertThat(a.toBytes()).isEqualTo(a.sdp().toBytes());
        assertThat(media.localSdp()).isEqualTo(a.sdp());
    }
}
