package io.dialtone.session;

import io.dialtone.dialog.Dialog;
import io.dialtone.message.SipMethod;
import io.dialtone.message.SipRequest;
import io.dialtone.message.SipResponse;
import io.dialtone.transport.Destination;

import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The UAC side of a forked INVITE (RFC 3261 §12.1.2, §13.2.2.4): one early dialog per To tag of
 * the provisionals, the first 2xx keeps its dialog and ends the other early ones, each later 2xx
 * from another fork is ACKed and sent a BYE, and every retransmitted 2xx gets the same ACK again
 * (§13.2.2.4, RFC 6026 §7.2). Two small maps keyed by remote tag; forking rarely yields more than
 * a handful of entries.
 *
 * <p>Threading: confined to the call executor of its session.
 */
final class UacForks {
    private final SessionLayer layer;
    private final String transport;
    private final Map<String, Dialog> early = new LinkedHashMap<>(4);
    private final Map<String, Acked> acks = new HashMap<>(4);
    private String answeredTag;

    private record Acked(SipRequest ack, Destination destination) {}

    UacForks(SessionLayer layer, String transport) {
        this.layer = layer;
        this.transport = transport;
    }

    /** The early dialog for a provisional's To tag, created on first sight (§12.1.2). */
    Dialog early(SipRequest invite, SipResponse provisional) {
        return early.computeIfAbsent(provisional.toTag(),
                tag -> Dialog.asUac(invite, provisional, layer.contact(transport)));
    }

    /** The early dialog with remote tag {@code tag}, or {@code null}. */
    Dialog earlyDialog(String tag) {
        return tag == null ? null : early.get(tag);
    }

    /** Early dialogs by remote tag, in the order their first provisional arrived. */
    Map<String, Dialog> earlyDialogs() {
        return Collections.unmodifiableMap(early);
    }

    /** True once a 2xx was accepted. */
    boolean answered() {
        return answeredTag != null;
    }

    /**
     * The first 2xx (§13.2.2.4): the early dialog of its tag, confirmed by it (route set and
     * target recomputed), or a new dialog; every other early dialog ends.
     */
    Dialog confirm(SipRequest invite, SipResponse ok) {
        String tag = ok.toTag();
        Dialog d = early.remove(tag);
        if (d == null) {
            d = Dialog.asUac(invite, ok, layer.contact(transport));
        } else {
            d.confirmBy(ok);
        }
        endEarly();
        answeredTag = tag;
        return d;
    }

    /** Remembers the ACK sent for the 2xx from {@code tag}, to re-send for its retransmissions. */
    void acked(String tag, SipRequest ack, Destination destination) {
        acks.put(tag, new Acked(ack, destination));
    }

    /** Re-sends the ACK for a retransmitted 2xx; false when this fork's 2xx was not ACKed before. */
    boolean resendAck(SipResponse ok) {
        Acked acked = acks.get(ok.toTag());
        if (acked == null || acked.ack().cseq().number() != ok.cseq().number()) {
            return false;
        }
        layer.transactions().sendAck(acked.ack(), acked.destination());
        return true;
    }

    /** A 2xx we do not keep (another fork, or the call is over): ACK it, then BYE it (§13.2.2.4). */
    void ackAndBye(SipRequest invite, SipResponse ok) {
        Dialog fork = early.remove(ok.toTag());
        if (fork == null) {
            fork = Dialog.asUac(invite, ok, layer.contact(transport));
        } else {
            fork.confirmBy(ok);
        }
        SipRequest ack = fork.newAck(invite.cseq().number()).addVia(layer.newVia(transport)).build();
        Destination to = layer.nextHop(fork, transport);
        acks.put(ok.toTag(), new Acked(ack, to));
        layer.transactions().sendAck(ack, to);
        SipRequest.Builder b = fork.newRequest(SipMethod.BYE).addVia(layer.newVia(transport));
        layer.decorate(b);
        SipRequest bye = b.build();
        fork.terminate();
        layer.transactions().sendRequest(bye, layer.nextHop(fork, transport), IgnoringListener.INSTANCE);
    }

    /** 128·T1 after the 2xx (twice RFC 6026 Timer M): no 2xx is expected any more, so no ACK is kept to re-send. */
    void settle() {
        endEarly();
        acks.clear();
    }

    /** A non-2xx final or a new INVITE (422 retry): every early dialog ends. */
    void endEarly() {
        early.values().forEach(Dialog::terminate);
        early.clear();
    }
}
