package io.dialtone.session;

import io.dialtone.message.SipMethod;
import io.dialtone.message.SipRequest;
import io.dialtone.message.SipResponse;
import io.dialtone.message.SipUri;
import io.dialtone.rtp.SilenceSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static io.dialtone.session.SessionFixture.SINK;
import static io.dialtone.session.SessionFixture.answer;
import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("RFC 3891 §3: an INVITE with Replaces, as UAS")
class ReplacesTest {
    private final SessionFixture f = new SessionFixture();

    @AfterEach
    void closeMedia() {
        f.close();
    }

    /** An INVITE from a third party (new Call-ID) replacing {@code replaces}. */
    private int replacings;

    private SipRequest replacing(String replaces) {
        return f.invite(b -> b.callId("new-" + (++replacings) + f.callId).header("Replaces", replaces));
    }

    private void finish() {
        for (InviteSession s : f.incoming) {
            if (s.state() == SessionState.CONFIRMED || s.state() == SessionState.ANSWERED) {
                s.hangup();
            } else if (s.state() == SessionState.INCOMING) {
                s.reject(486);
            }
        }
        for (SipRequest bye : f.wire.requests(SipMethod.BYE)) {
            f.receive(answer(bye, 200).build());
        }
        f.drainAndAssertIdle();
    }

    @Test
    @DisplayName("matching a confirmed dialog: a new session, and once it is answered the old one gets BYE")
    void confirmedDialogIsReplaced() {
        SipResponse ok = f.establish(f.invite());
        InviteSession old = f.incoming.get(0);
        f.receive(replacing(f.callId + ";to-tag=" + ok.to().tag() + ";from-tag=" + SessionFixture.PEER_TAG));
        f.time.runPending();
        assertThat(f.incoming).hasSize(2);
        InviteSession fresh = f.incoming.get(1);
        assertThat(f.wire.requests(SipMethod.BYE)).isEmpty();
        fresh.answer(SilenceSource.INSTANCE, SINK);
        f.time.runPending();
        SipRequest bye = f.wire.lastRequest(SipMethod.BYE);
        assertThat(bye.callId()).isEqualTo(f.callId);
        f.receive(answer(bye, 200).build());
        assertThat(old.state()).isEqualTo(SessionState.TERMINATED);
        f.receive(f.ackFor2xx(fresh.invite(), f.wire.lastResponse(200, SipMethod.INVITE)));
        finish();
    }

    @Test
    void noMatchingDialogGets481() {
        SipResponse ok = f.establish(f.invite());
        f.receive(replacing("other@host;to-tag=" + ok.to().tag() + ";from-tag=" + SessionFixture.PEER_TAG));
        f.receive(replacing(f.callId + ";to-tag=wrong;from-tag=" + SessionFixture.PEER_TAG));
        f.receive(replacing(f.callId + ";to-tag=" + ok.to().tag() + ";from-tag=wrong"));
        f.time.runPending();
        assertThat(f.wire.responses(SipMethod.INVITE).stream().filter(r -> r.callId().startsWith("new-"))
                .map(SipResponse::statusCode).filter(s -> s >= 200)).containsExactly(481, 481, 481);
        assertThat(f.incoming).hasSize(1);
        finish();
    }

    @Test
    void earlyOnlyAgainstAConfirmedDialogGets486() {
        SipResponse ok = f.establish(f.invite());
        f.receive(replacing(f.callId + ";to-tag=" + ok.to().tag() + ";from-tag=" + SessionFixture.PEER_TAG + ";early-only"));
        f.time.runPending();
        assertThat(f.wire.lastResponse(SipMethod.INVITE).statusCode()).isEqualTo(486);
        assertThat(f.incoming.get(0).state()).isEqualTo(SessionState.CONFIRMED);
        finish();
    }

    @Test
    @DisplayName("an early dialog we did not initiate (we are ringing) gets 481 and stays")
    void earlyDialogWeReceivedGets481() {
        InviteSession ringing = f.ring(f.invite());
        String ourTag = f.wire.lastResponse(180, SipMethod.INVITE).to().tag();
        f.receive(replacing(f.callId + ";to-tag=" + ourTag + ";from-tag=" + SessionFixture.PEER_TAG));
        f.time.runPending();
        assertThat(f.wire.lastResponse(SipMethod.INVITE).statusCode()).isEqualTo(481);
        assertThat(ringing.state()).isEqualTo(SessionState.INCOMING);
        finish();
    }

    @Test
    @DisplayName("an early dialog we initiated is replaced: CANCEL once the new INVITE is answered")
    void earlyDialogWeInitiatedIsCancelled() {
        InviteSession out = f.sessions.call("out-" + f.callId, SipUri.of("bob", "127.0.0.1", 5070), "UDP",
                SilenceSource.INSTANCE, SINK);
        SipRequest invite = f.wire.lastRequest(SipMethod.INVITE);
        f.receive(answer(invite, 180).build());
        assertThat(out.state()).isEqualTo(SessionState.EARLY);
        // §3: to-tag is compared with our local tag, from-tag with the remote one
        f.receive(replacing(invite.callId() + ";to-tag=" + invite.from().tag() + ";from-tag=" + SessionFixture.PEER_TAG));
        f.time.runPending();
        InviteSession fresh = f.incoming.get(0);
        fresh.answer(SilenceSource.INSTANCE, SINK);
        f.time.runPending();
        SipRequest cancel = f.wire.lastRequest(SipMethod.CANCEL);
        assertThat(cancel.callId()).isEqualTo(invite.callId());
        f.receive(answer(cancel, 200).build());
        f.receive(answer(invite, 487).build());
        assertThat(out.state()).isEqualTo(SessionState.TERMINATED);
        f.receive(f.ackFor2xx(fresh.invite(), f.wire.lastResponse(200, SipMethod.INVITE)));
        finish();
    }

    @Test
    void twoReplacesHeadersGet400() {
        SipResponse ok = f.establish(f.invite());
        String r = f.callId + ";to-tag=" + ok.to().tag() + ";from-tag=" + SessionFixture.PEER_TAG;
        f.receive(f.invite(b -> b.callId("new-" + f.callId).header("Replaces", r).header("Replaces", r)));
        assertThat(f.wire.lastResponse(SipMethod.INVITE).statusCode()).isEqualTo(400);
        finish();
    }

    @Test
    void replacesIsAdvertisedAndMayBeRequired() {
        f.receive(f.outOfDialog(SipMethod.OPTIONS, b -> { }));
        assertThat(f.wire.lastResponse(SipMethod.OPTIONS).lists("Supported", "replaces")).isTrue();
        f.receive(f.invite(b -> b.header("Require", "replaces")));
        assertThat(f.incoming).hasSize(1);
        finish();
    }
}
