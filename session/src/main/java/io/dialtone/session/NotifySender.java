package io.dialtone.session;

import io.dialtone.dialog.Dialog;
import io.dialtone.dialog.DialogState;
import io.dialtone.message.SipMethod;
import io.dialtone.message.SipRequest;
import io.dialtone.message.SipResponse;
import io.dialtone.message.header.Event;
import io.dialtone.message.header.SubscriptionState;
import io.dialtone.transaction.ClientTransaction;
import io.dialtone.transaction.ClientTransactionListener;
import io.dialtone.transport.TransportException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.function.IntConsumer;

/**
 * Sends the NOTIFYs of one subscription in its dialog (RFC 6665 §4.2.2), one at a time: the next
 * leaves only once the previous has its final response, so the subscriber sees states in order.
 * Used by the notifier of every event package and by REFER's implicit {@code refer}
 * subscription (RFC 3515 §2.4.4). Once a {@code terminated} NOTIFY is queued, nothing more is.
 *
 * <p>Threading: confined to the call executor of the dialog.
 */
final class NotifySender implements ClientTransactionListener {
    private static final Logger LOG = LoggerFactory.getLogger(NotifySender.class);

    private record Pending(SubscriptionState state, String contentType, byte[] body, Runnable done) {}

    private final SessionLayer layer;
    private final Dialog dialog;
    private final String transport;
    private final Event event;
    private final IntConsumer onFinal;
    private final Queue<Pending> queue = new ArrayDeque<>();
    private Pending inFlight;
    private boolean terminatedQueued;

    /**
     * @param onFinal told the status of each NOTIFY's final response (408 for a timeout, 503 for a
     *                transport error: RFC 3261 §8.1.3.1); 481 and 408 mean the subscription is gone
     */
    NotifySender(SessionLayer layer, Dialog dialog, String transport, Event event, IntConsumer onFinal) {
        this.layer = layer;
        this.dialog = dialog;
        this.transport = transport;
        this.event = event;
        this.onFinal = onFinal;
    }

    /**
     * Queues a NOTIFY with {@code state} and an optional body.
     *
     * @param body bytes of {@code contentType}, or {@code null} for none
     * @param done run once this NOTIFY has its final response (or could not be sent); may be null
     */
    void send(SubscriptionState state, String contentType, byte[] body, Runnable done) {
        if (terminatedQueued) {
            return;
        }
        terminatedQueued = state.isTerminated();
        queue.add(new Pending(state, contentType, body, done));
        if (inFlight == null) {
            next();
        }
    }

    /** True when nothing is queued or in flight. */
    boolean idle() {
        return inFlight == null && queue.isEmpty();
    }

    private void next() {
        inFlight = queue.poll();
        if (inFlight == null) {
            return;
        }
        if (dialog.state() == DialogState.TERMINATED) { // the dialog ended under us (e.g. BYE): nothing to send in
            finish(481);
            return;
        }
        SipRequest.Builder b = dialog.newRequest(SipMethod.NOTIFY).addVia(layer.newVia(transport))
                .set("Event", event.toString())
                .set("Subscription-State", inFlight.state().toString());
        layer.decorate(b);
        if (inFlight.body() != null) {
            b.body(inFlight.contentType(), inFlight.body());
        }
        layer.transactions().sendRequest(b.build(), layer.nextHop(dialog, transport), this);
    }

    private void finish(int status) {
        Pending p = inFlight;
        inFlight = null;
        onFinal.accept(status);
        if (p != null && p.done() != null) {
            p.done().run();
        }
        next();
    }

    @Override
    public void onResponse(ClientTransaction tx, SipResponse rsp) {
        if (rsp.isFinal()) {
            if (!rsp.isSuccess()) {
                LOG.debug("{}: NOTIFY ({}) answered {}", dialog.callId(), event, rsp.statusCode());
            }
            finish(rsp.statusCode());
        }
    }

    @Override
    public void onTimeout(ClientTransaction tx) {
        finish(408);
    }

    @Override
    public void onTransportError(ClientTransaction tx, TransportException e) {
        finish(503);
    }
}
