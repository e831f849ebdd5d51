package io.dialtone.session.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.dialtone.rtp.MediaEngine;
import io.dialtone.sdp.Answer;
import io.dialtone.sdp.OfferAnswer;
import io.dialtone.sdp.OfferParams;
import io.dialtone.sdp.SessionDescription;
import io.dialtone.session.SessionConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("RFC 5761 §5.1.1 rtcp-mux offer/answer")
class SessionMediaRtcpMuxTest {

    private final MediaEngine engine = MediaEngine.create(1);
    private final SessionConfig config = SessionConfig.builder().mediaAddress("127.0.0.1").build();

    @AfterEach
    void close() {
        engine.close();
    }

    @Test
    void offerCarriesRtcpMux() {
        SessionMedia media = new SessionMedia(engine, config);
        SessionDescription offer = media.offer();
        assertThat(offer.media().get(0).rtcpMux()).isTrue();
        media.stop();
    }

    @Test
    void answerAcceptsRtcpMuxOnlyWhenOffered() {
        SessionMedia withMux = new SessionMedia(engine, config);
        Answer a = withMux.answer(OfferAnswer.createOffer(
                OfferParams.builder("127.0.0.1", 40000).sessionId(1).rtcpMux(true).build()));
        assertThat(a.sdp().media().get(0).rtcpMux()).isTrue();
        assertThat(a.media().orElseThrow().rtcpMux()).isTrue();
        withMux.update(a.media().orElseThrow()); // the stream multiplexes from here
        withMux.stop();

        SessionMedia without = new SessionMedia(engine, config);
        Answer b = without.answer(OfferAnswer.createOffer(
                OfferParams.builder("127.0.0.1", 40002).sessionId(2).build()));
        assertThat(b.sdp().media().get(0).rtcpMux()).isFalse();
        assertThat(b.media().orElseThrow().rtcpMux()).isFalse();
        without.stop();
    }
}
