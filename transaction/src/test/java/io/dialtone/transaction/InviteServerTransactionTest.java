package io.dialtone.transaction;

import io.dialtone.message.SipMethod;
import io.dialtone.message.SipRequest;
import io.dialtone.message.SipResponse;
import io.dialtone.transport.Inbound;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static io.dialtone.transaction.TransactionState.ACCEPTED;
import static io.dialtone.transaction.TransactionState.COMPLETED;
import static io.dialtone.transaction.TransactionState.CONFIRMED;
import static io.dialtone.transaction.TransactionState.PROCEEDING;
import static io.dialtone.transaction.TransactionState.TERMINATED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("RFC 3261 §17.2.1")
class InviteServerTransactionTest {
    private final Fixture f = new Fixture();
    private final SipRequest invite = Fixture.request(SipMethod.INVITE, "z9hG4bKist1", "UDP");

    private ServerTransaction receive(Inbound from) {
        f.layer.onRequest(invite, from);
        return f.user.requests.get(0);
    }

    private void respond(ServerTransaction tx, int status) {
        tx.respond(Fixture.response(invite, status));
    }

    private void ack(int finalStatus) {
        f.layer.onRequest(Fixture.ackFor(invite, Fixture.response(invite, finalStatus)), Fixture.FROM_UDP);
    }

    @Nested
    class Proceeding {
        @Test
        void newInviteCreatesTransactionInProceeding() {
            ServerTransaction tx = receive(Fixture.FROM_UDP);
            assertThat(tx).isInstanceOf(InviteServerTransaction.class);
            assertThat(tx.state()).isEqualTo(PROCEEDING);
            assertThat(tx.request()).isSameAs(invite);
        }

        @Test
        void sends100TryingAfter200MsWhenTuIsSilent() {
            receive(Fixture.FROM_UDP);
            f.advance(0.199);
            assertThat(f.wire.sent).isEmpty();
            f.advance(0.001);
            assertThat(f.wire.statuses()).containsExactly(100);
            SipResponse trying = (SipResponse) f.wire.last();
            assertThat(trying.to().tag()).isNull();
            assertThat(trying.vias()).isEqualTo(invite.vias());
        }

        @Test
        void no100TryingWhenTuSendsProvisionalFirst() {
            ServerTransaction tx = receive(Fixture.FROM_UDP);
            f.advance(0.1);
            respond(tx, 180);
            f.advance(1);
            assertThat(f.wire.statuses()).containsExactly(180);
        }

        @Test
        void no100TryingWhenTuAnswersInline() {
            f.user.onRequest = (tx, r) -> tx.respond(Fixture.response(r, 486));
            receive(Fixture.FROM_UDP);
            f.advance(0.2);
            assertThat(f.wire.statuses()).containsExactly(486);
        }

        @Test
        void retransmissionResendsLastProvisional() {
            ServerTransaction tx = receive(Fixture.FROM_UDP);
            f.layer.onRequest(invite, Fixture.FROM_UDP);          // nothing to re-send yet
            assertThat(f.wire.sent).isEmpty();
            respond(tx, 180);
            respond(tx, 183);
            f.layer.onRequest(invite, Fixture.FROM_UDP);
            assertThat(f.wire.statuses()).containsExactly(180, 183, 183);
            assertThat(f.user.requests).hasSize(1);
        }

        @Test
        void retransmissionResendsTheTransactions100Trying() {
            receive(Fixture.FROM_UDP);
            f.advance(0.2);
            f.layer.onRequest(invite, Fixture.FROM_UDP);
            assertThat(f.wire.statuses()).containsExactly(100, 100);
        }

        @Test
        void provisionalKeepsProceeding() {
            ServerTransaction tx = receive(Fixture.FROM_UDP);
            respond(tx, 180);
            assertThat(tx.state()).isEqualTo(PROCEEDING);
        }

        @ParameterizedTest(name = "{0} → Accepted")
        @ValueSource(ints = {200, 299})
        void successMovesToAccepted(int status) {
            ServerTransaction tx = receive(Fixture.FROM_UDP);
            respond(tx, status);
            assertThat(tx.state()).isEqualTo(ACCEPTED);
            assertThat(f.wire.statuses()).containsExactly(status);
        }

        @ParameterizedTest(name = "{0} → Completed")
        @ValueSource(ints = {300, 404, 486, 500, 603})
        void failureMovesToCompleted(int status) {
            ServerTransaction tx = receive(Fixture.FROM_UDP);
            respond(tx, status);
            assertThat(tx.state()).isEqualTo(COMPLETED);
        }

        @Test
        void transportErrorTerminatesAndInformsTu() {
            ServerTransaction tx = receive(Fixture.FROM_UDP);
            f.wire.failing = true;
            respond(tx, 180);
            f.time.runPending();
            assertThat(tx.state()).isEqualTo(TERMINATED);
            assertThat(f.user.errors).hasSize(1);
            assertThat(f.user.terminated).containsExactly(tx);
            f.assertIdle();
        }

        @Test
        void ackIsIgnored() {
            ServerTransaction tx = receive(Fixture.FROM_UDP);
            ack(486);
            assertThat(tx.state()).isEqualTo(PROCEEDING);
            assertThat(f.user.acks).isEmpty();
        }
    }

    @Nested
    class Completed {
        @Test
        void timerGDoublesCappedAtT2UntilTimerH() {
            ServerTransaction tx = receive(Fixture.FROM_UDP);
            respond(tx, 486);
            f.advance(31.9);
            assertThat(f.wire.sentAtMillis).containsExactly(
                    0L, 500L, 1500L, 3500L, 7500L, 11500L, 15500L, 19500L, 23500L, 27500L, 31500L);
            assertThat(f.wire.statuses()).containsOnly(486);
            f.advance(0.1);                                       // H = 64·T1
            assertThat(tx.state()).isEqualTo(TERMINATED);
            assertThat(f.user.timedOut).containsExactly(tx);
            assertThat(f.user.terminated).containsExactly(tx);
            f.assertIdle();
        }

        @Test
        void noTimerGOverTcpButTimerHStillFires() {
            ServerTransaction tx = receive(Fixture.FROM_TCP);
            respond(tx, 486);
            f.advance(31.999);
            assertThat(f.wire.sent).hasSize(1);
            f.advance(0.001);
            assertThat(tx.state()).isEqualTo(TERMINATED);
            f.assertIdle();
        }

        @Test
        void retransmittedInviteResendsFinal() {
            ServerTransaction tx = receive(Fixture.FROM_UDP);
            respond(tx, 404);
            f.layer.onRequest(invite, Fixture.FROM_UDP);
            assertThat(f.wire.statuses()).containsExactly(404, 404);
        }

        @Test
        void ackMovesToConfirmedAndIsAbsorbed() {
            ServerTransaction tx = receive(Fixture.FROM_UDP);
            respond(tx, 404);
            ack(404);
            assertThat(tx.state()).isEqualTo(CONFIRMED);
            assertThat(f.user.acks).isEmpty();
            f.advance(10);
            assertThat(f.wire.sent).hasSize(1);                  // G stopped
        }

        @ParameterizedTest(name = "respond {0} after non-2xx final is rejected")
        @ValueSource(ints = {180, 200, 500})
        void furtherResponsesAreIllegal(int status) {
            ServerTransaction tx = receive(Fixture.FROM_UDP);
            respond(tx, 404);
            assertThatThrownBy(() -> respond(tx, status)).isInstanceOf(IllegalStateException.class);
        }

        @Test
        void transportErrorTerminatesAndInformsTu() {
            ServerTransaction tx = receive(Fixture.FROM_UDP);
            respond(tx, 404);
            f.wire.failing = true;
            f.advance(0.5);                                      // G retransmission fails
            assertThat(tx.state()).isEqualTo(TERMINATED);
            assertThat(f.user.errors).hasSize(1);
            f.assertIdle();
        }
    }

    @Nested
    class Confirmed {
        private ServerTransaction confirmed(Inbound from) {
            ServerTransaction tx = receive(from);
            respond(tx, 486);
            ack(486);
            return tx;
        }

        @Test
        void timerIIsT4OverUdp() {
            ServerTransaction tx = confirmed(Fixture.FROM_UDP);
            f.advance(4.999);
            assertThat(tx.state()).isEqualTo(CONFIRMED);
            f.advance(0.001);
            assertThat(tx.state()).isEqualTo(TERMINATED);
            assertThat(f.user.terminated).containsExactly(tx);
            assertThat(f.user.timedOut).isEmpty();
            f.assertIdle();
        }

        @Test
        void timerIIsZeroOverTcp() {
            ServerTransaction tx = confirmed(Fixture.FROM_TCP);
            f.time.runPending();
            assertThat(tx.state()).isEqualTo(TERMINATED);
            f.assertIdle();
        }

        @Test
        void ackAndInviteRetransmissionsAreAbsorbed() {
            ServerTransaction tx = confirmed(Fixture.FROM_UDP);
            ack(486);
            f.layer.onRequest(invite, Fixture.FROM_UDP);
            assertThat(tx.state()).isEqualTo(CONFIRMED);
            assertThat(f.wire.sent).hasSize(1);
            assertThat(f.user.acks).isEmpty();
            assertThat(f.user.requests).hasSize(1);
        }
    }

    @Nested
    @DisplayName("Accepted (RFC 6026 §8.7)")
    class Accepted {
        private ServerTransaction accepted() {
            ServerTransaction tx = receive(Fixture.FROM_UDP);
            respond(tx, 200);
            return tx;
        }

        @Test
        void inviteRetransmissionIsAbsorbed() {
            ServerTransaction tx = accepted();
            f.layer.onRequest(invite, Fixture.FROM_UDP);
            assertThat(f.wire.statuses()).containsExactly(200);
            assertThat(f.user.requests).hasSize(1);
            assertThat(tx.state()).isEqualTo(ACCEPTED);
        }

        @Test
        void twoHundredFromTuIsSent() {
            ServerTransaction tx = accepted();
            respond(tx, 200);
            respond(tx, 200);
            assertThat(f.wire.statuses()).containsExactly(200, 200, 200);
            assertThat(tx.state()).isEqualTo(ACCEPTED);
        }

        @Test
        void transactionDoesNotRetransmit2xxItself() {
            accepted();
            f.advance(31);
            assertThat(f.wire.sent).hasSize(1);
        }

        @ParameterizedTest(name = "respond {0} after 2xx is rejected")
        @ValueSource(ints = {180, 486})
        void nonSuccessIsIllegal(int status) {
            ServerTransaction tx = accepted();
            assertThatThrownBy(() -> respond(tx, status)).isInstanceOf(IllegalStateException.class);
        }

        @Test
        void ackMatchingTheInviteIsPassedToTu() {
            ServerTransaction tx = accepted();
            ack(200);
            assertThat(f.user.acks).hasSize(1);
            assertThat(tx.state()).isEqualTo(ACCEPTED);
        }

        @Test
        void ackWithNewBranchIsPassedToTu() {
            accepted();
            SipRequest ack = Fixture.request(SipMethod.ACK, "z9hG4bKack2xx", "UDP");
            f.layer.onRequest(ack, Fixture.FROM_UDP);
            assertThat(f.user.acks).containsExactly(ack);
        }

        @Test
        void timerLTerminatesAfter32Seconds() {
            ServerTransaction tx = accepted();
            f.advance(31.999);
            assertThat(tx.state()).isEqualTo(ACCEPTED);
            f.advance(0.001);
            assertThat(tx.state()).isEqualTo(TERMINATED);
            assertThat(f.user.terminated).containsExactly(tx);
            f.assertIdle();
        }

        @Test
        void timerLIs32SecondsOverTcpToo() {
            ServerTransaction tx = receive(Fixture.FROM_TCP);
            respond(tx, 200);
            f.advance(31.999);
            assertThat(tx.state()).isEqualTo(ACCEPTED);
            f.advance(0.001);
            f.assertIdle();
        }

        @Test
        void transportErrorTerminatesAndInformsTu() {
            ServerTransaction tx = accepted();
            f.wire.failing = true;
            respond(tx, 200);
            f.time.runPending();
            assertThat(tx.state()).isEqualTo(TERMINATED);
            assertThat(f.user.errors).hasSize(1);
            f.assertIdle();
        }
    }

    @Nested
    class Terminated {
        @Test
        void respondAfterTerminationIsIllegal() {
            ServerTransaction tx = receive(Fixture.FROM_UDP);
            respond(tx, 200);
            f.advance(32);
            assertThatThrownBy(() -> respond(tx, 200)).isInstanceOf(IllegalStateException.class);
        }

        @Test
        void ackAfterTerminationGoesToTu() {
            ServerTransaction tx = receive(Fixture.FROM_UDP);
            respond(tx, 200);
            f.advance(32);
            ack(200);
            assertThat(f.user.acks).hasSize(1);
        }
    }
}
