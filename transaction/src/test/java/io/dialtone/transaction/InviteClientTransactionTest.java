package io.dialtone.transaction;

import io.dialtone.message.HeaderNames;
import io.dialtone.message.SipMethod;
import io.dialtone.message.SipRequest;
import io.dialtone.message.SipResponse;
import io.dialtone.transport.Destination;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static io.dialtone.transaction.TransactionState.ACCEPTED;
import static io.dialtone.transaction.TransactionState.CALLING;
import static io.dialtone.transaction.TransactionState.COMPLETED;
import static io.dialtone.transaction.TransactionState.PROCEEDING;
import static io.dialtone.transaction.TransactionState.TERMINATED;
import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("RFC 3261 §17.1.1")
class InviteClientTransactionTest {
    private final Fixture f = new Fixture();
    private final SipRequest invite = Fixture.request(SipMethod.INVITE, "z9hG4bKict1", "UDP");

    private ClientTransaction start(Destination d) {
        return f.layer.sendRequest(invite, d, f.listener);
    }

    private void receive(int status) {
        f.layer.onResponse(Fixture.response(invite, status), Fixture.FROM_UDP);
    }

    @Nested
    class Calling {
        @Test
        void sendsInviteAndStartsInCalling() {
            ClientTransaction tx = start(Fixture.UDP);
            assertThat(tx.state()).isEqualTo(CALLING);
            assertThat(tx.branch()).isEqualTo("z9hG4bKict1");
            assertThat(tx.request()).isSameAs(invite);
            assertThat(tx.destination()).isEqualTo(Fixture.UDP);
            assertThat(f.wire.sent).containsExactly(invite);
            assertThat(f.layer.activeTransactions()).isEqualTo(1);
        }

        @Test
        void timerADoublesOverUdpUntilTimerBTimesOut() {
            ClientTransaction tx = start(Fixture.UDP);
            f.advance(31.9);
            // Timer A: 0.5, 1, 2, 4, 8, 16 s apart
            assertThat(f.wire.sentAtMillis).containsExactly(0L, 500L, 1500L, 3500L, 7500L, 15500L, 31500L);
            assertThat(f.listener.timedOut).isEmpty();
            f.advance(0.1);                                   // Timer B = 64·T1 = 32 s
            assertThat(tx.state()).isEqualTo(TERMINATED);
            assertThat(f.listener.timedOut).containsExactly(tx);
            f.assertIdle();
        }

        @Test
        void noRetransmissionOverTcpButTimerBStillFires() {
            ClientTransaction tx = start(Fixture.TCP);
            f.advance(31.999);
            assertThat(f.wire.sent).hasSize(1);
            f.advance(0.001);
            assertThat(f.listener.timedOut).containsExactly(tx);
            f.assertIdle();
        }

        @Test
        void provisionalMovesToProceedingAndStopsTimersAAndB() {
            ClientTransaction tx = start(Fixture.UDP);
            receive(180);
            assertThat(tx.state()).isEqualTo(PROCEEDING);
            assertThat(f.listener.statuses()).containsExactly(180);
            f.advance(120);
            assertThat(f.wire.sent).hasSize(1);
            assertThat(f.listener.timedOut).isEmpty();
            assertThat(tx.state()).isEqualTo(PROCEEDING);
        }

        @Test
        void successMovesToAccepted() {
            ClientTransaction tx = start(Fixture.UDP);
            receive(200);
            assertThat(tx.state()).isEqualTo(ACCEPTED);
            assertThat(f.listener.statuses()).containsExactly(200);
            assertThat(f.wire.sent).containsExactly(invite);   // the ACK for 2xx is the TU's
        }

        @ParameterizedTest(name = "{0} → Completed, ACK sent")
        @ValueSource(ints = {300, 404, 486, 500, 603, 699})
        void failureSendsAckAndMovesToCompleted(int status) {
            ClientTransaction tx = start(Fixture.UDP);
            receive(status);
            assertThat(tx.state()).isEqualTo(COMPLETED);
            assertThat(f.listener.statuses()).containsExactly(status);
            assertThat(f.wire.requests(SipMethod.ACK)).hasSize(1);
        }

        @Test
        void transportErrorTerminatesAndInformsTu() {
            f.wire.failing = true;
            ClientTransaction tx = start(Fixture.UDP);
            f.time.runPending();
            assertThat(tx.state()).isEqualTo(TERMINATED);
            assertThat(f.listener.errors).singleElement().extracting(Throwable::getMessage).isEqualTo("connection refused");
            f.assertIdle();
        }

        @Test
        void failedRetransmissionTerminates() {
            ClientTransaction tx = start(Fixture.UDP);
            f.wire.failing = true;
            f.advance(0.5);
            assertThat(tx.state()).isEqualTo(TERMINATED);
            assertThat(f.listener.errors).hasSize(1);
            f.assertIdle();
        }
    }

    @Nested
    class Proceeding {
        private ClientTransaction tx;

        private void proceeding() {
            tx = start(Fixture.UDP);
            receive(100);
        }

        @Test
        void furtherProvisionalsArePassedUp() {
            proceeding();
            receive(180);
            receive(183);
            assertThat(tx.state()).isEqualTo(PROCEEDING);
            assertThat(f.listener.statuses()).containsExactly(100, 180, 183);
        }

        @Test
        @DisplayName("RFC 3261 §9.1: the TU abandons a cancelled INVITE that got no final response")
        void abandonTerminatesWithoutCallback() {
            proceeding();
            ((InviteClientTransaction) tx).abandon();
            assertThat(tx.state()).isEqualTo(TransactionState.TERMINATED);
            assertThat(f.listener.statuses()).containsExactly(100);
            assertThat(f.listener.errors).isEmpty();
            receive(487);                                   // too late: stray, no ACK from the transaction
            assertThat(f.wire.requests(SipMethod.ACK)).isEmpty();
            f.assertIdle();
        }

        @Test
        void abandonIsIgnoredOnceAFinalArrived() {
            proceeding();
            receive(200);
            ((InviteClientTransaction) tx).abandon();
            assertThat(tx.state()).isEqualTo(ACCEPTED);
        }

        @Test
        void successMovesToAccepted() {
            proceeding();
            receive(200);
            assertThat(tx.state()).isEqualTo(ACCEPTED);
            assertThat(f.listener.statuses()).containsExactly(100, 200);
        }

        @Test
        void failureSendsAckAndMovesToCompleted() {
            proceeding();
            receive(487);
            assertThat(tx.state()).isEqualTo(COMPLETED);
            assertThat(f.wire.requests(SipMethod.ACK)).hasSize(1);
            assertThat(f.listener.statuses()).containsExactly(100, 487);
        }

        @Test
        void lateTransportErrorTerminates() {
            f.wire.holding = true;
            proceeding();
            f.wire.failHeld();
            f.time.runPending();
            assertThat(tx.state()).isEqualTo(TERMINATED);
            assertThat(f.listener.errors).hasSize(1);
            f.assertIdle();
        }
    }

    @Nested
    class Completed {
        private ClientTransaction tx;

        private void completed(Destination d, int status) {
            tx = start(d);
            receive(status);
        }

        @Test
        void ackIsBuiltPerSection17_1_1_3() {
            completed(Fixture.UDP, 486);
            SipResponse busy = f.listener.responses.get(0);
            SipRequest ack = f.wire.requests(SipMethod.ACK).get(0);
            assertThat(ack.method()).isEqualTo(SipMethod.ACK);
            assertThat(ack.requestUri()).isEqualTo(invite.requestUri());
            assertThat(ack.callId()).isEqualTo(invite.callId());
            assertThat(ack.from()).isEqualTo(invite.from());
            assertThat(ack.to()).isEqualTo(busy.to());
            assertThat(ack.to().tag()).isEqualTo("b2");
            assertThat(ack.cseq().number()).isEqualTo(invite.cseq().number());
            assertThat(ack.cseq().method()).isEqualTo(SipMethod.ACK);
            assertThat(ack.vias()).containsExactly(invite.topVia());
            assertThat(ack.headerValues(HeaderNames.ROUTE)).containsExactly(Fixture.ROUTE);
            assertThat(ack.maxForwards()).isEqualTo(70);
            assertThat(ack.header(HeaderNames.CONTACT)).isEmpty();
            assertThat(((InviteClientTransaction) tx).ack()).isSameAs(ack);
        }

        @Test
        void retransmittedFinalIsReAckedNotPassedUp() {
            completed(Fixture.UDP, 486);
            receive(486);
            receive(486);
            assertThat(f.wire.requests(SipMethod.ACK)).hasSize(3).allSatisfy(a -> assertThat(a).isSameAs(f.wire.requests(SipMethod.ACK).get(0)));
            assertThat(f.listener.statuses()).containsExactly(486);
            assertThat(tx.state()).isEqualTo(COMPLETED);
        }

        @ParameterizedTest(name = "{0} ignored in Completed")
        @ValueSource(ints = {180, 200})
        void provisionalAndSuccessAreIgnored(int status) {
            completed(Fixture.UDP, 486);
            receive(status);
            assertThat(f.listener.statuses()).containsExactly(486);
            assertThat(f.wire.sent).hasSize(2);
        }

        @Test
        void timerDIs32SecondsOverUdp() {
            completed(Fixture.UDP, 404);
            f.advance(31.999);
            assertThat(tx.state()).isEqualTo(COMPLETED);
            f.advance(0.001);
            assertThat(tx.state()).isEqualTo(TERMINATED);
            f.assertIdle();
        }

        @Test
        void timerDIsZeroOverTcp() {
            completed(Fixture.TCP, 404);
            f.time.runPending();
            assertThat(tx.state()).isEqualTo(TERMINATED);
            f.assertIdle();
        }

        @Test
        void ackSendFailureTerminatesAndInformsTu() {
            tx = start(Fixture.UDP);
            f.wire.failing = true;
            receive(500);
            f.time.runPending();
            assertThat(tx.state()).isEqualTo(TERMINATED);
            assertThat(f.listener.errors).hasSize(1);
            f.assertIdle();
        }

        @Test
        void finalAfterTimerDIsStray() {
            completed(Fixture.UDP, 404);
            f.advance(32);
            receive(404);
            assertThat(f.user.strays).extracting(SipResponse::statusCode).containsExactly(404);
        }
    }

    @Nested
    @DisplayName("Accepted (RFC 6026 §8.4)")
    class Accepted {
        private ClientTransaction tx;

        @Test
        void eachRetransmitted2xxIsPassedUp() {
            tx = start(Fixture.UDP);
            receive(200);
            receive(200);
            receive(200);
            assertThat(f.listener.statuses()).containsExactly(200, 200, 200);
            assertThat(tx.state()).isEqualTo(ACCEPTED);
            assertThat(f.wire.sent).containsExactly(invite);
        }

        @ParameterizedTest(name = "{0} ignored in Accepted")
        @ValueSource(ints = {180, 486})
        void nonSuccessIsIgnored(int status) {
            tx = start(Fixture.UDP);
            receive(200);
            receive(status);
            assertThat(f.listener.statuses()).containsExactly(200);
            assertThat(f.wire.sent).hasSize(1);
        }

        @ParameterizedTest(name = "Timer M = 32 s over {0}")
        @ValueSource(strings = {"UDP", "TCP"})
        void timerMTerminatesAfter32Seconds(String transport) {
            tx = start(transport.equals("UDP") ? Fixture.UDP : Fixture.TCP);
            receive(200);
            f.advance(31.999);
            assertThat(tx.state()).isEqualTo(ACCEPTED);
            f.advance(0.001);
            assertThat(tx.state()).isEqualTo(TERMINATED);
            f.assertIdle();
        }

        @Test
        void twoHundredAfterTimerMIsStrayForTheUacCore() {
            tx = start(Fixture.UDP);
            receive(200);
            f.advance(32);
            receive(200);
            assertThat(f.user.strays).extracting(SipResponse::statusCode).containsExactly(200);
            assertThat(f.listener.statuses()).containsExactly(200);
        }
    }

    @ParameterizedTest(name = "{0} + {1} → {2}")
    @CsvSource({
            "CALLING, 100, PROCEEDING", "CALLING, 180, PROCEEDING", "CALLING, 200, ACCEPTED", "CALLING, 302, COMPLETED",
            "CALLING, 603, COMPLETED",
            "PROCEEDING, 183, PROCEEDING", "PROCEEDING, 202, ACCEPTED", "PROCEEDING, 404, COMPLETED",
            "COMPLETED, 180, COMPLETED", "COMPLETED, 200, COMPLETED", "COMPLETED, 404, COMPLETED",
            "ACCEPTED, 180, ACCEPTED", "ACCEPTED, 200, ACCEPTED", "ACCEPTED, 404, ACCEPTED"})
    @DisplayName("state × response table")
    void stateByResponse(TransactionState from, int status, TransactionState expected) {
        ClientTransaction tx = start(Fixture.UDP);
        switch (from) {
            case PROCEEDING -> receive(180);
            case COMPLETED -> receive(404);
            case ACCEPTED -> receive(200);
            default -> { }
        }
        assertThat(tx.state()).isEqualTo(from);
        receive(status);
        assertThat(tx.state()).isEqualTo(expected);
    }

    @Test
    void enterRejectsMovesTheFigureLacks() {
        InviteClientTransaction tx = (InviteClientTransaction) start(Fixture.UDP);
        receive(486);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> tx.enter(ACCEPTED, "test"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("COMPLETED -> ACCEPTED");
        assertThat(tx.state()).isEqualTo(COMPLETED);
    }

    @Test
    void everyPathEndsIdle() {
        for (int status : List.of(200, 486)) {
            SipRequest inv = Fixture.request(SipMethod.INVITE, TransactionLayer.newBranch(), "UDP");
            f.layer.sendRequest(inv, Fixture.UDP, f.listener);
            f.layer.onResponse(Fixture.response(inv, 180), Fixture.FROM_UDP);
            f.layer.onResponse(Fixture.response(inv, status), Fixture.FROM_UDP);
        }
        f.layer.sendRequest(Fixture.request(SipMethod.INVITE, TransactionLayer.newBranch(), "UDP"), Fixture.UDP, f.listener);
        f.advance(64);
        f.assertIdle();
    }
}
