package io.dialtone.transaction;

import io.dialtone.message.SipMethod;
import io.dialtone.message.SipRequest;
import io.dialtone.transport.Inbound;
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
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("RFC 3261 §17.2.2")
class NonInviteServerTransactionTest {
    private final Fixture f = new Fixture();
    private final SipRequest options = Fixture.request(SipMethod.OPTIONS, "z9hG4bKnist1", "UDP");

    private ServerTransaction receive(Inbound from) {
        f.layer.onRequest(options, from);
        return f.user.requests.get(0);
    }

    private void respond(ServerTransaction tx, int status) {
        tx.respond(Fixture.response(options, status));
    }

    @Nested
    class Trying {
        @Test
        void newRequestCreatesTransactionAndReachesTu() {
            ServerTransaction tx = receive(Fixture.FROM_UDP);
            assertThat(tx).isInstanceOf(NonInviteServerTransaction.class);
            assertThat(tx.state()).isEqualTo(TRYING);
            assertThat(tx.request()).isSameAs(options);
            assertThat(f.wire.sent).isEmpty();
        }

        @Test
        void retransmissionIsAbsorbed() {
            receive(Fixture.FROM_UDP);
            f.layer.onRequest(options, Fixture.FROM_UDP);
            assertThat(f.user.requests).hasSize(1);
            assertThat(f.wire.sent).isEmpty();
        }

        @Test
        void provisionalMovesToProceeding() {
            ServerTransaction tx = receive(Fixture.FROM_UDP);
            respond(tx, 100);
            assertThat(tx.state()).isEqualTo(PROCEEDING);
            assertThat(f.wire.statuses()).containsExactly(100);
        }

        @ParameterizedTest(name = "{0} → Completed")
        @ValueSource(ints = {200, 404, 699})
        void finalMovesToCompleted(int status) {
            ServerTransaction tx = receive(Fixture.FROM_UDP);
            respond(tx, status);
            assertThat(tx.state()).isEqualTo(COMPLETED);
            assertThat(f.wire.statuses()).containsExactly(status);
        }

        @Test
        void responseForAnotherRequestIsRejected() {
            ServerTransaction tx = receive(Fixture.FROM_UDP);
            SipRequest other = Fixture.request(SipMethod.INFO, "z9hG4bKx", "UDP");
            assertThatThrownBy(() -> tx.respond(Fixture.response(other, 200))).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Nested
    class Proceeding {
        @Test
        void retransmissionResendsLastProvisional() {
            ServerTransaction tx = receive(Fixture.FROM_UDP);
            respond(tx, 100);
            respond(tx, 180);
            f.layer.onRequest(options, Fixture.FROM_UDP);
            assertThat(f.wire.statuses()).containsExactly(100, 180, 180);
            assertThat(tx.state()).isEqualTo(PROCEEDING);
        }

        @Test
        void finalMovesToCompleted() {
            ServerTransaction tx = receive(Fixture.FROM_UDP);
            respond(tx, 100);
            respond(tx, 200);
            assertThat(tx.state()).isEqualTo(COMPLETED);
        }

        @Test
        void transportErrorTerminatesAndInformsTu() {
            ServerTransaction tx = receive(Fixture.FROM_UDP);
            f.wire.failing = true;
            respond(tx, 100);
            f.time.runPending();
            assertThat(tx.state()).isEqualTo(TERMINATED);
            assertThat(f.user.errors).hasSize(1);
            assertThat(f.user.terminated).containsExactly(tx);
            f.assertIdle();
        }
    }

    @Nested
    class Completed {
        @Test
        void retransmissionResendsFinal() {
            ServerTransaction tx = receive(Fixture.FROM_UDP);
            respond(tx, 200);
            f.layer.onRequest(options, Fixture.FROM_UDP);
            f.layer.onRequest(options, Fixture.FROM_UDP);
            assertThat(f.wire.statuses()).containsExactly(200, 200, 200);
            assertThat(f.user.requests).hasSize(1);
        }

        @ParameterizedTest(name = "respond {0} after a final is rejected")
        @ValueSource(ints = {100, 200, 500})
        void secondResponseIsIllegal(int status) {
            ServerTransaction tx = receive(Fixture.FROM_UDP);
            respond(tx, 200);
            assertThatThrownBy(() -> respond(tx, status)).isInstanceOf(IllegalStateException.class);
        }

        @Test
        void timerJIs32SecondsOverUdp() {
            ServerTransaction tx = receive(Fixture.FROM_UDP);
            respond(tx, 200);
            f.advance(31.999);
            assertThat(tx.state()).isEqualTo(COMPLETED);
            f.advance(0.001);
            assertThat(tx.state()).isEqualTo(TERMINATED);
            assertThat(f.user.terminated).containsExactly(tx);
            f.assertIdle();
        }

        @Test
        void timerJIsZeroOverTcp() {
            ServerTransaction tx = receive(Fixture.FROM_TCP);
            respond(tx, 200);
            f.time.runPending();
            assertThat(tx.state()).isEqualTo(TERMINATED);
            f.assertIdle();
        }

        @Test
        void transportErrorTerminatesAndInformsTu() {
            ServerTransaction tx = receive(Fixture.FROM_UDP);
            f.wire.failing = true;
            respond(tx, 404);
            f.time.runPending();
            assertThat(tx.state()).isEqualTo(TERMINATED);
            assertThat(f.user.errors).hasSize(1);
            f.assertIdle();
        }

        @Test
        void requestAfterTimerJIsNew() {
            ServerTransaction tx = receive(Fixture.FROM_UDP);
            respond(tx, 200);
            f.advance(32);
            f.layer.onRequest(options, Fixture.FROM_UDP);
            assertThat(f.user.requests).hasSize(2);
        }
    }

    @ParameterizedTest(name = "{0} + {1} → {2}, sent {3}")
    @CsvSource({
            "TRYING, request, TRYING, ''", "TRYING, 1xx, PROCEEDING, 180", "TRYING, final, COMPLETED, 200",
            "PROCEEDING, request, PROCEEDING, 180", "PROCEEDING, 1xx, PROCEEDING, 180", "PROCEEDING, final, COMPLETED, 200",
            "COMPLETED, request, COMPLETED, 200"})
    @DisplayName("state × input table")
    void stateByInput(TransactionState from, String input, TransactionState expected, String sent) {
        ServerTransaction tx = receive(Fixture.FROM_UDP);
        if (from == PROCEEDING) {
            respond(tx, 180);
        } else if (from == COMPLETED) {
            respond(tx, 200);
        }
        f.wire.sent.clear();
        switch (input) {
            case "request" -> f.layer.onRequest(options, Fixture.FROM_UDP);
            case "1xx" -> respond(tx, 180);
            default -> respond(tx, 200);
        }
        assertThat(tx.state()).isEqualTo(expected);
        assertThat(f.wire.statuses()).containsExactlyElementsOf(
                sent.isEmpty() ? java.util.List.of() : java.util.List.of(Integer.parseInt(sent)));
    }
}
