package io.dialtone.session;

import io.dialtone.message.NameAddr;
import io.dialtone.message.SipMethod;
import io.dialtone.message.SipRequest;
import io.dialtone.message.SipResponse;
import io.dialtone.message.SipUri;
import io.dialtone.message.Via;
import io.dialtone.rtp.SilenceSource;
import io.dialtone.sdp.AnswerParams;
import io.dialtone.sdp.OfferAnswer;
import io.dialtone.sdp.SessionDescription;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.dialtone.session.SessionFixture.SINK;
import static io.dialtone.session.SessionFixture.answer;
import static org.assertj.core.api.Assertions.assertThat;

/** Whole flows through a real TransactionLayer and SessionLayer on virtual time. */
@DisplayName("RFC 3261 §9, §12, §13.2.2.4, §17 and RFC 6026 through the UA core")
class UaCoreFlowsTest {
    private final SessionFixture f = new SessionFixture();

    @AfterEach
    void closeMedia() {
        f.close();
    }

    private InviteSession call(String callId) {
        return f.sessions.call(callId, SipUri.of("bob", "127.0.0.1", 5070), "UDP", SilenceSource.INSTANCE, SINK);
    }

    private InviteSession call() {
        return call(f.callId);
    }

    /** A provisional from the fork with To tag {@code tag} and Contact port {@code port}. */
    private static SipResponse ringing(SipRequest invite, String tag, int port) {
        return SipResponse.to(invite, 180).toTag(tag).header("Contact", "<sip:" + tag + "@127.0.0.1:" + port + ">").build();
    }

    /** A 200 with an SDP answer from the fork with To tag {@code tag}. */
    private static SipResponse.Builder ok(SipRequest invite, String tag, int port) {
        try {
            byte[] sdp = OfferAnswer.answer(SessionDescription.parse(invite.body()),
                    AnswerParams.builder("127.0.0.1", 40002).sessionId(9).build()).sdp().toBytes();
            return SipResponse.to(invite, 200).toTag(tag).header("Contact", "<sip:" + tag + "@127.0.0.1:" + port + ">")
                    .body("application/sdp", sdp);
        } catch (io.dialtone.sdp.SdpParseException e) {
            throw new AssertionError(e);
        }
    }

    private int lastRequestPort() {
        return f.wire.lastDestination().address().getPort();
    }

    /** Our BYE, answered 200 by the peer. */
    private void hangUpAndAnswer(InviteSession s) {
        s.hangup();
        f.receive(answer(f.wire.lastRequest(SipMethod.BYE), 200).build());
        assertThat(s.state()).isEqualTo(SessionState.TERMINATED);
    }

    // ================================================================== forking

    @Nested
    @DisplayName("UAC forking §12.1.2, §13.2.2.4")
    class Forking {
        @Test
        void eachToTagOfAProvisionalMakesItsOwnEarlyDialog() {
            InviteSession s = call();
            SipRequest invite = f.wire.lastRequest(SipMethod.INVITE);
            f.receive(ringing(invite, "a", 5071));
            f.receive(ringing(invite, "b", 5072));
            f.receive(ringing(invite, "a", 5071));
            assertThat(s.state()).isEqualTo(SessionState.EARLY);
            assertThat(s.forks().earlyDialogs()).containsOnlyKeys("a", "b");
            assertThat(s.forks().earlyDialog("b").remoteTarget()).isEqualTo(SipUri.parse("sip:b@127.0.0.1:5072"));
            f.receive(answer(invite, 486).toTag("a").build());
            assertThat(s.forks().earlyDialogs()).isEmpty();
            assertThat(s.ended()).isCompletedWithValueMatching(r -> r.status() == 486);
            f.drainAndAssertIdle();
        }

        @Test
        @DisplayName("the first 2xx keeps its early dialog; a later 2xx is ACKed and sent BYE; retransmissions get the same ACK")
        void secondOkIsAckedAndByed() {
            InviteSession s = call();
            SipRequest invite = f.wire.lastRequest(SipMethod.INVITE);
            f.receive(ringing(invite, "a", 5071));
            f.receive(ringing(invite, "b", 5072));
            SipResponse okB = ok(invite, "b", 5072).build();
            f.receive(okB);
            assertThat(s.state()).isEqualTo(SessionState.CONFIRMED);
            assertThat(s.dialog().remoteTag()).isEqualTo("b");
            assertThat(s.forks().earlyDialogs()).isEmpty();
            SipRequest ackB = f.wire.lastRequest(SipMethod.ACK);
            assertThat(ackB.to().tag()).isEqualTo("b");
            assertThat(lastRequestPort()).isEqualTo(5072);

            SipResponse okA = ok(invite, "a", 5071).build();
            f.receive(okA);
            List<SipRequest> acks = f.wire.requests(SipMethod.ACK);
            assertThat(acks).hasSize(2);
            assertThat(acks.get(1).to().tag()).isEqualTo("a");
            assertThat(acks.get(1).requestUri()).isEqualTo(SipUri.parse("sip:a@127.0.0.1:5071"));
            SipRequest byeA = f.wire.lastRequest(SipMethod.BYE);
            assertThat(byeA.to().tag()).isEqualTo("a");
            assertThat(byeA.cseq().number()).isEqualTo(2);
            assertThat(lastRequestPort()).isEqualTo(5071);

            f.receive(okA);                       // retransmitted 2xx of the dropped fork: ACK again, no second BYE
            f.receive(okB);                       // retransmitted 2xx of the kept one: the same ACK (RFC 6026 §7.2)
            acks = f.wire.requests(SipMethod.ACK);
            assertThat(acks).hasSize(4);
            assertThat(acks.get(2).toBytes()).isEqualTo(acks.get(1).toBytes());
            assertThat(acks.get(3).toBytes()).isEqualTo(ackB.toBytes());
            assertThat(f.wire.requests(SipMethod.BYE)).hasSize(1);
            f.receive(answer(byeA, 200).build());
            assertThat(s.state()).isEqualTo(SessionState.CONFIRMED);

            f.advance(33);                        // Timer M: the 2xx are now stray, still ACKed
            f.receive(okA);
            assertThat(f.wire.requests(SipMethod.ACK)).hasSize(5);
            assertThat(f.wire.requests(SipMethod.BYE)).hasSize(1);

            s.hangup();
            SipRequest byeB = f.wire.lastRequest(SipMethod.BYE);
            assertThat(byeB.to().tag()).isEqualTo("b");
            assertThat(lastRequestPort()).isEqualTo(5072);
            f.receive(answer(byeB, 200).build());
            f.drainAndAssertIdle();
        }

        @Test
        void requestFromADroppedForkGets481() {
            InviteSession s = call();
            SipRequest invite = f.wire.lastRequest(SipMethod.INVITE);
            f.receive(ringing(invite, "a", 5071));
            f.receive(ok(invite, "b", 5072).build());
            SipRequest info = SipRequest.builder(SipMethod.INFO, invite.contacts().get(0).uri())
                    .addVia(Via.of("UDP", "127.0.0.1", 5071, f.newBranch())).maxForwards(70)
                    .from(NameAddr.of(invite.to().uri()).withTag("a")).to(invite.from()).callId(invite.callId())
                    .cseq(5, SipMethod.INFO).build();
            f.receive(info);
            assertThat(f.wire.statuses(SipMethod.INFO)).containsExactly(481);
            hangUpAndAnswer(s);
            f.drainAndAssertIdle();
        }

        @Test
        @DisplayName("a 2xx retransmitted after our BYE is ACKed again and does not revive the session")
        void okRetransmittedAfterByeIsAckedOnly() {
            InviteSession s = call();
            SipRequest invite = f.wire.lastRequest(SipMethod.INVITE);
            SipResponse okA = ok(invite, "a", 5071).build();
            f.receive(okA);
            s.hangup();
            f.receive(okA);
            assertThat(s.state()).isEqualTo(SessionState.TERMINATING);
            f.receive(answer(f.wire.lastRequest(SipMethod.BYE), 200).build());
            f.receive(okA);
            assertThat(f.wire.requests(SipMethod.ACK)).hasSize(3);
            assertThat(f.wire.requests(SipMethod.BYE)).hasSize(1);
            f.receive(ok(invite, "b", 5072).build()); // a late fork after the end: ACK and BYE it
            assertThat(f.wire.requests(SipMethod.BYE)).hasSize(2);
            assertThat(f.wire.lastRequest(SipMethod.BYE).to().tag()).isEqualTo("b");
            assertThat(s.state()).isEqualTo(SessionState.TERMINATED);
            f.receive(answer(f.wire.lastRequest(SipMethod.BYE), 200).build());
            f.drainAndAssertIdle();
        }
    }

    // ================================================================== CANCEL

    @Nested
    @DisplayName("CANCEL §9")
    class Cancel {
        @Test
        @DisplayName("§9.1: hang-up before any provisional, none ever arrives: no CANCEL, Timer B ends the call")
        void noProvisionalEverMeansTimerB() {
            InviteSession s = call();
            s.hangup();
            f.advanceTo(31.9);
            assertThat(s.state()).isEqualTo(SessionState.CALLING);
            f.advanceTo(32);
            assertThat(f.wire.requests(SipMethod.CANCEL)).isEmpty();
            assertThat(s.ended()).isCompletedWithValueMatching(r -> r.status() == 408);
            f.drainAndAssertIdle();
        }

        @Test
        @DisplayName("§9.1: no final response 64·T1 after the CANCEL ends the INVITE transaction and the call")
        void cancelWithoutFinalResponseGivesUpAfter64T1() {
            InviteSession s = call();
            SipRequest invite = f.wire.lastRequest(SipMethod.INVITE);
            f.receive(answer(invite, 180).build());
            f.advanceTo(10);
            s.hangup();
            f.receive(answer(f.wire.lastRequest(SipMethod.CANCEL), 200).build());
            f.advanceTo(41.9);
            assertThat(s.state()).isEqualTo(SessionState.EARLY);
            f.advanceTo(42);
            assertThat(s.ended()).isCompletedWithValueMatching(r -> r.status() == 408 && r.byLocal());
            assertThat(f.transactions.activeTransactions()).isZero();
            f.drainAndAssertIdle();
        }

        @Test
        @DisplayName("§9.1: a 2xx that crosses our CANCEL is ACKed and the call ended with BYE")
        void okCrossingTheCancelIsEndedWithBye() {
            InviteSession s = call();
            SipRequest invite = f.wire.lastRequest(SipMethod.INVITE);
            f.receive(answer(invite, 180).build());
            s.hangup();
            f.receive(SessionFixture.okWithAnswer(invite).build());
            f.receive(answer(f.wire.lastRequest(SipMethod.CANCEL), 200).build());
            assertThat(f.wire.requests(SipMethod.ACK)).hasSize(1);
            SipRequest bye = f.wire.lastRequest(SipMethod.BYE);
            f.receive(answer(bye, 200).build());
            assertThat(s.state()).isEqualTo(SessionState.TERMINATED);
            f.drainAndAssertIdle();
        }

        @Test
        @DisplayName("§9.2: CANCEL after a non-2xx final gets 200 and nothing else")
        void cancelAfterRejectionGets200Only() {
            SipRequest invite = f.invite();
            InviteSession s = f.ring(invite);
            s.reject(486);
            f.receive(SessionFixture.cancel(invite));
            assertThat(f.wire.statuses(SipMethod.CANCEL)).containsExactly(200);
            assertThat(f.wire.statuses(SipMethod.INVITE)).containsExactly(180, 486);
            f.receive(SessionFixture.ackForFailure(invite, f.wire.lastResponse(486, SipMethod.INVITE)));
            f.drainAndAssertIdle();
        }

        @Test
        @DisplayName("§9.2: a CANCEL whose branch matches no INVITE gets 481 and the INVITE rings on")
        void cancelWithOtherBranchGets481() {
            SipRequest invite = f.invite();
            InviteSession s = f.ring(invite);
            SipRequest other = f.invite(b -> b.cseq(1, SipMethod.INVITE));
            f.receive(SessionFixture.cancel(other));
            assertThat(f.wire.statuses(SipMethod.CANCEL)).containsExactly(481);
            assertThat(s.state()).isEqualTo(SessionState.INCOMING);
            f.receive(SessionFixture.cancel(invite));
            assertThat(f.wire.statuses(SipMethod.CANCEL)).containsExactly(481, 200);
            assertThat(f.wire.statuses(SipMethod.INVITE)).containsExactly(180, 487);
            f.receive(SessionFixture.ackForFailure(invite, f.wire.lastResponse(487, SipMethod.INVITE)));
            f.drainAndAssertIdle();
        }
    }

    // ================================================================== routing

    @Nested
    @DisplayName("route sets and targets §12.1, §12.2, §16.12")
    class Routing {
        @Test
        @DisplayName("§12.2.1.1: a strict router first in the route set becomes the Request-URI and the next hop")
        void uacStrictRouting() {
            InviteSession s = call();
            SipRequest invite = f.wire.lastRequest(SipMethod.INVITE);
            f.receive(SessionFixture.okWithAnswer(invite).header("Record-Route", "<sip:127.0.0.1:5081;lr>")
                    .header("Record-Route", "<sip:127.0.0.1:5082>").build());
            SipRequest ack = f.wire.lastRequest(SipMethod.ACK);
            assertThat(ack.requestUri()).isEqualTo(SipUri.parse("sip:127.0.0.1:5082"));
            assertThat(ack.routes()).extracting(NameAddr::toString)
                    .containsExactly("<sip:127.0.0.1:5081;lr>", "<sip:alice@127.0.0.1:5070>");
            assertThat(lastRequestPort()).isEqualTo(5082);
            s.hangup();
            SipRequest bye = f.wire.lastRequest(SipMethod.BYE);
            assertThat(bye.requestUri()).isEqualTo(SipUri.parse("sip:127.0.0.1:5082"));
            assertThat(lastRequestPort()).isEqualTo(5082);
            f.receive(answer(bye, 200).build());
            f.drainAndAssertIdle();
        }

        @Test
        @DisplayName("§12.1.1: the UAS route set is Record-Route in order; requests go to the first loose router")
        void uasLooseRouting() {
            SipRequest invite = f.invite(b -> b.header("Record-Route", "<sip:127.0.0.1:5091;lr>")
                    .header("Record-Route", "<sip:127.0.0.1:5092;lr>"));
            f.establish(invite);
            InviteSession s = f.incoming.get(0);
            s.hangup();
            SipRequest bye = f.wire.lastRequest(SipMethod.BYE);
            assertThat(bye.requestUri()).isEqualTo(SipUri.parse("sip:alice@127.0.0.1:5070"));
            assertThat(bye.routes()).extracting(NameAddr::toString)
                    .containsExactly("<sip:127.0.0.1:5091;lr>", "<sip:127.0.0.1:5092;lr>");
            assertThat(lastRequestPort()).isEqualTo(5091);
            f.receive(answer(bye, 200).build());
            f.drainAndAssertIdle();
        }

        @Test
        void uasStrictRouting() {
            f.establish(f.invite(b -> b.header("Record-Route", "<sip:127.0.0.1:5093>")));
            InviteSession s = f.incoming.get(0);
            s.hangup();
            SipRequest bye = f.wire.lastRequest(SipMethod.BYE);
            assertThat(bye.requestUri()).isEqualTo(SipUri.parse("sip:127.0.0.1:5093"));
            assertThat(bye.routes()).extracting(NameAddr::toString).containsExactly("<sip:alice@127.0.0.1:5070>");
            assertThat(lastRequestPort()).isEqualTo(5093);
            f.receive(answer(bye, 200).build());
            f.drainAndAssertIdle();
        }

        @Test
        @DisplayName("§12.2.2: an UPDATE from the callee refreshes the UAC's remote target")
        void uacTargetRefreshByUpdate() {
            InviteSession s = call();
            SipRequest invite = f.wire.lastRequest(SipMethod.INVITE);
            SipResponse ok = SessionFixture.okWithAnswer(invite).build();
            f.receive(ok);
            SipRequest update = SipRequest.builder(SipMethod.UPDATE, invite.contacts().get(0).uri())
                    .addVia(Via.of("UDP", "127.0.0.1", 5070, f.newBranch())).maxForwards(70)
                    .from(ok.to()).to(invite.from()).callId(invite.callId()).cseq(1, SipMethod.UPDATE)
                    .header("Contact", "<sip:alice@127.0.0.1:5075>").build();
            f.receive(update);
            assertThat(f.wire.statuses(SipMethod.UPDATE)).containsExactly(200);
            s.hangup();
            SipRequest bye = f.wire.lastRequest(SipMethod.BYE);
            assertThat(bye.requestUri()).isEqualTo(SipUri.parse("sip:alice@127.0.0.1:5075"));
            assertThat(lastRequestPort()).isEqualTo(5075);
            f.receive(answer(bye, 200).build());
            f.drainAndAssertIdle();
        }
    }

    // ================================================================== errors, timeouts, cleanup

    @Nested
    @DisplayName("timeouts and transport errors surface §8.1.3.1, §17.1.4, §17.2.4")
    class Failures {
        @Test
        void transportErrorOnTheInviteEndsTheCall() {
            f.wire.failing = true;
            InviteSession s = call();
            f.time.runPending();
            assertThat(s.ended()).isCompletedWithValueMatching(r -> r.status() == 503 && r.text().contains("transport"));
            assertThat(s.outcome()).isCompletedWithValue(null);
            f.wire.failing = false;
            f.drainAndAssertIdle();
        }

        @Test
        void transportErrorAnsweringAnInviteEndsTheSession() {
            f.wire.failing = true;
            InviteSession s = f.ring(f.invite());
            f.time.runPending();
            assertThat(s.state()).isEqualTo(SessionState.TERMINATED);
            assertThat(s.ended()).isCompletedWithValueMatching(r -> r.status() == 503);
            f.wire.failing = false;
            f.drainAndAssertIdle();
        }

        @Test
        @DisplayName("Timer F on our BYE ends the session")
        void unansweredByeEndsTheSessionByTimerF() {
            f.establish(f.invite());
            InviteSession s = f.incoming.get(0);
            s.hangup();
            f.advance(31.9);
            assertThat(s.state()).isEqualTo(SessionState.TERMINATING);
            f.advance(0.1);
            assertThat(s.state()).isEqualTo(SessionState.TERMINATED);
            assertThat(s.ended()).isCompletedWithValueMatching(EndReason::byLocal);
            f.drainAndAssertIdle();
        }

        @Test
        @DisplayName("Timer H: a non-2xx final never ACKed still leaves nothing behind")
        void unackedRejectionIsCleanedUpByTimerH() {
            InviteSession s = f.ring(f.invite());
            s.reject(486);
            f.drainAndAssertIdle();
            assertThat(f.wire.statuses(SipMethod.INVITE)).contains(486).hasSizeGreaterThan(3);
        }
    }

    @Test
    @DisplayName("200 calls of every kind through the layers leave no transaction, session, remembered request or timer")
    void manyCallsLeaveTheTablesEmpty() {
        for (int i = 0; i < 200; i++) {
            String callId = "leak-" + i + "@127.0.0.1";
            switch (i % 5) {
                case 0 -> { // UAS answered, peer BYE
                    SipRequest invite = f.invite(b -> b.callId(callId));
                    SipResponse ok = f.establish(invite);
                    f.receive(f.inDialog(SipMethod.BYE, 2, ok));
                }
                case 1 -> { // UAS cancelled while ringing
                    SipRequest invite = f.invite(b -> b.callId(callId));
                    f.ring(invite);
                    f.receive(SessionFixture.cancel(invite));
                    f.receive(SessionFixture.ackForFailure(invite, f.wire.lastResponse(487, SipMethod.INVITE)));
                }
                case 2 -> { // UAC answered, our BYE
                    InviteSession s = call(callId);
                    f.receive(SessionFixture.okWithAnswer(f.wire.lastRequest(SipMethod.INVITE)).build());
                    hangUpAndAnswer(s);
                }
                case 3 -> { // UAC rejected
                    call(callId);
                    f.receive(answer(f.wire.lastRequest(SipMethod.INVITE), 486).build());
                }
                default -> { // UAC forked: two 2xx
                    InviteSession s = call(callId);
                    SipRequest invite = f.wire.lastRequest(SipMethod.INVITE);
                    f.receive(ok(invite, "a", 5071).build());
                    f.receive(ok(invite, "b", 5072).build());
                    f.receive(answer(f.wire.lastRequest(SipMethod.BYE), 200).build());
                    hangUpAndAnswer(s);
                }
            }
            f.advance(0.5);
        }
        f.drainAndAssertIdle();
    }
}
