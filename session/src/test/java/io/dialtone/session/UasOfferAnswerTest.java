package io.dialtone.session;

import io.dialtone.message.SipMethod;
import io.dialtone.message.SipRequest;
import io.dialtone.message.SipResponse;
import io.dialtone.rtp.SilenceSource;
import io.dialtone.sdp.SessionDescription;
import io.dialtone.session.internal.SessionMedia;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The UAS's offer/answer per call (RFC 3264 §6 in a 2xx, RFC 3261 §13.3.1): the offer the layer
 * checks is the one answered, the 200 carries the answer's bytes, and an offer the parser rejects
 * gets 400 naming the fault — here the load test's shape, SIPp's {@code uac} offer with media off.
 */
@DisplayName("RFC 3264 §6 UAS answer per call")
class UasOfferAnswerTest {
    /** What {@code sipp -sd uac} sends, keywords filled in. */
    static final String SIPP_UAC_OFFER = "v=0\r\no=user1 53655765 2353687637 IN IP4 127.0.0.1\r\ns=-\r\n"
            + "c=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 6000 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n";

    private final SessionFixture f = new SessionFixture(SessionConfig.builder().mediaEnabled(false).build());

    @AfterEach
    void closeMedia() {
        f.close();
    }

    @Test
    void sippUacOfferIsAnsweredOnceWithPcmuOnPort9Inactive() {
        SipRequest invite = f.invite(b -> b.body("application/sdp", SIPP_UAC_OFFER));
        InviteSession s = f.ring(invite);
        s.answer(SilenceSource.INSTANCE, SessionFixture.SINK);
        SipResponse ok = f.wire.lastResponse(200, SipMethod.INVITE);
        String body = new String(ok.body(), StandardCharsets.UTF_8);
        assertThat(body).startsWith("v=0\r\no=dialtone ").contains(" IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n")
                .endsWith("m=audio " + SessionMedia.DISCARD_PORT + " RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\na=ptime:20\r\na=inactive\r\n");
        assertThat(SessionDescription.parse(ok.body()).serialize()).isEqualTo(body);   // the bytes are a serialized SDP
        assertThat(s.media().localSdp()).isEqualTo(SessionDescription.parse(ok.body())); // what we sent is what we keep
        f.receive(f.ackFor2xx(invite, ok));
        s.hangup();
        f.receive(SessionFixture.answer(f.wire.lastRequest(SipMethod.BYE), 200).build());
        f.drainAndAssertIdle();
    }

    @Test
    void nulInTheSessionNameIs400NamingIt() {   // was an IllegalArgumentException out of the parser
        f.receive(f.invite(b -> b.body("application/sdp", "v=0\r\no=- 1 1 IN IP4 1.2.3.4\r\ns=a\0b\r\nt=0 0\r\n")));
        SipResponse r = f.wire.lastResponse(SipMethod.INVITE);
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.reasonPhrase()).isEqualTo("Bad SDP: sessionName contains CR, LF or NUL");
        assertThat(f.incoming).isEmpty();
        f.drainAndAssertIdle();
    }

    @Test
    void offerWithNoCommonCodecIs488() {
        SipRequest invite = f.invite(b -> b.body("application/sdp", SIPP_UAC_OFFER.replace("RTP/AVP 0", "RTP/AVP 18")
                .replace("a=rtpmap:0 PCMU/8000", "a=rtpmap:18 G729/8000")));
        f.ring(invite).answer(SilenceSource.INSTANCE, SessionFixture.SINK);
        assertThat(f.wire.lastResponse(SipMethod.INVITE).statusCode()).isEqualTo(488);
        f.receive(SessionFixture.ackForFailure(invite, f.wire.lastResponse(SipMethod.INVITE)));
        f.drainAndAssertIdle();
    }
}
