package io.dialtone.session;

import io.dialtone.message.CSeq;
import io.dialtone.message.NameAddr;
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

import java.util.List;

import static io.dialtone.session.SessionFixture.SINK;
import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("RFC 3261 §13–15, RFC 4028 §7–10")
class InviteSessionTest {
    private SessionFixture f = new SessionFixture();

    @AfterEach
    void closeMedia() {
        f.close();
    }

    private void use(SessionConfig config) {
        f.close();
        f = new SessionFixture(config);
    }

    private static SessionDescription sdp(SipResponse r) throws Exception {
        return SessionDescription.parse(r.body());
    }

    /** Ends a confirmed UAS session by our BYE and its 200, then drains every timer. */
    private void hangUpAndDrain(InviteSession s) {
        s.hangup();
        SipRequest bye = f.wire.lastRequest(SipMethod.BYE);
        f.receive(SessionFixture.answer(bye, 200).build());
        assertThat(s.state()).isEqualTo(SessionState.TERMINATED);
        f.drainAndAssertIdle();
    }

    // ================================================================== UAS

    @Nested
    @DisplayName("UAS Incoming §13.3.1")
    class Incoming {
        @Test
        void inviteIsAnsweredWithRingingCarryingToTagAndContact() {
            InviteSession s = f.ring(f.invite());
            assertThat(f.wire.statuses(SipMethod.INVITE)).containsExactly(180);
            SipResponse ringing = f.wire.lastResponse(180, SipMethod.INVITE);
            assertThat(ringing.to().tag()).isNotBlank();
            assertThat(ringing.contacts()).extracting(NameAddr::uri).containsExactly(SipUri.of("dialtone", "127.0.0.1", 5060));
            assertThat(s.state()).isEqualTo(SessionState.INCOMING);
            assertThat(s.role()).isEqualTo(InviteSession.Role.UAS);
            assertThat(f.sessions.activeSessions()).isEqualTo(1);
        }

        @Test
        void ringingSuppressesTrying() {
            f.ring(f.invite());
            f.advance(1);
            assertThat(f.wire.statuses(SipMethod.INVITE)).containsExactly(180);
        }

        @Test
        void answerSendsOkWithSdpAnswerAndContact() throws Exception {
            InviteSession s = f.ring(f.invite());
            s.answer(SilenceSource.INSTANCE, SINK);
            SipResponse ok = f.wire.lastResponse(200, SipMethod.INVITE);
            assertThat(ok.to().tag()).isEqualTo(f.wire.lastResponse(180, SipMethod.INVITE).to().tag());
            assertThat(ok.contentType()).contains("application/sdp");
            assertThat(sdp(ok).media()).hasSize(1);
            assertThat(ok.contacts()).extracting(NameAddr::uri).containsExactly(SipUri.of("dialtone", "127.0.0.1", 5060));
            assertThat(ok.lists("Allow", "UPDATE")).isTrue();
            assertThat(s.state()).isEqualTo(SessionState.ANSWERED);
        }

        @Test
        @DisplayName("§12.1.1: 1xx and 2xx copy Record-Route in order")
        void responsesThatCreateTheDialogEchoRecordRoute() {
            InviteSession s = f.ring(f.invite(b -> b.header("Record-Route", "<sip:p1.example.com;lr>")
                    .header("Record-Route", "<sip:p2.example.com;lr>")));
            s.answer(SilenceSource.INSTANCE, SINK);
            for (int status : List.of(180, 200)) {
                assertThat(f.wire.lastResponse(status, SipMethod.INVITE).recordRoutes()).as("Record-Route of %d", status)
                        .extracting(NameAddr::toString).containsExactly("<sip:p1.example.com;lr>", "<sip:p2.example.com;lr>");
            }
        }

        @Test
        @DisplayName("§9.2: CANCEL while ringing gets 200, the INVITE 487")
        void cancelWhileRingingAnswersOkAnd487() {
            SipRequest invite = f.invite();
            InviteSession s = f.ring(invite);
            f.receive(SessionFixture.cancel(invite));
            assertThat(f.wire.statuses(SipMethod.CANCEL)).containsExactly(200);
            assertThat(f.wire.statuses(SipMethod.INVITE)).containsExactly(180, 487);
            SipResponse terminated = f.wire.lastResponse(487, SipMethod.INVITE);
            assertThat(terminated.to().tag()).isEqualTo(f.wire.lastResponse(180, SipMethod.INVITE).to().tag());
            assertThat(s.state()).isEqualTo(SessionState.TERMINATED);
            assertThat(s.ended()).isCompletedWithValueMatching(r -> r.status() == 487 && !r.byLocal());
            assertThat(f.sessions.activeSessions()).isZero();
            f.receive(SessionFixture.ackForFailure(invite, terminated));
            f.drainAndAssertIdle();
        }

        @Test
        @DisplayName("§14.2: a second INVITE in the early dialog while ringing gets 500 with Retry-After")
        void reInviteWhileRingingGets500WithRetryAfter() {
            SipRequest invite = f.invite();
            InviteSession s = f.ring(invite);
            SipResponse ringing = f.wire.lastResponse(180, SipMethod.INVITE);
            SipRequest reInvite = f.inDialog(SipMethod.INVITE, 2, ringing);
            f.receive(reInvite);
            SipResponse rejected = f.wire.lastResponse(500, SipMethod.INVITE);
            assertThat(rejected.cseq().number()).isEqualTo(2);
            assertThat(rejected.header("Retry-After")).hasValueSatisfying(
                    v -> assertThat(Integer.parseInt(v)).isBetween(0, 10));
            assertThat(s.state()).isEqualTo(SessionState.INCOMING);
            s.hangup();
            f.receive(SessionFixture.ackForFailure(invite, f.wire.lastResponse(603, SipMethod.INVITE)));
            f.receive(SessionFixture.ackForFailure(reInvite, rejected));
            f.drainAndAssertIdle();
        }

        @Test
        void hangupWhileRingingRejectsWith603() {
            SipRequest invite = f.invite();
            InviteSession s = f.ring(invite);
            s.hangup();
            assertThat(f.wire.statuses(SipMethod.INVITE)).containsExactly(180, 603);
            assertThat(s.ended()).isCompletedWithValueMatching(r -> r.status() == 603 && r.byLocal());
            f.receive(SessionFixture.ackForFailure(invite, f.wire.lastResponse(603, SipMethod.INVITE)));
            f.drainAndAssertIdle();
        }
    }

    @Nested
    @DisplayName("UAS Answered §13.3.1.4")
    class Answered {
        @Test
        void okIsRetransmittedFromT1DoublingToT2UntilAck() {
            SipRequest invite = f.invite();
            InviteSession s = f.ring(invite);
            s.answer(SilenceSource.INSTANCE, SINK);
            f.advanceTo(12);
            assertThat(f.wire.responseTimes(200, SipMethod.INVITE)).containsExactly(0L, 500L, 1500L, 3500L, 7500L, 11500L);
            SipResponse ok = f.wire.lastResponse(200, SipMethod.INVITE);
            f.receive(f.ackFor2xx(invite, ok));
            assertThat(s.state()).isEqualTo(SessionState.CONFIRMED);
            f.advanceTo(40);
            assertThat(f.wire.responseTimes(200, SipMethod.INVITE)).hasSize(6);
            assertThat(f.wire.requests(SipMethod.BYE)).isEmpty();
            hangUpAndDrain(s);
        }

        @Test
        @DisplayName("§12: once confirmed, a UAS keeps dialog state, not the INVITE or its transaction")
        void confirmedUasLetsTheInviteAndItsTransactionGo() {
            SipRequest invite = f.invite();
            InviteSession s = f.ring(invite);
            s.answer(SilenceSource.INSTANCE, SINK);
            f.receive(f.ackFor2xx(invite, f.wire.lastResponse(200, SipMethod.INVITE)));
            assertThat(s.invite()).isNull();
            assertThat(s.remoteParty()).isEqualTo("<sip:alice@127.0.0.1:5070>"); // From without its tag
            // the rest of Accepted (RFC 6026 §8.7: INVITE retransmissions absorbed until Timer L) is a
            // record of the transaction layer, not this transaction object
            assertThat(s.inviteServerTx()).as("let go at the ACK").isNull();
            f.receive(invite);
            assertThat(f.incoming).hasSize(1);
            f.advance(33); // Timer L = 64·T1
            assertThat(s.state()).isEqualTo(SessionState.CONFIRMED);
            hangUpAndDrain(s);
        }

        @Test
        void retransmissionsAreTheSameResponse() {
            InviteSession s = f.ring(f.invite());
            s.answer(SilenceSource.INSTANCE, SINK);
            f.advance(2);
            List<SipResponse> oks = f.wire.responses(SipMethod.INVITE).stream().filter(r -> r.statusCode() == 200).toList();
            assertThat(oks).hasSize(3).allSatisfy(r -> assertThat(r.toBytes()).isEqualTo(oks.get(0).toBytes()));
        }

        @Test
        void withoutAckTheSessionEndsWithBye() {
            InviteSession s = f.ring(f.invite());
            s.answer(SilenceSource.INSTANCE, SINK);
            f.advanceTo(40);
            SipRequest bye = f.wire.lastRequest(SipMethod.BYE);
            assertThat(bye.requestUri()).isEqualTo(SipUri.parse("sip:alice@127.0.0.1:5070"));
            assertThat(bye.cseq()).isEqualTo(new CSeq(1, SipMethod.BYE));
            assertThat(bye.to().tag()).isEqualTo(SessionFixture.PEER_TAG);
            assertThat(s.state()).isEqualTo(SessionState.TERMINATING);
            long oksAfterBye = f.wire.responseTimes(200, SipMethod.INVITE).size();
            f.advance(10);
            assertThat(f.wire.responseTimes(200, SipMethod.INVITE)).hasSize((int) oksAfterBye);
            f.receive(SessionFixture.answer(bye, 200).build());
            assertThat(s.ended()).isCompletedWithValueMatching(EndReason::byLocal);
            f.drainAndAssertIdle();
        }

        @Test
        @DisplayName("§13.3.1.4: BYE once 64·T1 passed without ACK")
        void withoutAckByeIsSentAt64T1() {
            InviteSession s = f.ring(f.invite());
            s.answer(SilenceSource.INSTANCE, SINK);
            f.advanceTo(31.9);
            assertThat(f.wire.requests(SipMethod.BYE)).isEmpty();
            f.advanceTo(32);
            assertThat(f.wire.requestTimes(SipMethod.BYE)).as("BYE sent at 64·T1 = 32 s").containsExactly(32_000L);
            f.receive(SessionFixture.answer(f.wire.lastRequest(SipMethod.BYE), 200).build());
            assertThat(s.state()).isEqualTo(SessionState.TERMINATED);
            f.drainAndAssertIdle();
        }

        @Test
        void byeBeforeAckEndsTheSessionAndStopsRetransmissions() {
            SipRequest invite = f.invite();
            InviteSession s = f.ring(invite);
            s.answer(SilenceSource.INSTANCE, SINK);
            SipResponse ok = f.wire.lastResponse(200, SipMethod.INVITE);
            f.advance(0.6);
            f.receive(f.inDialog(SipMethod.BYE, 2, ok));
            assertThat(f.wire.statuses(SipMethod.BYE)).containsExactly(200);
            int oks = f.wire.responseTimes(200, SipMethod.INVITE).size();
            f.advance(10);
            assertThat(f.wire.responseTimes(200, SipMethod.INVITE)).hasSize(oks);
            assertThat(s.state()).isEqualTo(SessionState.TERMINATED);
            f.drainAndAssertIdle();
        }
    }

    @Nested
    @DisplayName("UAS Confirmed §12.2.2, §14.2, §15")
    class Confirmed {
        @Test
        void byeIsAnsweredOkAndEndsTheSession() {
            SipRequest invite = f.invite();
            SipResponse ok = f.establish(invite);
            InviteSession s = f.incoming.get(0);
            f.receive(f.inDialog(SipMethod.BYE, 2, ok));
            assertThat(f.wire.statuses(SipMethod.BYE)).containsExactly(200);
            assertThat(s.state()).isEqualTo(SessionState.TERMINATED);
            assertThat(s.ended()).isCompletedWithValueMatching(r -> r.normal() && !r.byLocal());
            assertThat(f.sessions.activeSessions()).isZero();
            f.drainAndAssertIdle();
        }

        @Test
        void requestWithStaleCSeqGets500() {
            SipResponse ok = f.establish(f.invite());
            f.receive(f.inDialog(SipMethod.BYE, 1, ok));
            assertThat(f.wire.statuses(SipMethod.BYE)).containsExactly(500);
            assertThat(f.incoming.get(0).state()).isEqualTo(SessionState.CONFIRMED);
            hangUpAndDrain(f.incoming.get(0));
        }

        @Test
        void byeAfterTheSessionEndedGets481() {
            SipResponse ok = f.establish(f.invite());
            f.receive(f.inDialog(SipMethod.BYE, 2, ok));
            f.receive(f.inDialog(SipMethod.BYE, 3, ok));
            assertThat(f.wire.statuses(SipMethod.BYE)).containsExactly(200, 481);
            f.drainAndAssertIdle();
        }

        @Test
        void hangupSendsByeInTheDialog() {
            SipResponse ok = f.establish(f.invite());
            InviteSession s = f.incoming.get(0);
            s.hangup();
            SipRequest bye = f.wire.lastRequest(SipMethod.BYE);
            assertThat(bye.requestUri()).isEqualTo(SipUri.parse("sip:alice@127.0.0.1:5070"));
            assertThat(bye.from().tag()).isEqualTo(ok.to().tag());
            assertThat(bye.to().tag()).isEqualTo(SessionFixture.PEER_TAG);
            assertThat(bye.cseq()).isEqualTo(new CSeq(1, SipMethod.BYE));
            assertThat(bye.callId()).isEqualTo(f.callId);
            assertThat(s.state()).isEqualTo(SessionState.TERMINATING);
            f.receive(SessionFixture.answer(bye, 200).build());
            assertThat(s.ended()).isCompletedWithValueMatching(r -> r.normal() && r.byLocal());
            f.drainAndAssertIdle();
        }

        @Test
        void reInviteRefreshesTheRemoteTarget() {
            SipResponse ok = f.establish(f.invite());
            SipRequest reInvite = f.inDialog(SipMethod.INVITE, 2, ok, b -> b.header("Contact", "<sip:alice@127.0.0.1:5072>")
                    .body("application/sdp", SessionFixture.peerOffer()));
            f.receive(reInvite);
            SipResponse reOk = f.wire.lastResponse(SipMethod.INVITE);
            assertThat(reOk.statusCode()).isEqualTo(200);
            assertThat(reOk.contentType()).contains("application/sdp");
            f.receive(f.ackFor2xx(reInvite, reOk));
            hangUpAndDrainAt(f.incoming.get(0), "sip:alice@127.0.0.1:5072");
        }

        @Test
        void updateRefreshesTheRemoteTarget() {
            SipResponse ok = f.establish(f.invite());
            f.receive(f.inDialog(SipMethod.UPDATE, 2, ok, b -> b.header("Contact", "<sip:alice@127.0.0.1:5074>")));
            assertThat(f.wire.statuses(SipMethod.UPDATE)).containsExactly(200);
            hangUpAndDrainAt(f.incoming.get(0), "sip:alice@127.0.0.1:5074");
        }

        private void hangUpAndDrainAt(InviteSession s, String target) {
            s.hangup();
            assertThat(f.wire.lastRequest(SipMethod.BYE).requestUri()).isEqualTo(SipUri.parse(target));
            f.receive(SessionFixture.answer(f.wire.lastRequest(SipMethod.BYE), 200).build());
            f.drainAndAssertIdle();
        }

        @Test
        @DisplayName("§13.3.1.4 applies to re-INVITE: its 2xx is retransmitted until the ACK")
        void reInviteOkIsRetransmittedUntilAck() {
            SipResponse ok = f.establish(f.invite());
            f.advanceTo(1);
            SipRequest reInvite = f.inDialog(SipMethod.INVITE, 2, ok, b -> b.body("application/sdp", SessionFixture.peerOffer()));
            f.receive(reInvite);
            f.advanceTo(4.6);
            List<Long> times = f.wire.responseTimes(200, SipMethod.INVITE).stream().filter(t -> t > 0).toList();
            assertThat(times).as("200 to the re-INVITE and its retransmissions").containsExactly(1000L, 1500L, 2500L, 4500L);
            assertThat(f.wire.lastResponse(200, SipMethod.INVITE).cseq().number()).isEqualTo(2);
            f.receive(f.ackFor2xx(reInvite, f.wire.lastResponse(200, SipMethod.INVITE)));
            f.advanceTo(20);
            assertThat(f.wire.responseTimes(200, SipMethod.INVITE).stream().filter(t -> t > 0)).hasSize(4);
            assertThat(f.wire.requests(SipMethod.BYE)).isEmpty();
            hangUpAndDrain(f.incoming.get(0));
        }

        @Test
        @DisplayName("§14.2: re-INVITE while ours is pending gets 491")
        void glareGets491() {
            SipRequest invite = f.invite(b -> b.set("Allow", "INVITE, ACK, BYE, CANCEL").set("Session-Expires", "90;refresher=uas"));
            SipResponse ok = f.establish(invite);
            f.advanceTo(45);
            SipRequest ours = f.wire.lastRequest(SipMethod.INVITE);
            f.receive(f.inDialog(SipMethod.INVITE, 2, ok, b -> b.body("application/sdp", SessionFixture.peerOffer())));
            assertThat(f.wire.lastResponse(SipMethod.INVITE).statusCode()).isEqualTo(491);
            f.receive(SessionFixture.answer(ours, 200).header("Session-Expires", "90;refresher=uac").build());
            hangUpAndDrain(f.incoming.get(0));
        }
    }

    @Nested
    @DisplayName("UAS session timer RFC 4028 §9, §10")
    class UasSessionTimer {
        @Test
        void refresherUasIsConfirmedInTheOk() {
            f.establish(f.invite(b -> b.set("Session-Expires", "90;refresher=uas")));
            SipResponse ok = f.wire.lastResponse(200, SipMethod.INVITE);
            assertThat(ok.sessionExpires()).hasValueSatisfying(se -> {
                assertThat(se.deltaSeconds()).isEqualTo(90);
                assertThat(se.refresher()).isEqualTo("uas");
            });
            assertThat(ok.lists("Require", "timer")).isTrue();
            assertThat(f.incoming.get(0).sessionIntervalSec()).isEqualTo(90);
            hangUpAndDrain(f.incoming.get(0));
        }

        @Test
        void asRefresherWeSendUpdateAtHalfTheIntervalWhenPeerAllowsIt() {
            SipResponse ok = f.establish(f.invite(b -> b.set("Session-Expires", "90;refresher=uas")));
            f.advanceTo(44.9);
            assertThat(f.wire.requests(SipMethod.UPDATE)).isEmpty();
            f.advanceTo(45);
            SipRequest update = f.wire.lastRequest(SipMethod.UPDATE);
            assertThat(f.wire.requestTimes(SipMethod.UPDATE)).containsExactly(45_000L);
            assertThat(f.wire.requests(SipMethod.INVITE)).isEmpty();
            assertThat(update.sessionExpires()).hasValueSatisfying(se -> {
                assertThat(se.deltaSeconds()).isEqualTo(90);
                assertThat(se.refresher()).isEqualTo("uac");
            });
            assertThat(update.cseq()).isEqualTo(new CSeq(1, SipMethod.UPDATE));
            assertThat(update.to().tag()).isEqualTo(SessionFixture.PEER_TAG);
            assertThat(update.from().tag()).isEqualTo(ok.to().tag());
            f.receive(SessionFixture.answer(update, 200).header("Session-Expires", "90;refresher=uac").build());
            assertThat(f.incoming.get(0).refreshes()).isEqualTo(1);
            f.advanceTo(89.9);
            assertThat(f.wire.requests(SipMethod.UPDATE)).hasSize(1);
            f.advanceTo(90);
            assertThat(f.wire.requests(SipMethod.UPDATE)).hasSize(2);
            assertThat(f.wire.lastRequest(SipMethod.UPDATE).cseq().number()).isEqualTo(2);
            f.receive(SessionFixture.answer(f.wire.lastRequest(SipMethod.UPDATE), 200).header("Session-Expires", "90;refresher=uac").build());
            assertThat(f.wire.requests(SipMethod.BYE)).isEmpty();
            hangUpAndDrain(f.incoming.get(0));
        }

        @Test
        void asRefresherWeSendReInviteWhenPeerDoesNotAllowUpdate() throws Exception {
            f.establish(f.invite(b -> b.set("Allow", "INVITE, ACK, BYE, CANCEL, OPTIONS").set("Session-Expires", "90;refresher=uas")));
            f.advanceTo(44.9);
            assertThat(f.wire.requests(SipMethod.INVITE)).isEmpty();
            f.advanceTo(45);
            assertThat(f.wire.requests(SipMethod.UPDATE)).isEmpty();
            SipRequest reInvite = f.wire.lastRequest(SipMethod.INVITE);
            assertThat(reInvite.cseq()).isEqualTo(new CSeq(1, SipMethod.INVITE));
            assertThat(reInvite.sessionExpires()).hasValueSatisfying(se -> assertThat(se.refresher()).isEqualTo("uac"));
            assertThat(SessionDescription.parse(reInvite.body()).media()).hasSize(1);
            f.receive(SessionFixture.okWithAnswer(reInvite).header("Session-Expires", "90;refresher=uac").build());
            SipRequest ack = f.wire.lastRequest(SipMethod.ACK);
            assertThat(ack.cseq()).isEqualTo(new CSeq(1, SipMethod.ACK));
            assertThat(ack.topVia().branch()).isNotEqualTo(reInvite.topVia().branch());
            assertThat(f.incoming.get(0).refreshes()).isEqualTo(1);
            hangUpAndDrain(f.incoming.get(0));
        }

        @Test
        @DisplayName("§13.2.2.4: a retransmitted 2xx to our refresh re-INVITE is ACKed again")
        void retransmittedOkToRefreshReInviteIsAckedAgain() {
            f.establish(f.invite(b -> b.set("Allow", "INVITE, ACK, BYE, CANCEL, OPTIONS").set("Session-Expires", "90;refresher=uas")));
            f.advanceTo(45);
            SipRequest reInvite = f.wire.lastRequest(SipMethod.INVITE);
            SipResponse ok = SessionFixture.okWithAnswer(reInvite).header("Session-Expires", "90;refresher=uac").build();
            f.receive(ok);
            f.receive(ok);
            assertThat(f.wire.requests(SipMethod.ACK)).hasSize(2);
            hangUpAndDrain(f.incoming.get(0));
        }

        @Test
        void asNonRefresherWeSendByeAtIntervalMinusAThird() {
            f.establish(f.invite(b -> b.set("Session-Expires", "90;refresher=uac")));
            assertThat(f.wire.lastResponse(200, SipMethod.INVITE).sessionExpires())
                    .hasValueSatisfying(se -> assertThat(se.refresher()).isEqualTo("uac"));
            f.advanceTo(59.9);
            assertThat(f.wire.requests(SipMethod.BYE)).isEmpty();
            assertThat(f.wire.requests(SipMethod.UPDATE)).isEmpty();
            f.advanceTo(60);
            assertThat(f.wire.requestTimes(SipMethod.BYE)).containsExactly(60_000L);
            assertThat(f.incoming.get(0).state()).isEqualTo(SessionState.TERMINATING);
            f.receive(SessionFixture.answer(f.wire.lastRequest(SipMethod.BYE), 200).build());
            assertThat(f.incoming.get(0).ended()).isCompletedWithValueMatching(EndReason::byLocal);
            f.drainAndAssertIdle();
        }

        @Test
        void incomingRefreshRearmsTheExpiry() {
            SipResponse ok = f.establish(f.invite(b -> b.set("Session-Expires", "90;refresher=uac")));
            f.advanceTo(40);
            f.receive(f.inDialog(SipMethod.UPDATE, 2, ok, b -> b.header("Session-Expires", "90;refresher=uac")
                    .header("Supported", "timer")));
            SipResponse updateOk = f.wire.lastResponse(SipMethod.UPDATE);
            assertThat(updateOk.statusCode()).isEqualTo(200);
            assertThat(updateOk.sessionExpires()).hasValueSatisfying(se -> {
                assertThat(se.deltaSeconds()).isEqualTo(90);
                assertThat(se.refresher()).isEqualTo("uac");
            });
            assertThat(f.incoming.get(0).refreshes()).isEqualTo(1);
            f.advanceTo(99.9);
            assertThat(f.wire.requests(SipMethod.BYE)).isEmpty();
            f.advanceTo(100);
            assertThat(f.wire.requestTimes(SipMethod.BYE)).containsExactly(100_000L);
            f.receive(SessionFixture.answer(f.wire.lastRequest(SipMethod.BYE), 200).build());
            f.drainAndAssertIdle();
        }

        @Test
        void incomingReInviteRefreshRearmsTheExpiry() {
            SipResponse ok = f.establish(f.invite(b -> b.set("Session-Expires", "90;refresher=uac")));
            f.advanceTo(40);
            SipRequest reInvite = f.inDialog(SipMethod.INVITE, 2, ok, b -> b.header("Session-Expires", "90;refresher=uac")
                    .header("Supported", "timer").body("application/sdp", SessionFixture.peerOffer()));
            f.receive(reInvite);
            f.receive(f.ackFor2xx(reInvite, f.wire.lastResponse(200, SipMethod.INVITE)));
            f.advanceTo(99.9);
            assertThat(f.wire.requests(SipMethod.BYE)).isEmpty();
            f.advanceTo(100);
            assertThat(f.wire.requests(SipMethod.BYE)).hasSize(1);
            f.receive(SessionFixture.answer(f.wire.lastRequest(SipMethod.BYE), 200).build());
            f.drainAndAssertIdle();
        }
    }

    // ================================================================== UAC

    @Nested
    @DisplayName("UAC Calling §13.2.1")
    class Calling {
        private InviteSession call() {
            return f.sessions.call(f.callId, SipUri.of("bob", "127.0.0.1", 5070), "UDP", SilenceSource.INSTANCE, SINK);
        }

        @Test
        void callSendsInviteWithSdpOffer() throws Exception {
            InviteSession s = call();
            SipRequest invite = f.wire.lastRequest(SipMethod.INVITE);
            assertThat(invite.requestUri()).isEqualTo(SipUri.of("bob", "127.0.0.1", 5070));
            assertThat(invite.cseq()).isEqualTo(new CSeq(1, SipMethod.INVITE));
            assertThat(invite.callId()).isEqualTo(f.callId);
            assertThat(invite.from().tag()).isNotBlank();
            assertThat(invite.to().tag()).isNull();
            assertThat(invite.maxForwards()).isEqualTo(70);
            assertThat(invite.topVia().branch()).startsWith("z9hG4bK");
            assertThat(invite.contacts()).extracting(NameAddr::uri).containsExactly(SipUri.of("dialtone", "127.0.0.1", 5060));
            assertThat(invite.contentType()).contains("application/sdp");
            SessionDescription offer = SessionDescription.parse(invite.body());
            assertThat(offer.media()).hasSize(1);
            assertThat(invite.sessionExpires()).isEmpty();
            assertThat(s.state()).isEqualTo(SessionState.CALLING);
            assertThat(s.role()).isEqualTo(InviteSession.Role.UAC);
            assertThat(f.wire.sent.get(0).destination().address()).isEqualTo(SessionFixture.PEER);
        }

        @Test
        void callWithSessionTimerAsksForIt() {
            use(SessionConfig.builder().sessionExpiresSec(1800).build());
            call();
            SipRequest invite = f.wire.lastRequest(SipMethod.INVITE);
            assertThat(invite.sessionExpires()).hasValueSatisfying(se -> assertThat(se.deltaSeconds()).isEqualTo(1800));
            assertThat(invite.minSE()).hasValue(90);
            assertThat(invite.lists("Supported", "timer")).isTrue();
        }

        @Test
        void provisionalWithTagMovesToEarly() {
            InviteSession s = call();
            f.receive(SessionFixture.answer(f.wire.lastRequest(SipMethod.INVITE), 180).build());
            assertThat(s.state()).isEqualTo(SessionState.EARLY);
        }

        @Test
        void okAfterRingingSendsAckAndConfirms() {
            InviteSession s = call();
            SipRequest invite = f.wire.lastRequest(SipMethod.INVITE);
            f.receive(SessionFixture.answer(invite, 180).build());
            SipResponse ok = SessionFixture.okWithAnswer(invite).build();
            f.receive(ok);
            assertThat(s.state()).isEqualTo(SessionState.CONFIRMED);
            assertThat(s.outcome()).isCompletedWithValue(ok);
            SipRequest ack = f.wire.lastRequest(SipMethod.ACK);
            assertThat(ack.cseq()).isEqualTo(new CSeq(1, SipMethod.ACK));
            assertThat(ack.requestUri()).isEqualTo(SipUri.parse("sip:alice@127.0.0.1:5070"));
            assertThat(ack.to().tag()).isEqualTo(SessionFixture.PEER_TAG);
            assertThat(ack.from().tag()).isEqualTo(invite.from().tag());
            assertThat(ack.topVia().branch()).isNotEqualTo(invite.topVia().branch());
            hangUpUacAndDrain(s);
        }

        @Test
        void retransmittedOkResendsTheSameAck() {
            InviteSession s = call();
            SipRequest invite = f.wire.lastRequest(SipMethod.INVITE);
            f.receive(SessionFixture.answer(invite, 180).build());
            SipResponse ok = SessionFixture.okWithAnswer(invite).build();
            f.receive(ok);
            f.receive(ok);
            List<SipRequest> acks = f.wire.requests(SipMethod.ACK);
            assertThat(acks).hasSize(2);
            assertThat(acks.get(1).toBytes()).isEqualTo(acks.get(0).toBytes());
            f.advance(33); // Timer M ended the transaction: the 2xx is now stray (RFC 6026 §7.2)
            f.receive(ok);
            assertThat(f.wire.requests(SipMethod.ACK)).hasSize(3);
            assertThat(f.wire.lastRequest(SipMethod.ACK).toBytes()).isEqualTo(acks.get(0).toBytes());
            assertThat(f.wire.requests(SipMethod.BYE)).isEmpty();
            hangUpUacAndDrain(s);
        }

        @Test
        void establishedUacKeepsOnlyDialogStateAfter128T1() {
            InviteSession s = call();
            SipRequest invite = f.wire.lastRequest(SipMethod.INVITE);
            SipResponse ok = SessionFixture.okWithAnswer(invite).build();
            f.receive(ok);
            f.advance(63);
            assertThat(s.invite()).as("a 2xx may still arrive").isNotNull();
            f.advance(2); // 128·T1 = 64 s after the 2xx
            assertThat(s.invite()).isNull();
            assertThat(s.remoteParty()).isEqualTo(invite.to().toString());
            f.receive(ok); // nothing kept to answer a 2xx this late with: dropped, the call goes on
            assertThat(f.wire.requests(SipMethod.ACK)).hasSize(1);
            assertThat(s.state()).isEqualTo(SessionState.CONFIRMED);
            hangUpUacAndDrain(s);
        }

        @Test
        void ackFollowsReversedRecordRoute() {
            InviteSession s = call();
            SipRequest invite = f.wire.lastRequest(SipMethod.INVITE);
            f.receive(SessionFixture.okWithAnswer(invite).header("Record-Route", "<sip:127.0.0.1:5081;lr>")
                    .header("Record-Route", "<sip:127.0.0.1:5082;lr>").build());
            SipRequest ack = f.wire.lastRequest(SipMethod.ACK);
            assertThat(ack.routes()).extracting(NameAddr::toString)
                    .containsExactly("<sip:127.0.0.1:5082;lr>", "<sip:127.0.0.1:5081;lr>");
            assertThat(f.wire.sent.get(f.wire.sent.size() - 1).destination().address().getPort()).isEqualTo(5082);
            hangUpUacAndDrain(s);
        }

        @Test
        @DisplayName("§13.2.2.4: the route set is recomputed from the 2xx that confirms an early dialog")
        void routeSetIsRecomputedFromTheOk() {
            InviteSession s = call();
            SipRequest invite = f.wire.lastRequest(SipMethod.INVITE);
            f.receive(SessionFixture.answer(invite, 180).header("Record-Route", "<sip:127.0.0.1:5081;lr>").build());
            f.receive(SessionFixture.okWithAnswer(invite).header("Record-Route", "<sip:127.0.0.1:5082;lr>").build());
            assertThat(f.wire.lastRequest(SipMethod.ACK).routes()).extracting(NameAddr::toString)
                    .containsExactly("<sip:127.0.0.1:5082;lr>");
            hangUpUacAndDrain(s);
        }

        @Test
        @DisplayName("RFC 4028 §7.4: 422 retries with CSeq+1 and a larger Session-Expires")
        void intervalTooSmallRetriesWithLargerSessionExpires() {
            use(SessionConfig.builder().sessionExpiresSec(90).build());
            InviteSession s = call();
            SipRequest first = f.wire.lastRequest(SipMethod.INVITE);
            SipResponse tooSmall = SessionFixture.answer(first, 422).header("Min-SE", "180").build();
            f.receive(tooSmall);
            List<SipRequest> invites = f.wire.requests(SipMethod.INVITE);
            assertThat(invites).hasSize(2);
            SipRequest retry = invites.get(1);
            assertThat(retry.cseq()).isEqualTo(new CSeq(2, SipMethod.INVITE));
            assertThat(retry.callId()).isEqualTo(first.callId());
            assertThat(retry.from()).isEqualTo(first.from());
            assertThat(retry.to().tag()).isNull();
            assertThat(retry.topVia().branch()).isNotEqualTo(first.topVia().branch());
            assertThat(retry.sessionExpires()).hasValueSatisfying(se -> assertThat(se.deltaSeconds()).isEqualTo(180));
            assertThat(retry.minSE()).hasValue(180);
            assertThat(f.wire.requests(SipMethod.ACK)).hasSize(1); // the transaction ACKs the 422 (§17.1.1.3)
            assertThat(s.state()).isEqualTo(SessionState.CALLING);
            assertThat(s.outcome()).isNotDone();
            f.receive(SessionFixture.answer(retry, 180).build());
            f.receive(SessionFixture.okWithAnswer(retry).header("Session-Expires", "180;refresher=uac").build());
            assertThat(s.state()).isEqualTo(SessionState.CONFIRMED);
            assertThat(s.sessionIntervalSec()).isEqualTo(180);
            assertThat(f.wire.lastRequest(SipMethod.ACK).cseq()).isEqualTo(new CSeq(2, SipMethod.ACK));
            hangUpUacAndDrain(s);
        }

        @Test
        void asRefresherTheUacRefreshesAtHalfTheInterval() {
            use(SessionConfig.builder().sessionExpiresSec(90).build());
            InviteSession s = call();
            SipRequest invite = f.wire.lastRequest(SipMethod.INVITE);
            f.receive(SessionFixture.okWithAnswer(invite).header("Session-Expires", "90;refresher=uac")
                    .header("Allow", "INVITE, ACK, BYE, CANCEL, UPDATE").build());
            f.advanceTo(44.9);
            assertThat(f.wire.requests(SipMethod.UPDATE)).isEmpty();
            f.advanceTo(45);
            SipRequest update = f.wire.lastRequest(SipMethod.UPDATE);
            assertThat(update.cseq()).isEqualTo(new CSeq(2, SipMethod.UPDATE));
            f.receive(SessionFixture.answer(update, 200).header("Session-Expires", "90;refresher=uac").build());
            assertThat(s.refreshes()).isEqualTo(1);
            hangUpUacAndDrain(s);
        }

        @Test
        void hangupBeforeAnyProvisionalDefersCancelUntilOneArrives() {
            InviteSession s = call();
            SipRequest invite = f.wire.lastRequest(SipMethod.INVITE);
            s.hangup();
            assertThat(f.wire.requests(SipMethod.CANCEL)).isEmpty();
            f.advance(1);
            assertThat(f.wire.requests(SipMethod.CANCEL)).isEmpty();
            f.receive(SessionFixture.answer(invite, 180).build());
            SipRequest cancel = f.wire.lastRequest(SipMethod.CANCEL);
            assertThat(f.wire.requests(SipMethod.CANCEL)).hasSize(1);
            assertThat(cancel.cseq()).isEqualTo(new CSeq(1, SipMethod.CANCEL));
            assertThat(cancel.topVia().branch()).isEqualTo(invite.topVia().branch());
            assertThat(cancel.requestUri()).isEqualTo(invite.requestUri());
            f.receive(SessionFixture.answer(cancel, 200).build());
            f.receive(SessionFixture.answer(invite, 487).build());
            assertThat(f.wire.requests(SipMethod.ACK)).hasSize(1);
            assertThat(s.state()).isEqualTo(SessionState.TERMINATED);
            assertThat(s.ended()).isCompletedWithValueMatching(r -> r.status() == 487);
            assertThat(s.outcome()).isCompletedWithValueMatching(r -> r.statusCode() == 487);
            f.drainAndAssertIdle();
        }

        @Test
        void hangupAfterProvisionalCancelsAtOnce() {
            InviteSession s = call();
            SipRequest invite = f.wire.lastRequest(SipMethod.INVITE);
            f.receive(SessionFixture.answer(invite, 180).build());
            s.hangup();
            assertThat(f.wire.requests(SipMethod.CANCEL)).hasSize(1);
            f.receive(SessionFixture.answer(f.wire.lastRequest(SipMethod.CANCEL), 200).build());
            f.receive(SessionFixture.answer(invite, 487).build());
            assertThat(s.state()).isEqualTo(SessionState.TERMINATED);
            f.drainAndAssertIdle();
        }

        @Test
        void hangupBeforeProvisionalThenOkEndsWithBye() {
            InviteSession s = call();
            SipRequest invite = f.wire.lastRequest(SipMethod.INVITE);
            s.hangup();
            f.receive(SessionFixture.okWithAnswer(invite).build());
            assertThat(f.wire.requests(SipMethod.CANCEL)).isEmpty();
            assertThat(f.wire.requests(SipMethod.ACK)).hasSize(1);
            SipRequest bye = f.wire.lastRequest(SipMethod.BYE);
            f.receive(SessionFixture.answer(bye, 200).build());
            assertThat(s.state()).isEqualTo(SessionState.TERMINATED);
            f.drainAndAssertIdle();
        }

        @Test
        void rejectionEndsTheCall() {
            InviteSession s = call();
            SipRequest invite = f.wire.lastRequest(SipMethod.INVITE);
            f.receive(SessionFixture.answer(invite, 486).build());
            assertThat(s.outcome()).isCompletedWithValueMatching(r -> r.statusCode() == 486);
            assertThat(s.ended()).isCompletedWithValueMatching(r -> r.status() == 486 && !r.byLocal());
            assertThat(f.wire.requests(SipMethod.ACK)).hasSize(1);
            f.drainAndAssertIdle();
        }

        @Test
        void noResponseEndsWithTimeoutAfterTimerB() {
            InviteSession s = call();
            f.advanceTo(31.9);
            assertThat(s.state()).isEqualTo(SessionState.CALLING);
            f.advanceTo(32);
            assertThat(s.ended()).isCompletedWithValueMatching(r -> r.status() == 408);
            f.drainAndAssertIdle();
        }

        @Test
        void peerByeEndsTheCall() {
            InviteSession s = call();
            SipRequest invite = f.wire.lastRequest(SipMethod.INVITE);
            SipResponse ok = SessionFixture.okWithAnswer(invite).build();
            f.receive(ok);
            SipRequest bye = SipRequest.builder(SipMethod.BYE, invite.contacts().get(0).uri())
                    .addVia(io.dialtone.message.Via.of("UDP", "127.0.0.1", 5070, f.newBranch()))
                    .maxForwards(70).from(ok.to()).to(invite.from()).callId(invite.callId())
                    .cseq(1, SipMethod.BYE).build();
            f.receive(bye);
            assertThat(f.wire.statuses(SipMethod.BYE)).containsExactly(200);
            assertThat(s.ended()).isCompletedWithValueMatching(r -> r.normal() && !r.byLocal());
            f.drainAndAssertIdle();
        }

        private void hangUpUacAndDrain(InviteSession s) {
            s.hangup();
            SipRequest bye = f.wire.lastRequest(SipMethod.BYE);
            assertThat(bye.to().tag()).isEqualTo(SessionFixture.PEER_TAG);
            f.receive(SessionFixture.answer(bye, 200).build());
            assertThat(s.state()).isEqualTo(SessionState.TERMINATED);
            assertThat(s.ended()).isCompletedWithValueMatching(r -> r.normal() && r.byLocal());
            f.drainAndAssertIdle();
        }
    }
}
