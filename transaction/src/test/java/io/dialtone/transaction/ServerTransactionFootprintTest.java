package io.dialtone.transaction;

import io.dialtone.message.SipMethod;
import io.dialtone.message.SipRequest;
import io.dialtone.message.SipResponse;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static io.dialtone.transaction.TransactionState.ACCEPTED;
import static io.dialtone.transaction.TransactionState.COMPLETED;
import static io.dialtone.transaction.TransactionState.CONFIRMED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A server transaction that has sent its final response lives on for 64·T1 only to absorb or answer
 * retransmissions: it lets its request go (only Call-ID and method stay readable), holds the
 * response it re-sends as a compact copy with the same bytes, and still behaves as before.
 */
@DisplayName("server transactions after the final response keep only what retransmissions need")
class ServerTransactionFootprintTest {
    private final Fixture f = new Fixture();

    private static void assertReleased(ServerTransaction tx, SipRequest original) {
        assertThatThrownBy(tx::request).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("final response");
        assertThat(tx.callId()).isEqualTo(original.callId());
        assertThat(tx.method()).isEqualTo(original.method());
    }

    @Test
    void requestIsAvailableUntilTheFinalResponse() {
        SipRequest bye = Fixture.request(SipMethod.BYE, "z9hG4bKfoot0", "UDP");
        f.layer.onRequest(bye, Fixture.FROM_UDP);
        ServerTransaction tx = f.user.requests.get(0);
        tx.respond(Fixture.response(bye, 100));
        assertThat(tx.request()).isSameAs(bye);
        tx.respond(Fixture.response(bye, 200));
        assertReleased(tx, bye);
    }

    @Test
    void nonInviteCompletedKeepsSameBytesAndStillResends() {
        SipRequest bye = Fixture.request(SipMethod.BYE, "z9hG4bKfoot1", "UDP");
        f.layer.onRequest(bye, Fixture.FROM_UDP);
        ServerTransaction tx = f.user.requests.get(0);
        SipResponse ok = Fixture.response(bye, 200);

        tx.respond(ok);

        assertThat(tx.state()).isEqualTo(COMPLETED);
        assertReleased(tx, bye);

        f.layer.onRequest(bye, Fixture.FROM_UDP);                    // retransmitted BYE
        assertThat(f.wire.sent).hasSize(2);
        assertThat(f.wire.last()).isNotSameAs(ok);
        assertThat(f.wire.last().toBytes()).isEqualTo(ok.toBytes());
        assertThat(f.user.requests).hasSize(1);
        // as off the wire: the record holds the response as its difference from the request, and the
        // retransmission supplies the fields the response copied
        f.layer.onRequest((SipRequest) io.dialtone.message.SipParser.parse(bye.toBytes()), Fixture.FROM_UDP);
        assertThat(f.wire.sent).hasSize(3);
        assertThat(f.wire.last().toBytes()).isEqualTo(ok.toBytes());

        f.advance(32);                                               // Timer J
        f.assertIdle();
    }

    @Test
    void inviteAcceptedKeepsSameBytesAbsorbsRetransmissionsAndLeavesOnTimerL() {
        SipRequest invite = Fixture.request(SipMethod.INVITE, "z9hG4bKfoot2", "UDP");
        f.layer.onRequest(invite, Fixture.FROM_UDP);
        ServerTransaction tx = f.user.requests.get(0);
        tx.respond(Fixture.response(invite, 180));
        tx.respond(Fixture.response(invite, 200));

        assertThat(tx.state()).isEqualTo(ACCEPTED);
        assertReleased(tx, invite);

        f.layer.onRequest(invite, Fixture.FROM_UDP);                 // RFC 6026 §8.7: absorbed
        assertThat(f.wire.statuses()).containsExactly(180, 200);
        tx.respond(Fixture.response(invite, 200));                   // the UAS core's 2xx retransmission
        assertThat(f.wire.statuses()).containsExactly(180, 200, 200);

        f.advance(32);                                               // Timer L
        f.assertIdle();
    }

    @Test
    void inviteCompletedResendsSameFinalBytesUntilAck() {
        SipRequest invite = Fixture.request(SipMethod.INVITE, "z9hG4bKfoot3", "UDP");
        f.layer.onRequest(invite, Fixture.FROM_UDP);
        ServerTransaction tx = f.user.requests.get(0);
        SipResponse busy = Fixture.response(invite, 486);
        tx.respond(busy);
        assertThat(tx.state()).isEqualTo(COMPLETED);
        assertReleased(tx, invite);

        f.layer.onRequest(invite, Fixture.FROM_UDP);                 // §17.2.1: re-send the final
        assertThat(f.wire.last().toBytes()).isEqualTo(busy.toBytes());
        f.advance(0.5);                                              // Timer G
        assertThat(f.wire.statuses()).containsExactly(486, 486, 486);

        f.layer.onRequest(Fixture.ackFor(invite, busy), Fixture.FROM_UDP);
        assertThat(tx.state()).isEqualTo(CONFIRMED);
        f.advance(5);                                                // Timer I
        f.assertIdle();
    }

    @Test
    void answeredTransactionsAreRecordsNotObjects() {
        SipRequest bye = Fixture.request(SipMethod.BYE, "z9hG4bKfoot4", "UDP");
        f.layer.onRequest(bye, Fixture.FROM_UDP);
        ServerTransaction nist = f.user.requests.get(0);
        nist.respond(Fixture.response(bye, 200));
        SipRequest invite = Fixture.request(SipMethod.INVITE, "z9hG4bKfoot5", "UDP");
        f.layer.onRequest(invite, Fixture.FROM_UDP);
        ServerTransaction ist = f.user.requests.get(1);
        ist.respond(Fixture.response(invite, 200));

        // the TU is told at once that it may let go of both, and the layer's timers are not theirs
        assertThat(f.user.terminated).containsExactly(nist, ist);
        assertThat(f.layer.activeTransactions()).isEqualTo(2);
        assertThat(f.time.pending()).isEqualTo(1);                   // the records' one expiry task
        var nistRef = new java.lang.ref.WeakReference<>(nist);
        var istRef = new java.lang.ref.WeakReference<>(ist);
        f.user.requests.clear();
        f.user.terminated.clear();
        nist = null;
        ist = null;
        for (int i = 0; i < 20 && (nistRef.get() != null || istRef.get() != null); i++) {
            System.gc();
        }
        assertThat(nistRef.get()).as("non-INVITE transaction object after its final response").isNull();
        assertThat(istRef.get()).as("INVITE transaction object after its 2xx").isNull();

        // and the records still answer: the BYE's 200 again, the INVITE absorbed, a CANCEL matched
        f.wire.sent.clear();
        f.layer.onRequest(bye, Fixture.FROM_UDP);
        f.layer.onRequest(invite, Fixture.FROM_UDP);
        assertThat(f.wire.statuses()).containsExactly(200);
        assertThat(f.user.requests).isEmpty();
        assertThat(f.layer.acceptedInviteToTag(CancelRequests.create(invite))).contains("b2");
        assertThat(f.layer.findInvite(CancelRequests.create(invite))).isEmpty();

        f.advance(32);
        assertThat(f.layer.acceptedInviteToTag(CancelRequests.create(invite))).isEmpty();
        f.layer.onRequest(bye, Fixture.FROM_UDP);                    // after Timer J: a new request
        assertThat(f.user.requests).hasSize(1);
    }

    @Test
    void aTransportErrorEndsTheRecord() {
        SipRequest bye = Fixture.request(SipMethod.BYE, "z9hG4bKfoot6", "UDP");
        f.layer.onRequest(bye, Fixture.FROM_UDP);
        ServerTransaction tx = f.user.requests.get(0);
        f.wire.failing = true;
        tx.respond(Fixture.response(bye, 200));
        f.time.runPending();                                          // the failure comes back on the executor
        assertThat(tx.state()).isEqualTo(TransactionState.TERMINATED);
        assertThat(f.user.errors).hasSize(1);
        f.wire.failing = false;
        f.layer.onRequest(bye, Fixture.FROM_UDP);                    // no record answers it any more
        assertThat(f.user.requests).hasSize(2);
    }
}
