package io.dialtone.transaction;

import io.dialtone.message.SipMethod;
import io.dialtone.message.SipRequest;
import io.dialtone.message.SipResponse;
import io.dialtone.transport.Inbound;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A new INVITE the transport read under overload is refused as a stateless UAS whose 503 is kept as
 * a record: 503 + Retry-After, never shown to the TU, the same 503 for a retransmission, the ACK
 * absorbed; a retransmission of an INVITE already being answered is absorbed by that transaction
 * even when it arrives marked.
 */
@DisplayName("overload: 503 + Retry-After as a stateless UAS with a record (RFC 3261 §21.5.4, §8.2.7)")
class TransactionLayerOverloadTest {
    private final Fixture f = new Fixture();
    private final Inbound overloaded = Fixture.FROM_UDP.overloaded(7);
    private int counted;
    private final TransactionLayer layer = new TransactionLayer(new Fixture.Wire() {
        @Override
        public void countShed() {
            counted++;
        }
    }, f.time, TimerConfig.DEFAULT, f.user);

    private Fixture.Wire wire() {
        return (Fixture.Wire) layer.sender();
    }

    @Test
    void newInviteReadUnderOverloadGets503WithRetryAfterAndNeverReachesTheTu() {
        SipRequest invite = Fixture.request(SipMethod.INVITE, "z9hG4bKshed1", "UDP");

        layer.onRequest(invite, overloaded);

        assertThat(f.user.requests).isEmpty();
        SipResponse r = (SipResponse) wire().last();
        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(r.header("Retry-After")).hasValue("7");
        assertThat(r.toTag()).isNotBlank();
        assertThat(counted).isEqualTo(1);

        f.advance(0.6);                                      // no Timer G: we do not re-send it ourselves
        assertThat(wire().statuses()).containsExactly(503);
        layer.onRequest(invite, overloaded);                 // retransmitted: the same 503 again
        assertThat(wire().statuses()).containsExactly(503, 503);
        assertThat(wire().last().toBytes()).isEqualTo(r.toBytes());
        assertThat(counted).isEqualTo(1);
        assertThat(layer.activeTransactions()).isEqualTo(1); // a record, no transaction object
        layer.onRequest(Fixture.ackFor(invite, r), Fixture.FROM_UDP);  // ACK absorbed, the record ends
        assertThat(f.user.acks).isEmpty();
        assertThat(layer.activeTransactions()).isZero();
        f.advance(33);
        assertThat(f.time.pending()).isZero();
    }

    @Test
    void retransmissionOfAnInviteBeingAnsweredIsAbsorbedNotRefused() {
        SipRequest invite = Fixture.request(SipMethod.INVITE, "z9hG4bKshed2", "UDP");
        layer.onRequest(invite, Fixture.FROM_UDP);
        ServerTransaction tx = f.user.requests.get(0);
        tx.respond(Fixture.response(invite, 180));

        layer.onRequest(invite, overloaded);                 // same branch, read while overloaded

        assertThat(wire().statuses()).containsExactly(180, 180); // §17.2.1: the last provisional again
        assertThat(counted).isZero();
        tx.respond(Fixture.response(invite, 200));
        layer.onRequest(invite, overloaded);                 // RFC 6026 Accepted: absorbed
        assertThat(wire().statuses()).containsExactly(180, 180, 200);
    }

    @Test
    void requestsOtherThanANewInviteAreNeverRefused() {
        SipRequest bye = Fixture.request(SipMethod.BYE, "z9hG4bKshed3", "UDP");
        layer.onRequest(bye, overloaded);
        assertThat(f.user.requests).hasSize(1);
        assertThat(wire().sent).isEmpty();
        assertThat(counted).isZero();
    }
}
