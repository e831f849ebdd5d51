package io.dialtone.session;

import io.dialtone.message.SipRequest;
import io.dialtone.message.SipUri;
import io.dialtone.transaction.ServerTransaction;

import java.util.HashMap;
import java.util.Map;

/**
 * The subscriptions of one call executor, by dialog: Call-ID and our From tag (RFC 6665 §4.1).
 * Routes each NOTIFY (and anything else with a To tag) to its {@link Subscription}.
 *
 * <p>Threading: confined to the layer's call executor.
 */
final class Subscriber {
    private final SessionLayer layer;
    private final Map<String, Subscription> byDialog = new HashMap<>();

    Subscriber(SessionLayer layer) {
        this.layer = layer;
    }

    Subscription subscribe(String callId, SipUri target, String transport, String eventPackage, long expiresSec,
                           NotifyHandler handler) {
        if (expiresSec <= 0) {
            throw new IllegalArgumentException("Expires must be positive: " + expiresSec);
        }
        Subscription s = new Subscription(layer, this, callId, target, transport, eventPackage, expiresSec, handler);
        s.start();
        return s;
    }

    void register(Subscription s, String localTag) {
        byDialog.put(s.callId() + ';' + localTag, s);
    }

    void unregister(Subscription s, String localTag) {
        byDialog.remove(s.callId() + ';' + localTag, s);
    }

    int active() {
        return byDialog.size();
    }

    /** A request with a To tag: true when it names one of our subscriptions (it is then answered). */
    boolean onRequest(ServerTransaction tx, SipRequest req) {
        Subscription s = byDialog.get(req.callId() + ';' + req.toTag());
        if (s == null) {
            return false;
        }
        s.onRequest(tx, req);
        return true;
    }
}
