package io.dialtone.session;

import io.dialtone.transport.Scheduler;

import java.time.Duration;

/**
 * The RFC 4028 timers of one session: the refresh at half the interval when we are the refresher
 * (§10) and the expiry at interval − min(32 s, interval/3), after which the session is torn down
 * with BYE. Confined to the call executor; every (re)start cancels what was armed.
 */
final class SessionTimer {
    interface Owner {
        void onRefreshDue();

        void onSessionExpired();
    }

    private final Scheduler scheduler;
    private final Owner owner;
    private Scheduler.Scheduled refresh;
    private Scheduler.Scheduled expiry;
    private long intervalSec;
    private boolean weRefresh;

    SessionTimer(Scheduler scheduler, Owner owner) {
        this.scheduler = scheduler;
        this.owner = owner;
    }

    /** Arms the timers for a negotiated interval; 0 stops them. */
    void start(long intervalSec, boolean weRefresh) {
        stop();
        this.intervalSec = intervalSec;
        this.weRefresh = weRefresh;
        if (intervalSec <= 0) {
            return;
        }
        if (weRefresh) {
            refresh = scheduler.schedule(Duration.ofMillis(intervalSec * 500), () -> {
                refresh = null;
                owner.onRefreshDue();
            });
        }
        expiry = scheduler.schedule(Duration.ofMillis(SessionTimerNegotiation.expiryMillis(intervalSec)), () -> {
            expiry = null;
            owner.onSessionExpired();
        });
    }

    void stop() {
        if (refresh != null) {
            refresh.cancel();
            refresh = null;
        }
        if (expiry != null) {
            expiry.cancel();
            expiry = null;
        }
    }

    long intervalSec() {
        return intervalSec;
    }

    boolean weRefresh() {
        return weRefresh;
    }

    boolean running() {
        return expiry != null;
    }
}
