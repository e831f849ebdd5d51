package io.dialtone.session.register;

import io.dialtone.message.NameAddr;
import io.dialtone.message.SipMethod;
import io.dialtone.message.SipRequest;
import io.dialtone.message.SipUri;
import io.dialtone.message.Via;
import io.dialtone.rtp.MediaEngine;
import io.dialtone.session.SessionConfig;
import io.dialtone.session.SessionLayer;
import io.dialtone.transaction.TransactionLayer;
import io.dialtone.transport.VirtualScheduler;

/** A UA core without a registrar, to show REGISTER handling is unchanged when it is off. */
final class PlainUaFixture implements AutoCloseable {
    private final VirtualScheduler time = new VirtualScheduler();
    private final RegisterFixture.Wire wire = new RegisterFixture.Wire(time);
    private final MediaEngine media = MediaEngine.create(1);
    private final TransactionLayer transactions;

    PlainUaFixture() {
        SessionConfig sc = SessionConfig.builder().build();
        SessionLayer sessions = new SessionLayer(sc, time, wire, media, s -> { });
        transactions = new TransactionLayer(wire, time, sc.timers(), sessions);
        sessions.bind(transactions);
    }

    void receiveRegister() {
        SipUri aor = SipUri.of("alice", "127.0.0.1", -1);
        transactions.onRequest(SipRequest.builder(SipMethod.REGISTER, SipUri.of(null, "127.0.0.1", 5060))
                .addVia(Via.of("UDP", "127.0.0.1", 5070, "z9hG4bKplain1")).maxForwards(70)
                .from(NameAddr.of(aor).withTag("t")).to(NameAddr.of(aor)).callId("plain").cseq(1, SipMethod.REGISTER)
                .header("Contact", "<sip:alice@127.0.0.1:5070>").build(), RegisterFixture.FROM_PEER);
    }

    int lastStatus() {
        return wire.lastResponse(SipMethod.REGISTER).statusCode();
    }

    @Override
    public void close() {
        media.close();
    }
}
