package io.dialtone.session;

import io.dialtone.message.SipMethod;
import io.dialtone.message.SipRequest;
import io.dialtone.message.SipResponse;
import io.dialtone.message.SipUri;
import io.dialtone.rtp.SilenceSource;
import io.dialtone.sdp.SessionDescription;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import static io.dialtone.session.SessionFixture.SINK;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("Early media: RFC 3261 §13.3.1.1, RFC 3262 §5, RFC 3264 §6")
class EarlyMediaTest {
    private final SessionFixture f = new SessionFixture();

    @AfterEach
    void closeMedia() {
        f.close();
    }

    private void hangUpAndDrain(InviteSession s) {
        s.hangup();
        f.receive(SessionFixture.answer(f.wire.lastRequest(SipMethod.BYE), 200).build());
        f.drainAndAssertIdle();
    }

    @Nested
    @DisplayName("UAS progress")
    class Uas {
        @Test
        void progressAnswersIn183AndStartsMediaThenTheOkRepeatsTheAnswer() throws Exception {
            SipRequest invite = f.invite();
            InviteSession s = f.ring(invite);
            s.progress(SilenceSource.INSTANCE, SINK);
            SipResponse progress = f.wire.lastResponse(183, SipMethod.INVITE);
            assertThat(progress.reasonPhrase()).isEqualTo("Session Progress");
            assertThat(progress.header("RSeq")).as("no 100rel: unreliable").isEmpty();
            assertThat(progress.to().tag()).isEqualTo(f.wire.lastResponse(180, SipMethod.INVITE).to().tag());
            assertThat(SessionDescription.parse(progress.body()).media()).hasSize(1);
            assertThat(s.media().negotiated()).isNotNull();
            assertThat(s.mediaStats()).as("stream open before the 200").isNotNull();
            assertThat(s.state()).isEqualTo(SessionState.INCOMING);
            s.answer(SilenceSource.INSTANCE, SINK);
            SipResponse ok = f.wire.lastResponse(200, SipMethod.INVITE);
            assertThat(ok.body()).as("the same answer again").isEqualTo(progress.body());
            f.receive(f.ackFor2xx(invite, ok));
            hangUpAndDrain(s);
        }

        @Test
        void progressWithoutAnOfferIsRefused() {
            InviteSession s = f.ring(f.invite(b -> b.noBody()));
            assertThatThrownBy(() -> s.progress(SilenceSource.INSTANCE, SINK)).isInstanceOf(IllegalStateException.class);
        }

        @Test
        void progressWithAnUnacceptableOfferRejects488() {
            byte[] video = ("v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
                    + "m=video 40000 RTP/AVP 96\r\na=rtpmap:96 H264/90000\r\n").getBytes();
            SipRequest invite = f.invite(b -> b.body("application/sdp", video));
            InviteSession s = f.ring(invite);
            s.progress(SilenceSource.INSTANCE, SINK);
            assertThat(f.wire.statuses(SipMethod.INVITE)).containsExactly(180, 488);
            assertThat(s.state()).isEqualTo(SessionState.TERMINATED);
        }
    }

    @Nested
    @DisplayName("UAC")
    class Uac {
        private InviteSession call() {
            return f.sessions.call(f.callId, SipUri.of("bob", "127.0.0.1", 5070), "UDP", SilenceSource.INSTANCE, SINK);
        }

        private SipResponse.Builder progress(SipRequest invite) {
            return SessionFixture.okWithAnswer(invite).status(183).reason("Session Progress");
        }

        @Test
        void mediaStartsOnA183WithTheAnswerAndStaysWhenThe200RepeatsIt() {
            InviteSession s = call();
            SipRequest invite = f.wire.lastRequest(SipMethod.INVITE);
            f.receive(progress(invite).build());
            assertThat(s.state()).isEqualTo(SessionState.EARLY);
            assertThat(s.media().negotiated()).isNotNull();
            assertThat(s.media().negotiated().remotePort()).isEqualTo(40002);
            assertThat(s.mediaStats()).isNotNull();
            f.receive(SessionFixture.okWithAnswer(invite).build());
            assertThat(s.state()).isEqualTo(SessionState.CONFIRMED);
            assertThat(s.media().negotiated().remotePort()).isEqualTo(40002);
            assertThat(f.wire.requests(SipMethod.BYE)).isEmpty();
            hangUpAndDrain(s);
        }

        @Test
        @DisplayName("RFC 3262 §5: a 2xx without SDP after a reliable 183 keeps its answer")
        void okWithoutSdpAfterAReliableAnswerKeepsTheMedia() {
            InviteSession s = call();
            SipRequest invite = f.wire.lastRequest(SipMethod.INVITE);
            f.receive(progress(invite).header("Require", "100rel").header("RSeq", "1").build());
            assertThat(f.wire.lastRequest(SipMethod.PRACK).header("RAck")).hasValue("1 1 INVITE");
            f.receive(SessionFixture.answer(f.wire.lastRequest(SipMethod.PRACK), 200).build());
            f.receive(SessionFixture.answer(invite, 200).build());
            assertThat(s.state()).isEqualTo(SessionState.CONFIRMED);
            assertThat(f.wire.requests(SipMethod.BYE)).isEmpty();
            assertThat(s.media().negotiated().remotePort()).isEqualTo(40002);
            hangUpAndDrain(s);
        }

        @Test
        void okWithoutSdpAndNoEarlyAnswerEndsWithBye() {
            InviteSession s = call();
            f.receive(SessionFixture.answer(f.wire.lastRequest(SipMethod.INVITE), 200).build());
            assertThat(s.state()).isEqualTo(SessionState.TERMINATING);
        }
    }
}
