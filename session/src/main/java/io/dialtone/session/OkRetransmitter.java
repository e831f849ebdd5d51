package io.dialtone.session;

import io.dialtone.message.SipResponse;
import io.dialtone.transaction.TimerConfig;
import io.dialtone.transport.Inbound;
import io.dialtone.transport.MessageSender;
import io.dialtone.transport.Scheduler;

import java.time.Duration;

/**
 * The UAS core's retransmission of a 2xx to an INVITE until the ACK arrives (RFC 3261 §13.3.1.4,
 * RFC 6026 §8.1): first after T1, doubling up to T2, giving up after 64·T1, when the owner is told
 * so it can end the session with BYE. Confined to the call executor.
 */
final class OkRetransmitter {
    private final Scheduler scheduler;
    private final MessageSender sender;
    private final TimerConfig timers;
    private final Runnable onGiveUp;
    private SipResponse ok;
    private Inbound requestSource;
    private Scheduler.Scheduled next;
    private Scheduler.Scheduled giveUp;
    private long intervalMs;

    /**
     * @param onGiveUp run once when 64·T1 passed without an ACK
     */
    OkRetransmitter(Scheduler scheduler, MessageSender sender, TimerConfig timers, Runnable onGiveUp) {
        this.scheduler = scheduler;
        this.sender = sender;
        this.timers = timers;
        this.onGiveUp = onGiveUp;
    }

    /**
     * Starts retransmitting {@code response}, which the caller has just sent once.
     *
     * @param requestSource where the INVITE came from: a reliable transport reuses its connection
     */
    void start(SipResponse response, Inbound requestSource) {
        stop();
        ok = response.compact();   // held up to 64·T1: its bytes, not the objects it was built from
        this.requestSource = requestSource;
        intervalMs = timers.t1().toMillis();
        arm();
        giveUp = scheduler.schedule(timers.t1Times(64), () -> {
            giveUp = null;
            stop();
            onGiveUp.run();
        });
    }

    private void arm() {
        next = scheduler.schedule(Duration.ofMillis(intervalMs), () -> {
            next = null;
            sender.sendResponse(ok, requestSource);
            intervalMs = Math.min(intervalMs * 2, timers.t2().toMillis());
            arm();
        });
    }

    /** The ACK arrived (or the session ended): stop. */
    void stop() {
        if (next != null) {
            next.cancel();
            next = null;
        }
        if (giveUp != null) {
            giveUp.cancel();
            giveUp = null;
        }
        ok = null;
    }

    /** True while waiting for the ACK. */
    boolean running() {
        return next != null;
    }
}
