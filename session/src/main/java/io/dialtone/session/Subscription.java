package io.dialtone.session;

import io.dialtone.dialog.Dialog;
import io.dialtone.message.HeaderNames;
import io.dialtone.message.NameAddr;
import io.dialtone.message.Parameters;
import io.dialtone.message.SipMethod;
import io.dialtone.message.SipRequest;
import io.dialtone.message.SipResponse;
import io.dialtone.message.SipUri;
import io.dialtone.message.header.Event;
import io.dialtone.message.header.Headers;
import io.dialtone.message.header.SubscriptionState;
import io.dialtone.transaction.ClientTransaction;
import io.dialtone.transaction.ClientTransactionListener;
import io.dialtone.transaction.ServerTransaction;
import io.dialtone.transport.ListeningPoint;
import io.dialtone.transport.Scheduler;
import io.dialtone.transport.TransportException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A subscription we hold (RFC 6665 §4.1): the initial SUBSCRIBE, its dialog (from the 2xx, or from
 * the first NOTIFY when that overtakes it, §4.1.2.4), refreshes, NOTIFYs and the end.
 *
 * <pre>
 *  SUBSCRIBING --NOTIFY active--&gt; ACTIVE    SUBSCRIBING --NOTIFY pending--&gt; PENDING --NOTIFY active--&gt; ACTIVE
 *  any --NOTIFY terminated, failure, 481, expiry, no NOTIFY 64·T1 after the 2xx--&gt; TERMINATED
 * </pre>
 *
 * <table>
 * <caption>Rules</caption>
 * <tr><td>refresh</td><td>an in-dialog SUBSCRIBE 32 s before expiry (half the duration when that is
 *     64 s or less); the duration is the 2xx's Expires, shortened by a NOTIFY's {@code expires}</td></tr>
 * <tr><td>423</td><td>the SUBSCRIBE is sent again once with the Min-Expires asked for</td></tr>
 * <tr><td>481 to a refresh</td><td>terminated at once (§4.1.2.2); other refresh failures keep the
 *     subscription until its expiry</td></tr>
 * <tr><td>terminated NOTIFY</td><td>{@code deactivated} and {@code timeout}: subscribe again at once;
 *     {@code probation} and {@code giveup}: again after {@code retry-after} when given; otherwise
 *     (or after our unsubscription, or three retries) the end (§4.1.3)</td></tr>
 * <tr><td>NOTIFY</td><td>200 when Call-ID, tags and Event (type and id) match; 489 for another Event,
 *     400 without Subscription-State, 481 from a second fork (one dialog per subscription)</td></tr>
 * </table>
 *
 * <p>Threading: confined to the call executor of its Call-ID; call {@link #unsubscribe} there (the
 * client's wrapper hops onto it).
 */
public final class Subscription implements ClientTransactionListener {
    private static final Logger LOG = LoggerFactory.getLogger(Subscription.class);
    private static final int MAX_RESUBSCRIBES = 3;

    /** Where the subscription stands. */
    public enum State { SUBSCRIBING, PENDING, ACTIVE, TERMINATED }

    private final SessionLayer layer;
    private final Subscriber subscriber;
    private final String callId;
    private final SipUri target;
    private final String transport;
    private final String eventType;
    private final long requestedSec;
    private final NotifyHandler handler;
    private final CompletableFuture<Integer> response = new CompletableFuture<>();
    private final CompletableFuture<SubscriptionState> terminated = new CompletableFuture<>();
    private State state = State.SUBSCRIBING;
    private String localTag;
    private Dialog dialog;
    private SipRequest initial;
    private long cseq;
    private boolean notified;
    private boolean unsubscribing;
    private boolean retried423;
    private int resubscribes;
    private Scheduler.Scheduled refresh;
    private Scheduler.Scheduled expiry;
    private Scheduler.Scheduled noNotify;
    private Scheduler.Scheduled retry;
    private long expiresAtNanos;

    Subscription(SessionLayer layer, Subscriber subscriber, String callId, SipUri target, String transport,
                 String eventType, long requestedSec, NotifyHandler handler) {
        this.layer = layer;
        this.subscriber = subscriber;
        this.callId = callId;
        this.target = target;
        this.transport = transport;
        this.eventType = eventType;
        this.requestedSec = requestedSec;
        this.handler = handler;
    }

    // ------------------------------------------------------------------ accessors

    /** The Call-ID of the subscription's dialog; its call executor is the one this Call-ID hashes to. */
    public String callId() {
        return callId;
    }

    /** The event type subscribed to. */
    public String eventPackage() {
        return eventType;
    }

    /** The current state; read it on the call executor. */
    public State state() {
        return state;
    }

    /**
     * Completes with the final status of the first SUBSCRIBE (200, 202, 489, ...; 408 on timeout,
     * 503 on a transport error), or 0 when the subscription ended before any (unsubscribed early).
     */
    public CompletableFuture<Integer> response() {
        return response;
    }

    /** Completes once, with the terminated state (its reason, or {@code null} for a local end), when the subscription ends. */
    public CompletableFuture<SubscriptionState> terminated() {
        return terminated;
    }

    // ------------------------------------------------------------------ SUBSCRIBE

    void start() {
        localTag = Dialog.newTag();
        dialog = null;
        notified = false;
        state = State.SUBSCRIBING;
        subscriber.register(this, localTag);
        sendInitial(requestedSec);
    }

    private void sendInitial(long expiresSec) {
        ListeningPoint lp = layer.sender().listeningPoint(transport);
        SipRequest.Builder b = SipRequest.builder(SipMethod.SUBSCRIBE, target)
                .addVia(layer.newVia(transport))
                .from(new NameAddr(null, SipUri.of(layer.config().userName(), lp.host(), lp.port()), Parameters.EMPTY)
                        .withTag(localTag))
                .to(NameAddr.of(ReferTarget.withoutHeaders(target).withoutParam("transport")))
                .callId(callId)
                .cseq(++cseq, SipMethod.SUBSCRIBE)
                .maxForwards(70)
                .contact(layer.contact(transport))
                .set("Event", eventType)
                .set(HeaderNames.EXPIRES, Long.toString(expiresSec));
        layer.decorate(b);
        initial = b.build();
        layer.transactions().sendRequest(initial, layer.nextHop(initial, transport), this);
    }

    private void sendInDialog(long expiresSec) {
        SipRequest.Builder b = dialog.newRequest(SipMethod.SUBSCRIBE).addVia(layer.newVia(transport))
                .set("Event", eventType)
                .set(HeaderNames.EXPIRES, Long.toString(expiresSec));
        layer.decorate(b);
        cseq = dialog.localSeq();
        layer.transactions().sendRequest(b.build(), layer.nextHop(dialog, transport), this);
    }

    /**
     * Ends the subscription (§4.1.2.3): a SUBSCRIBE with Expires 0; the notifier's terminated NOTIFY
     * (or 64·T1 without it) ends it. Before a dialog exists it just ends. Idempotent.
     */
    public void unsubscribe() {
        if (state == State.TERMINATED || unsubscribing) {
            return;
        }
        unsubscribing = true;
        cancel(refresh);
        if (dialog == null) {
            end(SubscriptionState.terminated(null));
            return;
        }
        sendInDialog(0);
    }

    @Override
    public void onResponse(ClientTransaction tx, SipResponse rsp) {
        if (!rsp.isFinal() || state == State.TERMINATED) {
            return;
        }
        boolean initialTx = tx.request().toTag() == null;
        if (initialTx && !tx.request().fromTag().equals(localTag)) {
            return; // the answer to a subscription we already replaced
        }
        if (rsp.statusCode() == 423 && !retried423) { // §4.1.2.1: try once more with the minimum asked for
            retried423 = true;
            long min = rsp.typed(Headers.MIN_EXPIRES).orElse(requestedSec);
            if (initialTx) {
                sendInitial(min);
            } else {
                sendInDialog(min);
            }
            return;
        }
        if (rsp.isSuccess()) {
            response.complete(rsp.statusCode());
            if (initialTx && dialog == null) {
                if (rsp.toTag() == null) {
                    LOG.warn("{}: 2xx to SUBSCRIBE without To tag", callId);
                    end(SubscriptionState.terminated(null));
                    return;
                }
                dialog = Dialog.asUac(tx.request(), rsp, layer.contact(transport));
            }
            if (unsubscribing) {
                armNoNotify(); // the terminated NOTIFY is due (§4.1.2.3)
                return;
            }
            long expires = rsp.typed(Headers.EXPIRES).orElse(requestedSec);
            schedule(expires);
            if (!notified) {
                armNoNotify(); // §4.1.2.4: no NOTIFY within 64·T1 of the 2xx means it failed
            }
            return;
        }
        fail(initialTx, rsp.statusCode());
    }

    @Override
    public void onTimeout(ClientTransaction tx) {
        if (state != State.TERMINATED) {
            fail(tx.request().toTag() == null, 408);
        }
    }

    @Override
    public void onTransportError(ClientTransaction tx, TransportException e) {
        if (state != State.TERMINATED) {
            fail(tx.request().toTag() == null, 503);
        }
    }

    private void fail(boolean initialTx, int status) {
        if (initialTx) {
            LOG.debug("{}: SUBSCRIBE ({}) failed: {}", callId, eventType, status);
            response.complete(status);
            end(SubscriptionState.terminated(null));
        } else if (status == 481 || unsubscribing) { // §4.1.2.2
            end(SubscriptionState.terminated(null));
        }
        // another failed refresh: the subscription lasts until it expires
    }

    // ------------------------------------------------------------------ NOTIFY

    void onRequest(ServerTransaction tx, SipRequest req) {
        if (!req.is(SipMethod.NOTIFY)) {
            tx.respond(layer.response(req, 405, null).header(HeaderNames.ALLOW, "NOTIFY").build());
            return;
        }
        Optional<Event> event = req.typed(Headers.EVENT);
        if (event.isEmpty() || !event.get().eventType().equalsIgnoreCase(eventType) || event.get().id() != null) {
            tx.respond(layer.response(req, 489, null).build()); // §4.1.3
            return;
        }
        Optional<SubscriptionState> sub = req.typed(Headers.SUBSCRIPTION_STATE);
        if (sub.isEmpty()) {
            tx.respond(layer.response(req, 400, null).reason("Missing Subscription-State").build());
            return;
        }
        if (state == State.TERMINATED) {
            tx.respond(layer.response(req, 481, null).build());
            return;
        }
        if (dialog == null) {
            dialog = Dialog.asSubscriber(initial, req, layer.contact(transport)); // §4.1.2.4: the NOTIFY came first
        } else if (!req.fromTag().equals(dialog.remoteTag())) {
            tx.respond(layer.response(req, 481, null).build()); // a second fork: we keep one dialog
            return;
        } else {
            int check = dialog.onRequest(req);
            if (check != 0) {
                tx.respond(layer.response(req, check, null).build());
                return;
            }
        }
        tx.respond(layer.response(req, 200, null).build());
        notified = true;
        cancel(noNotify);
        SubscriptionState ss = sub.get();
        if (ss.isActive() || ss.isPending()) {
            state = ss.isActive() ? State.ACTIVE : State.PENDING;
            long remaining = (expiresAtNanos - layer.scheduler().nanoTime()) / 1_000_000_000L;
            if (ss.expiresSeconds() >= 0 && !unsubscribing && (expiry == null || ss.expiresSeconds() < remaining)) {
                schedule(ss.expiresSeconds()); // §4.1.3: the notifier may shorten the duration
            }
        }
        deliver(ss, req);
        if (ss.isTerminated()) {
            onTerminated(ss);
        }
    }

    private void deliver(SubscriptionState ss, SipRequest req) {
        try {
            handler.onNotify(this, ss, req.hasBody() ? req.contentType().orElse(null) : null,
                    req.hasBody() ? req.body() : new byte[0]);
        } catch (RuntimeException e) {
            LOG.error("{}: NOTIFY handler threw", callId, e);
        }
    }

    /** §4.1.3: what a terminated NOTIFY's reason asks of us. */
    private void onTerminated(SubscriptionState ss) {
        String reason = ss.reason() == null ? "" : ss.reason();
        boolean again = !unsubscribing && resubscribes < MAX_RESUBSCRIBES;
        if (again && (reason.equals("deactivated") || reason.equals("timeout"))) {
            restart(Duration.ZERO);
        } else if (again && (reason.equals("probation") || reason.equals("giveup")) && ss.retryAfterSeconds() >= 0) {
            restart(Duration.ofSeconds(ss.retryAfterSeconds()));
        } else {
            end(ss);
        }
    }

    private void restart(Duration after) {
        resubscribes++;
        LOG.debug("{}: {} subscription terminated; subscribing again in {}", callId, eventType, after);
        stopTimers();
        subscriber.unregister(this, localTag);
        dialog.terminate();
        dialog = null;
        retried423 = false;
        retry = layer.scheduler().schedule(after, () -> {
            retry = null;
            start();
        });
    }

    // ------------------------------------------------------------------ timers and end

    private void schedule(long expiresSec) {
        cancel(refresh);
        cancel(expiry);
        expiresAtNanos = layer.scheduler().nanoTime() + Duration.ofSeconds(expiresSec).toNanos();
        long refreshIn = expiresSec > 64 ? expiresSec - 32 : expiresSec / 2;
        expiry = layer.scheduler().schedule(Duration.ofSeconds(expiresSec), () -> {
            expiry = null;
            end(SubscriptionState.terminated("timeout")); // expired without a successful refresh
        });
        refresh = layer.scheduler().schedule(Duration.ofSeconds(refreshIn), () -> {
            refresh = null;
            if (state != State.TERMINATED && !unsubscribing) {
                sendInDialog(requestedSec);
            }
        });
    }

    private void armNoNotify() {
        cancel(noNotify);
        noNotify = layer.scheduler().schedule(layer.config().timers().t1Times(64), () -> {
            noNotify = null;
            end(SubscriptionState.terminated(null));
        });
    }

    private void end(SubscriptionState ss) {
        if (state == State.TERMINATED) {
            return;
        }
        state = State.TERMINATED;
        stopTimers();
        cancel(retry);
        subscriber.unregister(this, localTag);
        if (dialog != null) {
            dialog.terminate();
        }
        response.complete(0);
        terminated.complete(ss);
    }

    private void stopTimers() {
        cancel(refresh);
        cancel(expiry);
        cancel(noNotify);
        refresh = expiry = noNotify = null;
    }

    private static void cancel(Scheduler.Scheduled t) {
        if (t != null) {
            t.cancel();
        }
    }
}
