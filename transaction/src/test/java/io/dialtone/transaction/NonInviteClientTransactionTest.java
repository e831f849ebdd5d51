package io.dialtone.transaction;

import io.dialtone.message.SipMethod;
import io.dialtone.message.SipRequest;
import io.dialtone.transport.Destination;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static io.dialtone.transaction.TransactionState.COMPLETED;
import static io.dialtone.transaction.TransactionState.PROCEEDING;
import static io.dialtone.transaction.TransactionState.TERMINATED;
import static io.dialtone.transaction.TransactionState.TRYING;
import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("RFC 3261 §17.1.2")
class NonInviteClientTransactionTest {
    private final Fixture f = new Fixture();
    private final SipRequest bye = Fixture.request(SipMethod.BYE, "z9hG4bKnict1", "UDP");

    private ClientTransaction start(Destination d) {
        return f.layer.sendRequest(bye, d, f.listener);
    }

    private void receive(int status) {
        f.layer.onResponse(Fixture.response(bye, status), Fixture.FROM_UDP);
    }

    @Nested
    class Trying {
        @Test
        void sendsRequestAndStartsInTrying() {
            ClientTransaction tx = start(Fixture.UDP);
            assertThat(tx).isInstanceOf(NonInviteClientTransaction.class);
            assertThat(tx.state()).isEqualTo(TRYING);
            assertThat(f.wire.sent).containsExactly(bye);
        }

        @Test
        void timerEDoublesCappedAtT2UntilTimerF() {
            ClientTransaction tx = start(Fixture.UDP);
            f.advance(31.9);
            // E: 0.5, 1, 2, 4, 4, 4, ... s apart
            assertThat(f.wire.sentAtMillis).containsExactly(
                    0L, 500L, 1500L, 3500L, 7500L, 11500L, 15500L, 19500L, 23500L, 27500L, 31500L);
            f.advance(0.1);                                         // F = 64·T1
            assertThat(tx.state()).isEqualTo(TERMINATED);
            assertThat(f.listener.timedOut).containsExactly(tx);
            f.assertIdle();
        }

        @Test
        void noRetransmissionOverTcpButTimerFStillFires() {
            ClientTransaction tx = start(Fixture.TCP);
            f.advance(32);
            assertThat(f.wire.sent).hasSize(1);
            assertThat(f.listener.timedOut).containsExactly(tx);
            f.assertIdle();
        }

        @Test
        void provisionalMovesToProceeding() {
            ClientTransaction tx = start(Fixture.UDP);
            receive(100);
            assertThat(tx.state()).isEqualTo(PROCEEDING);
            assertThat(f.listener.statuses()).containsExactly(100);
        }

        @ParameterizedTest(name = "{0} → Completed")
        @ValueSource(ints = {200, 202, 302, 404, 500, 603})
        void finalMovesToCompleted(int status) {
            ClientTransaction tx = start(Fixture.UDP);
            receive(status);
            assertThat(tx.state()).isEqualTo(COMPLETED);
            assertThat(f.listener.statuses()).containsExactly(status);
            assertThat(f.wire.requests(SipMethod.ACK)).isEmpty();
        }

        @Test
        void transportErrorTerminates() {
            f.wire.failing = true;
            ClientTransaction tx = start(Fixture.UDP);
            f.time.runPending();
            assertThat(tx.state()).isEqualTo(TERMINATED);
            assertThat(f.listener.errors).hasSize(1);
            f.assertIdle();
        }
    }

    @Nested
    class Proceeding {
        @Test
        void timerEIsT2InProceeding() {
            start(Fixture.UDP);
            f.advance(0.2);
            receive(100);
            f.advance(9);
            assertThat(f.wire.sentAtMillis).containsExactly(0L, 500L, 4500L, 8500L);
        }

        @Test
        void furtherProvisionalsArePassedUp() {
            ClientTransaction tx = start(Fixture.UDP);
            receive(100);
            receive(180);
            assertThat(tx.state()).isEqualTo(PROCEEDING);
            assertThat(f.listener.statuses()).containsExactly(100, 180);
        }

        @Test
        void finalMovesToCompleted() {
            ClientTransaction tx = start(Fixture.UDP);
            receive(100);
            receive(200);
            assertThat(tx.state()).isEqualTo(COMPLETED);
            assertThat(f.listener.statuses()).containsExactly(100, 200);
        }

        @Test
        void timerFTimesOut() {
            ClientTransaction tx = start(Fixture.UDP);
            receive(100);
            f.advance(32);
            assertThat(tx.state()).isEqualTo(TERMINATED);
            assertThat(f.listener.timedOut).containsExactly(tx);
            f.assertIdle();
        }

        @Test
        void transportErrorOnRetransmissionTerminates() {
            ClientTransaction tx = start(Fixture.UDP);
            receive(100);
            f.wire.failing = true;
            f.advance(0.5);
            assertThat(tx.state()).isEqualTo(TERMINATED);
            assertThat(f.listener.errors).hasSize(1);
            f.assertIdle();
        }
    }

    @Nested
    class Completed {
        @Test
        void retransmittedResponsesAreAbsorbed() {
            ClientTransaction tx = start(Fixture.UDP);
            receive(200);
            receive(200);
            receive(100);
            assertThat(f.listener.statuses()).containsExactly(200);
            assertThat(tx.state()).isEqualTo(COMPLETED);
        }

        @Test
        void noRetransmissionAfterFinal() {
            start(Fixture.UDP);
            receive(200);
            f.advance(10);
            assertThat(f.wire.sent).hasSize(1);
        }

        @Test
        void timerKIsT4OverUdp() {
            ClientTransaction tx = start(Fixture.UDP);
            receive(200);
            f.advance(4.999);
            assertThat(tx.state()).isEqualTo(COMPLETED);
            f.advance(0.001);
            assertThat(tx.state()).isEqualTo(TERMINATED);
            f.assertIdle();
        }

        @Test
        void timerKIsZeroOverTcp() {
            ClientTransaction tx = start(Fixture.TCP);
            receive(200);
            f.time.runPending();
            assertThat(tx.state()).isEqualTo(TERMINATED);
            f.assertIdle();
        }

        @Test
        void lateTransportErrorIsIgnored() {
            f.wire.holding = true;
            ClientTransaction tx = start(Fixture.UDP);
            receive(200);
            f.wire.failHeld();
            f.time.runPending();
            assertThat(tx.state()).isEqualTo(COMPLETED);
            assertThat(f.listener.errors).isEmpty();
        }
    }

    @ParameterizedTest(name = "{0} + {1} → {2}")
    @CsvSource({
            "TRYING, 100, PROCEEDING", "TRYING, 200, COMPLETED", "TRYING, 486, COMPLETED",
            "PROCEEDING, 180, PROCEEDING", "PROCEEDING, 200, COMPLETED", "PROCEEDING, 503, COMPLETED",
            "COMPLETED, 100, COMPLETED", "COMPLETED, 200, COMPLETED", "COMPLETED, 404, COMPLETED"})
    @DisplayName("state × response table")
    void stateByResponse(TransactionState from, int status, TransactionState expected) {
        ClientTransaction tx = start(Fixture.UDP);
        if (from == PROCEEDING) {
            receive(100);
        } else if (from == COMPLETED) {
            receive(200);
        }
        assertThat(tx.state()).isEqualTo(from);
        receive(status);
        assertThat(tx.state()).isEqualTo(expected);
    }
}
