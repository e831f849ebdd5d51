package io.dialtone.session;

import io.dialtone.dialog.Dialog;
import io.dialtone.message.NameAddr;
import io.dialtone.message.Parameters;
import io.dialtone.message.SipMethod;
import io.dialtone.message.SipRequest;
import io.dialtone.message.SipResponse;
import io.dialtone.message.header.Event;
import io.dialtone.message.header.Headers;
import io.dialtone.message.header.SubscriptionState;
import io.dialtone.transaction.ClientTransaction;
import io.dialtone.transaction.ClientTransactionListener;
import io.dialtone.transaction.ServerTransaction;
import io.dialtone.transport.Scheduler;
import io.dialtone.transport.TransportException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The transferor's side of one REFER (RFC 3515 §2.4.1, §2.4.4): sends it in the session's dialog
 * with Refer-To and Referred-By (RFC 3892 §3), then follows the implicit {@code refer}
 * subscription: each NOTIFY ({@code Event: refer}, {@code message/sipfrag} body) is answered 200
 * and its status line read. The outcome completes on the first final status line (2xx: success),
 * on a {@code terminated} NOTIFY without one, on a failure of the REFER, when no NOTIFY comes
 * 64·T1 after the 2xx (RFC 6665 §4.1.2.4), or when the subscription's expiry passes.
 *
 * <pre>
 *  REFERRING --2xx--&gt; SUBSCRIBED --NOTIFY final status / terminated--&gt; DONE
 *  REFERRING --failure, timeout--&gt; DONE          (a NOTIFY may also come before the 2xx)
 * </pre>
 *
 * <p>Threading: confined to the session's call executor.
 */
final class Transferor implements ClientTransactionListener {
    private static final Logger LOG = LoggerFactory.getLogger(Transferor.class);
    /** Expiry of the implicit subscription when a NOTIFY names none (RFC 3515 leaves it to the notifier). */
    private static final long DEFAULT_EXPIRES_SEC = 60;

    private enum State { REFERRING, SUBSCRIBED, DONE }

    private final SessionLayer layer;
    private final InviteSession session;
    private final String referTo;
    private final boolean hangupOnSuccess;
    private final CompletableFuture<TransferOutcome> outcome = new CompletableFuture<>();
    private State state = State.REFERRING;
    private long referCseq = -1;
    private boolean notified;
    private boolean terminated;
    private Scheduler.Scheduled guard;

    Transferor(SessionLayer layer, InviteSession session, String referTo, boolean hangupOnSuccess) {
        this.layer = layer;
        this.session = session;
        this.referTo = referTo;
        this.hangupOnSuccess = hangupOnSuccess;
    }

    CompletableFuture<TransferOutcome> start() {
        Dialog d = session.dialog();
        if (session.state() != SessionState.CONFIRMED || d == null) {
            outcome.completeExceptionally(new IllegalStateException("cannot transfer a call in state " + session.state()));
            return outcome;
        }
        SipRequest.Builder b = d.newRequest(SipMethod.REFER).addVia(layer.newVia(session.transport()))
                .set("Refer-To", referTo)
                .set("Referred-By", referredBy().toString());
        layer.decorate(b);
        SipRequest refer = b.build();
        referCseq = refer.cseq().number();
        session.ended().whenComplete((r, e) -> finish(TransferOutcome.failed(481, "the call ended before the transfer completed")));
        LOG.debug("{}: REFER to {}", session.callId(), referTo);
        layer.transactions().sendRequest(refer, layer.nextHop(d, session.transport()), this);
        return outcome;
    }

    /** Our address of record in this call, without tag: the dialog's local URI (§12.1). */
    private NameAddr referredBy() {
        return new NameAddr(null, session.dialog().localUri().address(), Parameters.EMPTY);
    }

    // ------------------------------------------------------------------ the REFER transaction

    @Override
    public void onResponse(ClientTransaction tx, SipResponse rsp) {
        if (rsp.isProvisional() || state == State.DONE) {
            return;
        }
        if (rsp.isSuccess()) {
            state = State.SUBSCRIBED;
            if (!notified) { // RFC 6665 §4.1.2.4: a NOTIFY is due within 64·T1 of the 2xx
                arm(layer.config().timers().t1Times(64));
            }
        } else {
            finish(TransferOutcome.failed(rsp.statusCode(), "REFER answered " + rsp.statusCode() + " " + rsp.reasonPhrase()));
        }
    }

    @Override
    public void onTimeout(ClientTransaction tx) {
        finish(TransferOutcome.failed(408, "REFER not answered"));
    }

    @Override
    public void onTransportError(ClientTransaction tx, TransportException e) {
        finish(TransferOutcome.failed(503, "REFER not sent: " + e.getMessage()));
    }

    // ------------------------------------------------------------------ NOTIFYs of the implicit subscription

    /**
     * A NOTIFY in the session's dialog: answers it and returns true when it belongs to this REFER's
     * subscription ({@code Event: refer}, with no id or the REFER's CSeq as id, RFC 3515 §2.4.6).
     */
    boolean onNotify(ServerTransaction tx, SipRequest notify) {
        Optional<Event> event = notify.typed(Headers.EVENT);
        if (event.isEmpty() || !event.get().eventType().equalsIgnoreCase("refer") || terminated
                || (event.get().id() != null && !event.get().id().equals(Long.toString(referCseq)))) {
            return false;
        }
        Optional<SubscriptionState> sub = notify.typed(Headers.SUBSCRIPTION_STATE);
        if (sub.isEmpty()) { // RFC 6665 §8.2.3: mandatory in NOTIFY
            tx.respond(layer.response(notify, 400, null).reason("Missing Subscription-State").build());
            return true;
        }
        int status = -1;
        if (notify.hasBody()) {
            status = SipFrag.status(notify.body());
            if (status < 0 || !notify.contentType().orElse("").equals("message/sipfrag")) {
                tx.respond(layer.response(notify, 400, null).reason("Body Is Not A message/sipfrag Status Line").build());
                return true;
            }
        }
        tx.respond(layer.response(notify, 200, null).build());
        notified = true;
        if (state == State.REFERRING) {
            state = State.SUBSCRIBED; // the NOTIFY overtook the 202 (RFC 3515 §2.4.4 allows it)
        }
        if (status >= 200) {
            String reason = SipFrag.reason(notify.body());
            finish(new TransferOutcome(status < 300, status, "transferee reported " + status + " " + reason));
        }
        if (sub.get().isTerminated()) {
            terminated = true;
            cancelGuard();
            finish(TransferOutcome.failed(status > 0 ? status : 487, "subscription terminated ("
                    + (sub.get().reason() == null ? "no reason" : sub.get().reason()) + ") without a final status"));
        } else if (state != State.DONE) {
            long expires = sub.get().expiresSeconds() > 0 ? sub.get().expiresSeconds() : DEFAULT_EXPIRES_SEC;
            arm(Duration.ofSeconds(expires));
        }
        return true;
    }

    // ------------------------------------------------------------------ outcome

    private void arm(Duration d) {
        cancelGuard();
        guard = layer.scheduler().schedule(d, () -> {
            guard = null;
            finish(TransferOutcome.failed(408, notified ? "refer subscription expired without a final NOTIFY"
                    : "no NOTIFY within 64*T1 of the REFER's 2xx"));
        });
    }

    private void cancelGuard() {
        if (guard != null) {
            guard.cancel();
            guard = null;
        }
    }

    private void finish(TransferOutcome result) {
        if (state == State.DONE) {
            return;
        }
        state = State.DONE;
        cancelGuard();
        LOG.debug("{}: transfer {}: {}", session.callId(), result.succeeded() ? "succeeded" : "failed", result.reason());
        outcome.complete(result);
        if (result.succeeded() && hangupOnSuccess) {
            session.hangup(); // RFC 5589 §6: the transferor ends its call once the transfer succeeded
        }
    }
}
