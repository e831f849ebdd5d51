package io.dialtone.session;

import io.dialtone.message.SipMethod;
import io.dialtone.message.SipRequest;
import io.dialtone.message.SipResponse;
import io.dialtone.message.SipUri;
import io.dialtone.rtp.SilenceSource;
import io.dialtone.sdp.MediaDirection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static io.dialtone.session.SessionFixture.SINK;
import static org.assertj.core.api.Assertions.assertThat;

/** RFC 4028 §7–§10 at session level, on virtual time; complements InviteSessionTest's timer cases. */
@DisplayName("RFC 4028 §7–§10 session refresh")
class SessionRefreshTest {
    private SessionFixture f = new SessionFixture();

    @AfterEach
    void closeMedia() {
        f.close();
    }

    private void use(SessionConfig config) {
        f.close();
        f = new SessionFixture(config);
    }

    private SipResponse ok() {
        return f.wire.lastResponse(200, SipMethod.INVITE);
    }

    private void byeAnsweredAndDrain() {
        f.receive(SessionFixture.answer(f.wire.lastRequest(SipMethod.BYE), 200).build());
        f.drainAndAssertIdle();
    }

    @Test
    @DisplayName("§9: a UAC without 'timer' never sees Require; we refresh ourselves")
    void peerWithoutTimerSupportLetsUsRefresh() {
        use(SessionConfig.builder().sessionExpiresSec(90).build());
        f.establish(f.invite(b -> b.remove("Supported")));
        assertThat(ok().sessionExpires()).hasValueSatisfying(se -> assertThat(se.refresher()).isEqualTo("uas"));
        assertThat(ok().lists("Require", "timer")).isFalse();
        f.advanceTo(45);
        SipRequest refresh = f.wire.lastRequest(SipMethod.UPDATE);
        f.receive(SessionFixture.answer(refresh, 200).build()); // a peer without timer answers without Session-Expires
        assertThat(f.incoming.get(0).refreshes()).isEqualTo(1);
        assertThat(f.incoming.get(0).sessionIntervalSec()).as("§7.2: no Session-Expires, no expiration").isZero();
        f.incoming.get(0).hangup();
        byeAnsweredAndDrain();
    }

    @Test
    @DisplayName("§7.2, §10: as UAC non-refresher we send BYE at interval − min(32 s, interval/3) unless refreshed")
    void uacNonRefresherByesBeforeExpiryUnlessRefreshed() {
        use(SessionConfig.builder().sessionExpiresSec(90).build());
        InviteSession s = f.sessions.call(f.callId, SipUri.of("bob", "127.0.0.1", 5070), "UDP", SilenceSource.INSTANCE, SINK);
        SipRequest invite = f.wire.lastRequest(SipMethod.INVITE);
        SipResponse ok = SessionFixture.okWithAnswer(invite).header("Session-Expires", "90;refresher=uas").header("Require", "timer").build();
        f.receive(ok);
        f.advanceTo(40);
        SipRequest refresh = SipRequest.builder(SipMethod.UPDATE, invite.contacts().get(0).uri())
                .addVia(io.dialtone.message.Via.of("UDP", "127.0.0.1", 5070, f.newBranch())).maxForwards(70)
                .from(ok.to()).to(invite.from()).callId(invite.callId()).cseq(1, SipMethod.UPDATE)
                .header("Session-Expires", "90;refresher=uas").header("Supported", "timer").build();
        f.receive(refresh);
        assertThat(f.wire.lastResponse(SipMethod.UPDATE).sessionExpires())
                .hasValueSatisfying(se -> assertThat(se.refresher()).isEqualTo("uas"));
        f.advanceTo(99.9);
        assertThat(f.wire.requests(SipMethod.BYE)).isEmpty();
        assertThat(f.wire.requests(SipMethod.UPDATE)).as("we never refresh").isEmpty();
        f.advanceTo(100);
        assertThat(f.wire.requestTimes(SipMethod.BYE)).containsExactly(100_000L);
        assertThat(s.state()).isEqualTo(SessionState.TERMINATING);
        byeAnsweredAndDrain();
    }

    @Test
    @DisplayName("§7.4: a 422 to a refresh is retried at once with the larger Min-SE")
    void refresh422IsRetriedWithTheLargerInterval() {
        f.establish(f.invite(b -> b.set("Session-Expires", "90;refresher=uas")));
        f.advanceTo(45);
        SipRequest first = f.wire.lastRequest(SipMethod.UPDATE);
        f.receive(SessionFixture.answer(first, 422).header("Min-SE", "180").build());
        SipRequest retry = f.wire.lastRequest(SipMethod.UPDATE);
        assertThat(retry.cseq().number()).isEqualTo(first.cseq().number() + 1);
        assertThat(retry.sessionExpires()).hasValueSatisfying(se -> assertThat(se.deltaSeconds()).isEqualTo(180));
        f.receive(SessionFixture.answer(retry, 200).header("Session-Expires", "180;refresher=uac").build());
        assertThat(f.incoming.get(0).sessionIntervalSec()).isEqualTo(180);
        f.advanceTo(45 + 89.9);
        assertThat(f.wire.requests(SipMethod.UPDATE).stream().map(r -> r.cseq().number()).distinct()).hasSize(2);
        f.advanceTo(45 + 90);
        assertThat(f.wire.lastRequest(SipMethod.UPDATE).cseq().number()).isEqualTo(retry.cseq().number() + 1);
        f.receive(SessionFixture.answer(f.wire.lastRequest(SipMethod.UPDATE), 200).header("Session-Expires", "180;refresher=uac").build());
        f.incoming.get(0).hangup();
        byeAnsweredAndDrain();
    }

    @Test
    @DisplayName("§10: a refresh answered 481 ends the session with BYE")
    void refresh481Byes() {
        f.establish(f.invite(b -> b.set("Session-Expires", "90;refresher=uas")));
        f.advanceTo(45);
        f.receive(SessionFixture.answer(f.wire.lastRequest(SipMethod.UPDATE), 481).build());
        assertThat(f.wire.requestTimes(SipMethod.BYE)).containsExactly(45_000L);
        byeAnsweredAndDrain();
    }

    @Test
    @DisplayName("§10: a refresh without any response ends the session with BYE")
    void refreshTimeoutByes() {
        f.establish(f.invite(b -> b.set("Session-Expires", "1800;refresher=uas")));
        f.advanceTo(900);
        assertThat(f.wire.requestTimes(SipMethod.UPDATE)).containsExactly(900_000L);
        f.advanceTo(900 + 31.9);
        assertThat(f.wire.requests(SipMethod.BYE)).isEmpty();
        f.advanceTo(900 + 32); // Timer F = 64·T1, long before the expiry at 1768 s
        assertThat(f.wire.requestTimes(SipMethod.BYE)).containsExactly(932_000L);
        byeAnsweredAndDrain();
    }

    @Test
    @DisplayName("§10: another failure keeps the session until the expiry BYE")
    void refreshRejectedOtherwiseByesAtExpiry() {
        f.establish(f.invite(b -> b.set("Session-Expires", "90;refresher=uas")));
        f.advanceTo(45);
        f.receive(SessionFixture.answer(f.wire.lastRequest(SipMethod.UPDATE), 500).build());
        f.advanceTo(59.9);
        assertThat(f.wire.requests(SipMethod.BYE)).isEmpty();
        f.advanceTo(60);
        assertThat(f.wire.requestTimes(SipMethod.BYE)).containsExactly(60_000L);
        byeAnsweredAndDrain();
    }

    @Test
    @DisplayName("§9: a refresh naming the UAC refresher makes us stop refreshing")
    void peerTakesOverTheRefresherRole() {
        f.establish(f.invite(b -> b.set("Session-Expires", "90;refresher=uas")));
        f.advanceTo(10);
        f.receive(f.inDialog(SipMethod.UPDATE, 2, ok(), b -> b.header("Session-Expires", "90;refresher=uac")
                .header("Supported", "timer")));
        assertThat(f.wire.lastResponse(SipMethod.UPDATE).sessionExpires()).hasValueSatisfying(se -> assertThat(se.refresher()).isEqualTo("uac"));
        f.advanceTo(69.9);
        assertThat(f.wire.requests(SipMethod.UPDATE)).isEmpty();
        assertThat(f.wire.requests(SipMethod.BYE)).isEmpty();
        f.advanceTo(70);
        assertThat(f.wire.requestTimes(SipMethod.BYE)).containsExactly(70_000L);
        byeAnsweredAndDrain();
    }

    @Test
    @DisplayName("§9: a refresh naming the UAS refresher makes us refresh")
    void peerHandsUsTheRefresherRole() {
        f.establish(f.invite(b -> b.set("Session-Expires", "90;refresher=uac")));
        f.advanceTo(10);
        f.receive(f.inDialog(SipMethod.UPDATE, 2, ok(), b -> b.header("Session-Expires", "90;refresher=uas")
                .header("Supported", "timer")));
        f.advanceTo(54.9);
        assertThat(f.wire.requests(SipMethod.UPDATE)).isEmpty();
        f.advanceTo(55);
        SipRequest ours = f.wire.lastRequest(SipMethod.UPDATE);
        assertThat(ours.sessionExpires()).hasValueSatisfying(se -> assertThat(se.refresher()).isEqualTo("uac"));
        f.receive(SessionFixture.answer(ours, 200).header("Session-Expires", "90;refresher=uac").build());
        f.incoming.get(0).hangup();
        byeAnsweredAndDrain();
    }

    @Test
    @DisplayName("§7.4: our hold re-INVITE carries Session-Expires and its 2xx re-arms the timer")
    void holdReInviteRefreshes() {
        f.establish(f.invite(b -> b.set("Session-Expires", "90;refresher=uac")));
        InviteSession s = f.incoming.get(0);
        f.advanceTo(50);
        s.hold();
        SipRequest hold = f.wire.lastRequest(SipMethod.INVITE);
        assertThat(hold.sessionExpires()).hasValueSatisfying(se -> {
            assertThat(se.deltaSeconds()).isEqualTo(90);
            assertThat(se.refresher()).isEqualTo("uas");
        });
        f.receive(SessionFixture.answer(hold, 200).header("Session-Expires", "90;refresher=uas")
                .body("application/sdp", SessionModificationTest.answerTo(hold, MediaDirection.SENDRECV, 40000)).build());
        f.advanceTo(60);
        assertThat(f.wire.requests(SipMethod.BYE)).as("the old expiry (60 s) is gone").isEmpty();
        f.advanceTo(110);
        assertThat(f.wire.requestTimes(SipMethod.BYE)).containsExactly(110_000L);
        byeAnsweredAndDrain();
    }

    @Test
    @DisplayName("§7.4: a 422 to our hold re-INVITE is retried at once with the larger Min-SE")
    void holdAnswered422IsRetriedWithTheLargerInterval() throws Exception {
        f.establish(f.invite(b -> b.set("Session-Expires", "90;refresher=uac")));
        InviteSession s = f.incoming.get(0);
        var done = s.hold();
        SipRequest first = f.wire.lastRequest(SipMethod.INVITE);
        f.receive(SessionFixture.answer(first, 422).header("Min-SE", "120").build());
        SipRequest retry = f.wire.lastRequest(SipMethod.INVITE);
        assertThat(retry.cseq().number()).isEqualTo(first.cseq().number() + 1);
        assertThat(retry.sessionExpires()).hasValueSatisfying(se -> assertThat(se.deltaSeconds()).isEqualTo(120));
        assertThat(SessionModificationTest.direction(retry.body())).isEqualTo(MediaDirection.SENDONLY);
        f.receive(SessionFixture.answer(retry, 200).header("Session-Expires", "120;refresher=uas")
                .body("application/sdp", SessionModificationTest.answerTo(retry, MediaDirection.SENDRECV, 40000)).build());
        assertThat(done).isCompletedWithValueMatching(SipResponse::isSuccess);
        assertThat(s.sessionIntervalSec()).isEqualTo(120);
        assertThat(s.onHold()).isTrue();
        s.hangup();
        byeAnsweredAndDrain();
    }
}
