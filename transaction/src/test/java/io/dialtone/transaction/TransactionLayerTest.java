package io.dialtone.transaction;

import io.dialtone.message.HeaderNames;
import io.dialtone.message.SipMethod;
import io.dialtone.message.SipRequest;
import io.dialtone.message.SipResponse;
import io.dialtone.message.Via;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("RFC 3261 §17.1.3, §17.2.3, §9")
class TransactionLayerTest {
    private final Fixture f = new Fixture();

    @Nested
    @DisplayName("client matching §17.1.3")
    class ClientMatching {
        @Test
        void sameBranchDifferentMethodAreDifferentTransactions() {
            SipRequest invite = Fixture.request(SipMethod.INVITE, "z9hG4bKsame", "UDP");
            ClientTransaction inv = f.layer.sendRequest(invite, Fixture.UDP, f.listener);
            SipRequest cancel = CancelRequests.create(invite);
            ClientTransaction can = f.layer.sendRequest(cancel, Fixture.UDP, f.listener);
            assertThat(f.layer.activeTransactions()).isEqualTo(2);
            f.layer.onResponse(Fixture.response(cancel, 200), Fixture.FROM_UDP);
            assertThat(can.state()).isEqualTo(TransactionState.COMPLETED);
            assertThat(inv.state()).isEqualTo(TransactionState.CALLING);
            f.layer.onResponse(Fixture.response(invite, 487), Fixture.FROM_UDP);
            assertThat(inv.state()).isEqualTo(TransactionState.COMPLETED);
            f.advance(32);
            f.assertIdle();
        }

        @Test
        void unknownBranchIsStray() {
            SipRequest other = Fixture.request(SipMethod.INVITE, "z9hG4bKnobody", "UDP");
            f.layer.onResponse(Fixture.response(other, 200), Fixture.FROM_UDP);
            assertThat(f.user.strays).hasSize(1);
        }

        @Test
        void knownBranchWrongMethodIsStray() {
            SipRequest invite = Fixture.request(SipMethod.INVITE, "z9hG4bKm", "UDP");
            f.layer.sendRequest(invite, Fixture.UDP, f.listener);
            f.layer.onResponse(Fixture.response(CancelRequests.create(invite), 200), Fixture.FROM_UDP);
            assertThat(f.user.strays).hasSize(1);
            assertThat(f.listener.responses).isEmpty();
        }

        @Test
        void rejectsAckAndMissingOrOldBranch() {
            assertThatThrownBy(() -> f.layer.sendRequest(Fixture.request(SipMethod.ACK, "z9hG4bKa", "UDP"), Fixture.UDP, f.listener))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> f.layer.sendRequest(Fixture.request(SipMethod.BYE, "rfc2543branch", "UDP"), Fixture.UDP, f.listener))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThat(f.wire.sent).isEmpty();
        }

        @Test
        void rejectsDuplicateTransaction() {
            SipRequest bye = Fixture.request(SipMethod.BYE, "z9hG4bKdup", "UDP");
            f.layer.sendRequest(bye, Fixture.UDP, f.listener);
            assertThatThrownBy(() -> f.layer.sendRequest(bye, Fixture.UDP, f.listener)).isInstanceOf(IllegalStateException.class);
        }

        @Test
        void sendAckIsStatelessAndRejectsOtherMethods() {
            SipRequest ack = Fixture.request(SipMethod.ACK, "z9hG4bKack", "UDP");
            assertThat(f.layer.sendAck(ack, Fixture.UDP)).isCompleted();
            assertThat(f.wire.sent).containsExactly(ack);
            assertThat(f.layer.activeTransactions()).isZero();
            assertThatThrownBy(() -> f.layer.sendAck(Fixture.request(SipMethod.BYE, "z9hG4bKb", "UDP"), Fixture.UDP))
                    .isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        void newBranchHasMagicCookieAndIsUnique() {
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < 10_000; i++) {
                String b = TransactionLayer.newBranch();
                assertThat(b).startsWith(Via.MAGIC_COOKIE).hasSizeGreaterThan(Via.MAGIC_COOKIE.length() + 8);
                seen.add(b);
            }
            assertThat(seen).hasSize(10_000);
        }
    }

    @Nested
    @DisplayName("server matching §17.2.3")
    class ServerMatching {
        @Test
        void sameBranchDifferentMethodAreDifferentTransactions() {
            SipRequest invite = Fixture.request(SipMethod.INVITE, "z9hG4bKs", "UDP");
            SipRequest cancel = CancelRequests.create(invite);
            f.layer.onRequest(invite, Fixture.FROM_UDP);
            f.layer.onRequest(cancel, Fixture.FROM_UDP);
            assertThat(f.user.requests).hasSize(2);
            assertThat(f.user.requests.get(0)).isInstanceOf(InviteServerTransaction.class);
            assertThat(f.user.requests.get(1)).isInstanceOf(NonInviteServerTransaction.class);
            assertThat(f.layer.activeTransactions()).isEqualTo(2);
        }

        @Test
        void differentSentByIsADifferentTransaction() {
            f.layer.onRequest(Fixture.request(SipMethod.OPTIONS, "z9hG4bKsb", "UDP", "192.0.2.1", 5060), Fixture.FROM_UDP);
            f.layer.onRequest(Fixture.request(SipMethod.OPTIONS, "z9hG4bKsb", "UDP", "192.0.2.2", 5060), Fixture.FROM_UDP);
            f.layer.onRequest(Fixture.request(SipMethod.OPTIONS, "z9hG4bKsb", "UDP", "192.0.2.1", 5080), Fixture.FROM_UDP);
            assertThat(f.user.requests).hasSize(3);
        }

        @Test
        void cancelFindsItsInvite() {
            SipRequest invite = Fixture.request(SipMethod.INVITE, "z9hG4bKc", "UDP");
            f.layer.onRequest(invite, Fixture.FROM_UDP);
            SipRequest cancel = CancelRequests.create(invite);
            assertThat(f.layer.findInvite(cancel)).containsSame((InviteServerTransaction) f.user.requests.get(0));
            SipRequest otherCancel = CancelRequests.create(Fixture.request(SipMethod.INVITE, "z9hG4bKz", "UDP"));
            assertThat(f.layer.findInvite(otherCancel)).isEmpty();
        }

        @Test
        void cancelOfAnAnsweredThenTerminatedInviteFindsNothing() {
            SipRequest invite = Fixture.request(SipMethod.INVITE, "z9hG4bKt", "UDP");
            f.layer.onRequest(invite, Fixture.FROM_UDP);
            f.user.requests.get(0).respond(Fixture.response(invite, 200));
            f.advance(32);
            assertThat(f.layer.findInvite(CancelRequests.create(invite))).isEmpty();
        }

        @Test
        void cancelFlowEndsIdle() {
            SipRequest invite = Fixture.request(SipMethod.INVITE, "z9hG4bKflow", "UDP");
            f.user.onRequest = (tx, r) -> {
                if (r.is(SipMethod.CANCEL)) {
                    tx.respond(Fixture.response(r, 200));
                    InviteServerTransaction inv = f.layer.findInvite(r).orElseThrow();
                    inv.respond(Fixture.response(inv.request(), 487));
                } else {
                    tx.respond(Fixture.response(r, 180));
                }
            };
            f.layer.onRequest(invite, Fixture.FROM_UDP);
            f.layer.onRequest(CancelRequests.create(invite), Fixture.FROM_UDP);
            f.layer.onRequest(Fixture.ackFor(invite, Fixture.response(invite, 487)), Fixture.FROM_UDP);
            assertThat(f.wire.statuses()).containsExactly(180, 200, 487);
            assertThat(f.user.acks).isEmpty();
            f.advance(32);
            f.assertIdle();
            assertThat(f.user.terminated).hasSize(2);
        }

        @Test
        void ackMatchingNothingGoesToTu() {
            SipRequest ack = Fixture.request(SipMethod.ACK, "z9hG4bKlone", "UDP");
            f.layer.onRequest(ack, Fixture.FROM_UDP);
            assertThat(f.user.acks).containsExactly(ack);
            assertThat(f.user.requests).isEmpty();
            assertThat(f.layer.activeTransactions()).isZero();
        }

        @Test
        void rfc2543RequestWithoutBranchIsStillMatched() {
            SipRequest old = Fixture.request(SipMethod.OPTIONS, "z9hG4bKx", "UDP").toBuilder()
                    .topVia(Via.parse("SIP/2.0/UDP 192.0.2.1:5060")).build();
            f.layer.onRequest(old, Fixture.FROM_UDP);
            f.layer.onRequest(old, Fixture.FROM_UDP);
            assertThat(f.user.requests).hasSize(1);
        }
    }

    @Test
    @DisplayName("tables and scheduler are empty after many transactions end")
    void manyTransactionsLeaveNothingBehind() {
        f.user.onRequest = (tx, r) -> tx.respond(Fixture.response(r, r.is(SipMethod.INVITE) ? 200 : 404));
        for (int i = 0; i < 50; i++) {
            SipRequest inv = Fixture.request(SipMethod.INVITE, TransactionLayer.newBranch(), "UDP");
            f.layer.sendRequest(inv, i % 2 == 0 ? Fixture.UDP : Fixture.TCP, f.listener);
            f.layer.onResponse(Fixture.response(inv, i % 3 == 0 ? 200 : 486), Fixture.FROM_UDP);
            SipRequest bye = Fixture.request(SipMethod.BYE, TransactionLayer.newBranch(), "UDP");
            f.layer.sendRequest(bye, Fixture.UDP, f.listener);
            f.layer.onResponse(Fixture.response(bye, 200), Fixture.FROM_UDP);
            f.layer.onRequest(Fixture.request(SipMethod.INVITE, TransactionLayer.newBranch(), "UDP"), Fixture.FROM_UDP);
            f.layer.onRequest(Fixture.request(SipMethod.MESSAGE, TransactionLayer.newBranch(), "TCP"), Fixture.FROM_TCP);
        }
        assertThat(f.layer.activeTransactions()).isEqualTo(200);   // zero timers (TCP) not yet run
        f.advance(64);
        f.assertIdle();
        assertThat(f.user.terminated).hasSize(100);
    }

    @Nested
    @DisplayName("CANCEL construction §9.1")
    class CancelConstruction {
        @Test
        void copiesInviteFieldsWithMethodCancel() {
            SipRequest invite = Fixture.request(SipMethod.INVITE, "z9hG4bKcc", "UDP");
            SipRequest cancel = CancelRequests.create(invite);
            assertThat(cancel.method()).isEqualTo(SipMethod.CANCEL);
            assertThat(cancel.requestUri()).isEqualTo(invite.requestUri());
            assertThat(cancel.callId()).isEqualTo(invite.callId());
            assertThat(cancel.from()).isEqualTo(invite.from());
            assertThat(cancel.to()).isEqualTo(invite.to());
            assertThat(cancel.cseq().number()).isEqualTo(invite.cseq().number());
            assertThat(cancel.cseq().method()).isEqualTo(SipMethod.CANCEL);
            assertThat(cancel.vias()).containsExactly(invite.topVia());
            assertThat(cancel.headerValues(HeaderNames.ROUTE)).containsExactly(Fixture.ROUTE);
            assertThat(cancel.maxForwards()).isEqualTo(70);
        }

        @Test
        void rejectsNonInvite() {
            assertThatThrownBy(() -> CancelRequests.create(Fixture.request(SipMethod.BYE, "z9hG4bKb", "UDP")))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void strayResponseReachesTuWithSource() {
        SipResponse rsp = Fixture.response(Fixture.request(SipMethod.BYE, "z9hG4bKgone", "UDP"), 200);
        f.layer.onResponse(rsp, Fixture.FROM_UDP);
        assertThat(f.user.strays).containsExactly(rsp);
    }
}
