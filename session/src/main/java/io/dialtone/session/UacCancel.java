package io.dialtone.session;

import io.dialtone.message.SipRequest;
import io.dialtone.transaction.CancelRequests;
import io.dialtone.transport.Destination;
import io.dialtone.transport.Scheduler;

/**
 * The UAC core's CANCEL of its INVITE (RFC 3261 §9.1). A CANCEL is sent only once a provisional
 * arrived; a hang-up before that is remembered and the CANCEL follows the first provisional (if
 * none ever arrives, the INVITE ends by Timer B as usual). Once sent, a final response is awaited
 * for 64·T1; then {@code onGiveUp} runs and the INVITE transaction is to be abandoned.
 *
 * <p>Threading: confined to the call executor of its session.
 */
final class UacCancel {
    private final SessionLayer layer;
    private final Runnable onGiveUp;
    private boolean provisionalSeen;
    private boolean requested;
    private boolean sent;
    private Scheduler.Scheduled giveUp;

    /** @param onGiveUp run when 64·T1 passed after the CANCEL without a final response to the INVITE */
    UacCancel(SessionLayer layer, Runnable onGiveUp) {
        this.layer = layer;
        this.onGiveUp = onGiveUp;
    }

    /** The application ended the call before a final response. */
    void request(SipRequest invite, Destination destination) {
        requested = true;
        if (provisionalSeen) {
            send(invite, destination);
        }
    }

    /** A provisional arrived: a deferred CANCEL goes now (§9.1). */
    void onProvisional(SipRequest invite, Destination destination) {
        provisionalSeen = true;
        if (requested) {
            send(invite, destination);
        }
    }

    /** True once the application asked to cancel, whether or not the CANCEL went out yet. */
    boolean requested() {
        return requested;
    }

    /** A new INVITE replaces the old one (RFC 4028 §7.4 retry): no provisional seen for it yet. */
    void onNewInvite() {
        provisionalSeen = false;
        sent = false;
    }

    /** A final response arrived or the session ended: stop waiting. */
    void stop() {
        if (giveUp != null) {
            giveUp.cancel();
            giveUp = null;
        }
    }

    private void send(SipRequest invite, Destination destination) {
        if (sent) {
            return;
        }
        sent = true;
        layer.transactions().sendRequest(CancelRequests.create(invite), destination, IgnoringListener.INSTANCE);
        giveUp = layer.scheduler().schedule(layer.config().timers().t1Times(64), () -> {
            giveUp = null;
            onGiveUp.run();
        });
    }
}
