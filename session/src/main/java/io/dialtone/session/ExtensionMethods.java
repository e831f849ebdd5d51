package io.dialtone.session;

import io.dialtone.message.SipMethod;
import io.dialtone.message.SipRequest;
import io.dialtone.message.SipResponse;
import io.dialtone.message.SipUri;
import io.dialtone.session.event.EventPackage;
import io.dialtone.transaction.ServerTransaction;
import io.dialtone.transport.Inbound;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * The UA core's methods beyond INVITE of one {@link SessionLayer}: REFER (RFC 3515, with
 * Referred-By, RFC 3892), Replaces (RFC 3891), MESSAGE (RFC 3428) and SUBSCRIBE/NOTIFY
 * (RFC 6665). {@link SessionLayer} and {@link InviteSession} hand it what they do not handle
 * themselves; it owns the per-layer state of each (transfers, subscriptions).
 *
 * <p>Threading: confined to the layer's call executor, like the layer. The setters (listeners,
 * packages, directory) are meant to be called once, before traffic, on any thread that then
 * starts the transport (the layer is published to its executor by the transport's start).
 */
public final class ExtensionMethods {
    private final SessionLayer layer;
    private LayerDirectory directory;
    private ReferListener referListener;
    private MessageListener messageListener;
    private final Map<InviteSession, List<Transferor>> transferors = new HashMap<>();
    private final ReplacesHandler replaces;
    private final MessageRequests messages;
    private final Subscriber subscriber;
    private final Notifier notifier;

    ExtensionMethods(SessionLayer layer) {
        this.layer = layer;
        this.directory = (callId, task) -> layer.scheduler().execute(() -> task.accept(layer));
        this.replaces = new ReplacesHandler(layer, this);
        this.messages = new MessageRequests(layer, this);
        this.subscriber = new Subscriber(layer);
        this.notifier = new Notifier(layer);
    }

    /** The extension methods of the layer {@code session} lives on (call on its executor, or read once). */
    public static ExtensionMethods of(InviteSession session) {
        return session.layer().extensions();
    }

    /**
     * The Refer-To that transfers a call to the party of {@code consultation} by replacing it
     * (attended transfer, RFC 5589 §7; RFC 3891 §5.1): that party's remote target, with the
     * consultation dialog's Replaces from the target's point of view. Run it on the executor of
     * {@code consultation}.
     *
     * @throws IllegalStateException unless the consultation is confirmed
     */
    public static String attendedReferTo(InviteSession consultation) {
        io.dialtone.dialog.Dialog d = consultation.dialog();
        if (consultation.state() != SessionState.CONFIRMED || d == null || d.remoteTag() == null) {
            throw new IllegalStateException("consultation call not established: " + consultation.state());
        }
        return ReferTarget.format(d.remoteTarget(),
                io.dialtone.message.header.Replaces.of(d.callId(), d.remoteTag(), d.localTag()));
    }

    // ------------------------------------------------------------------ configuration

    /** Sets how to reach the layer owning another Call-ID (default: this layer). */
    public void directory(LayerDirectory d) {
        this.directory = Objects.requireNonNull(d, "directory");
    }

    LayerDirectory directory() {
        return directory;
    }

    ReplacesHandler replacesHandler() {
        return replaces;
    }

    /** Sets who decides on incoming REFERs (transferee); without one every REFER gets 603 Decline. */
    public void referListener(ReferListener l) {
        this.referListener = l;
    }

    ReferListener referListener() {
        return referListener;
    }

    /** Sets who receives MESSAGE requests; without one they get 480 (RFC 3428 §7: nobody to deliver to). */
    public void messageListener(MessageListener l) {
        this.messageListener = l;
    }

    MessageListener messageListener() {
        return messageListener;
    }

    /** Adds an event package this layer is a notifier for (RFC 6665 §4.2); SUBSCRIBEs for others get 489. */
    public void addEventPackage(EventPackage p) {
        notifier.add(p);
    }

    // ------------------------------------------------------------------ requests we originate

    /**
     * Sends a blind or attended transfer (RFC 3515 §2.4.1) in {@code session}'s dialog. Must run on
     * the call executor.
     *
     * @param referTo         the Refer-To value, e.g. from {@link ReferTarget#format}
     * @param hangupOnSuccess send BYE on the original call once the transfer succeeded
     * @return completes with the outcome reported by the implicit subscription's NOTIFYs
     */
    public CompletableFuture<TransferOutcome> refer(InviteSession session, String referTo, boolean hangupOnSuccess) {
        Transferor t = new Transferor(layer, session, referTo, hangupOnSuccess);
        List<Transferor> list = transferors.get(session);
        if (list == null) {
            List<Transferor> fresh = new ArrayList<>(1);
            transferors.put(session, fresh);
            session.ended().whenComplete((r, e) -> transferors.remove(session));
            list = fresh;
        }
        list.add(t);
        return t.start();
    }

    /**
     * Sends a MESSAGE outside any dialog (RFC 3428 §4). Must run on the executor owning {@code callId}.
     *
     * @return the final response; a timeout completes it with a local 408 and a transport error
     *         with a local 503 (RFC 3261 §8.1.3.1)
     */
    public CompletableFuture<SipResponse> sendMessage(String callId, SipUri target, String transport,
                                                     String contentType, byte[] body) {
        return messages.send(callId, target, transport, contentType, body);
    }

    /** Sends a MESSAGE inside {@code session}'s dialog (RFC 3428 §4). Must run on the call executor. */
    public CompletableFuture<SipResponse> sendMessage(InviteSession session, String contentType, byte[] body) {
        return messages.send(session, contentType, body);
    }

    /**
     * Subscribes to {@code eventPackage} at {@code target} (RFC 6665 §4.1). Must run on the executor
     * owning {@code callId}.
     *
     * @param expiresSec the duration to ask for, seconds (&gt; 0)
     */
    public Subscription subscribe(String callId, SipUri target, String transport, String eventPackage, long expiresSec,
                                  NotifyHandler handler) {
        return subscriber.subscribe(callId, target, transport, eventPackage, expiresSec, handler);
    }

    // ------------------------------------------------------------------ dispatch hooks

    /** An INVITE without To tag; true when it carried Replaces and was taken over (RFC 3891 §3). */
    boolean onInitialInvite(ServerTransaction tx, SipRequest req, Inbound source) {
        return replaces.onInitialInvite(tx, req, source);
    }

    /** A REFER, NOTIFY, SUBSCRIBE or MESSAGE without To tag. */
    void onOutOfDialogRequest(ServerTransaction tx, SipRequest req, Inbound source) {
        switch (req.method()) {
            case SipMethod.SUBSCRIBE -> notifier.onSubscribe(tx, req, source);
            case SipMethod.MESSAGE -> messages.onMessage(tx, req);
            case SipMethod.REFER -> tx.respond(layer.response(req, 403, null) // RFC 3515 §2.4.2 lets a UA refuse
                    .reason("REFER Outside A Dialog Not Accepted").build());
            default -> tx.respond(layer.response(req, 481, null).build()); // NOTIFY without To tag
        }
    }

    /** A request with a To tag that matches no INVITE session; true when a subscription took it. */
    boolean onInDialogRequest(ServerTransaction tx, SipRequest req, Inbound source) {
        return subscriber.onRequest(tx, req) || notifier.onRequest(tx, req);
    }

    /** REFER, NOTIFY, MESSAGE or SUBSCRIBE inside an INVITE session's dialog, CSeq already checked (§12.2.2). */
    void onSessionRequest(InviteSession session, ServerTransaction tx, SipRequest req) {
        switch (req.method()) {
            case SipMethod.REFER -> Transferee.onRefer(layer, this, session, tx, req);
            case SipMethod.MESSAGE -> messages.onMessage(tx, req);
            case SipMethod.NOTIFY -> {
                List<Transferor> list = transferors.getOrDefault(session, List.of());
                for (Transferor t : list) {
                    if (t.onNotify(tx, req)) {
                        return;
                    }
                }
                tx.respond(layer.response(req, 481, null).reason("Subscription Does Not Exist").build()); // RFC 6665 §4.1.3
            }
            // RFC 3515's implicit subscription is neither refreshed nor ended early here (see Transferee), and no
            // other package lives in an INVITE dialog: RFC 6665 §4.2.1.1
            case SipMethod.SUBSCRIBE -> tx.respond(layer.response(req, 489, null).header("Allow-Events", "refer").build());
            default -> tx.respond(layer.response(req, 501, null).build());
        }
    }

    /** A UAS session answered with 2xx: if its INVITE carried Replaces, end the replaced dialog (RFC 3891 §3). */
    void onAnswered(InviteSession session) {
        replaces.onAnswered(session);
    }

    /** Subscriptions (both roles) alive on this layer, for tests. */
    int activeSubscriptions() {
        return subscriber.active() + notifier.active();
    }
}
