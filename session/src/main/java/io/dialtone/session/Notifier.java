package io.dialtone.session;

import io.dialtone.dialog.Dialog;
import io.dialtone.message.HeaderNames;
import io.dialtone.message.SipMethod;
import io.dialtone.message.SipRequest;
import io.dialtone.message.header.Event;
import io.dialtone.message.header.Headers;
import io.dialtone.message.header.SubscriptionState;
import io.dialtone.session.event.EventPackage;
import io.dialtone.transaction.ServerTransaction;
import io.dialtone.transport.Inbound;
import io.dialtone.transport.Scheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The notifier of one call executor (RFC 6665 §4.2) for the {@link EventPackage}s added to it.
 *
 * <p>A SUBSCRIBE for an unknown package gets 489 with Allow-Events (§4.2.1.1; so does one without
 * Event), for an unknown resource 404, with a non-zero Expires below the package's minimum 423 with
 * Min-Expires; otherwise 200 with the Expires granted (at most what was asked and the package's
 * maximum; the package's default when absent) and at once a NOTIFY with the resource's state
 * ({@code active;expires=}remaining). Every state change sends another; a refresh (in-dialog
 * SUBSCRIBE) re-arms the expiry and sends one too. Expiry or {@code Expires: 0} send a final
 * {@code terminated;reason=timeout} NOTIFY (§4.2.1.4, §4.2.2). A NOTIFY answered 481, or timing
 * out, ends the subscription silently (§4.2.2). Subscriptions are never {@code pending}: packages
 * here need no authorization step. A SUBSCRIBE with Expires 0 outside a dialog is a fetch: 200,
 * one terminated NOTIFY, no state kept.
 *
 * <p>Threading: confined to the layer's call executor; package change listeners hop onto it.
 */
final class Notifier {
    private static final Logger LOG = LoggerFactory.getLogger(Notifier.class);

    private final class Sub {
        final Dialog dialog;
        final EventPackage pkg;
        final Event event;
        final String resource;
        final NotifySender notifies;
        Scheduler.Scheduled expiry;
        long expiresAtNanos;

        Sub(Dialog dialog, EventPackage pkg, Event event, String resource, String transport) {
            this.dialog = dialog;
            this.pkg = pkg;
            this.event = event;
            this.resource = resource;
            this.notifies = new NotifySender(layer, dialog, transport, event, status -> {
                if (status == 481 || status == 408 || status == 503) {
                    drop(this, "NOTIFY answered " + status);
                }
            });
        }

        String key() {
            return dialog.callId() + ';' + dialog.localTag();
        }

        long remainingSec() {
            return Math.max(0, (expiresAtNanos - layer.scheduler().nanoTime() + 999_999_999L) / 1_000_000_000L);
        }
    }

    private final SessionLayer layer;
    private final Map<String, EventPackage> packages = new LinkedHashMap<>();
    private final Map<String, Sub> subs = new HashMap<>();

    Notifier(SessionLayer layer) {
        this.layer = layer;
    }

    void add(EventPackage p) {
        packages.put(p.name().toLowerCase(Locale.ROOT), p);
        p.addChangeListener(resource -> layer.scheduler().execute(() -> onChange(p, resource)));
    }

    int active() {
        return subs.size();
    }

    /** An initial SUBSCRIBE (no To tag). */
    void onSubscribe(ServerTransaction tx, SipRequest req, Inbound source) {
        Optional<Event> event = req.typed(Headers.EVENT);
        EventPackage pkg = event.map(e -> packages.get(e.eventType().toLowerCase(Locale.ROOT))).orElse(null);
        if (pkg == null) { // §4.2.1.1 and §8.2.1
            tx.respond(layer.response(req, 489, null).header("Allow-Events", String.join(", ", packages.keySet())).build());
            return;
        }
        Long expires = grantedExpires(tx, req, pkg);
        if (expires == null) {
            return;
        }
        if (req.contacts().isEmpty()) {
            tx.respond(layer.response(req, 400, null).reason("Missing Contact").build());
            return;
        }
        String resource = EventPackage.resourceOf(req.requestUri());
        if (!pkg.hasResource(resource)) {
            tx.respond(layer.response(req, 404, null).build());
            return;
        }
        String tag = Dialog.newTag();
        String transport = source.transport();
        tx.respond(layer.response(req, 200, tag).contact(layer.contact(transport))
                .set(HeaderNames.EXPIRES, Long.toString(expires)).build());
        Dialog dialog = Dialog.asUas(req, tag, layer.contact(transport), true);
        Sub s = new Sub(dialog, pkg, event.get(), resource, transport);
        if (expires == 0) { // a fetch (§4.4.3): one NOTIFY, nothing kept
            s.notifies.send(SubscriptionState.terminated("timeout"), pkg.contentType(), pkg.state(resource), null);
            return;
        }
        subs.put(s.key(), s);
        LOG.debug("{}: {} subscription to {} for {} s", req.callId(), pkg.name(), resource, expires);
        arm(s, expires);
        notifyState(s);
    }

    /** A request with a To tag: true when it is in one of our subscriptions' dialogs. */
    boolean onRequest(ServerTransaction tx, SipRequest req) {
        Sub s = subs.get(req.callId() + ';' + req.toTag());
        if (s == null || !s.dialog.remoteTag().equals(req.fromTag())) {
            return false;
        }
        int check = s.dialog.onRequest(req);
        if (check != 0) {
            tx.respond(layer.response(req, check, null).build());
            return true;
        }
        if (!req.is(SipMethod.SUBSCRIBE)) {
            tx.respond(layer.response(req, 405, null).header(HeaderNames.ALLOW, "SUBSCRIBE, NOTIFY").build());
            return true;
        }
        Optional<Event> event = req.typed(Headers.EVENT);
        if (event.isEmpty() || !event.get().sameSubscription(s.event)) {
            tx.respond(layer.response(req, 489, null).header("Allow-Events", s.pkg.name()).build());
            return true;
        }
        Long expires = grantedExpires(tx, req, s.pkg);
        if (expires == null) {
            return true;
        }
        tx.respond(layer.response(req, 200, null).contact(s.dialog.localContact())
                .set(HeaderNames.EXPIRES, Long.toString(expires)).build());
        if (expires == 0) { // unsubscribe (§4.2.1.4)
            end(s, "timeout");
        } else { // refresh (§4.2.1.2): re-arm and tell the current state
            arm(s, expires);
            notifyState(s);
        }
        return true;
    }

    /** The Expires to grant, or null after answering 423 (§4.2.1.1). */
    private Long grantedExpires(ServerTransaction tx, SipRequest req, EventPackage pkg) {
        long asked = req.typed(Headers.EXPIRES).orElse(pkg.defaultExpiresSec());
        if (asked > 0 && asked < pkg.minExpiresSec()) {
            tx.respond(layer.response(req, 423, null).set("Min-Expires", Long.toString(pkg.minExpiresSec())).build());
            return null;
        }
        return Math.min(asked, pkg.maxExpiresSec());
    }

    private void arm(Sub s, long expiresSec) {
        if (s.expiry != null) {
            s.expiry.cancel();
        }
        s.expiresAtNanos = layer.scheduler().nanoTime() + Duration.ofSeconds(expiresSec).toNanos();
        s.expiry = layer.scheduler().schedule(Duration.ofSeconds(expiresSec), () -> {
            s.expiry = null;
            end(s, "timeout"); // §4.2.2: the subscription expired without refresh
        });
    }

    private void notifyState(Sub s) {
        s.notifies.send(SubscriptionState.active(s.remainingSec()), s.pkg.contentType(), s.pkg.state(s.resource), null);
    }

    private void onChange(EventPackage pkg, String resource) {
        for (Sub s : new ArrayList<>(subs.values())) {
            if (s.pkg == pkg && s.resource.equals(resource)) {
                notifyState(s);
            }
        }
    }

    /** Ends {@code s} with a final NOTIFY. */
    private void end(Sub s, String reason) {
        if (subs.remove(s.key()) == null) {
            return;
        }
        if (s.expiry != null) {
            s.expiry.cancel();
            s.expiry = null;
        }
        s.notifies.send(SubscriptionState.terminated(reason), s.pkg.contentType(), s.pkg.state(s.resource), s.dialog::terminate);
    }

    /** Ends {@code s} without a NOTIFY: the subscriber is gone. */
    private void drop(Sub s, String why) {
        if (subs.remove(s.key()) != null) {
            LOG.debug("{}: {} subscription dropped: {}", s.dialog.callId(), s.pkg.name(), why);
            if (s.expiry != null) {
                s.expiry.cancel();
                s.expiry = null;
            }
            s.dialog.terminate();
        }
    }
}
