package io.dialtone.client;

import io.dialtone.rtp.RtpStreamStats;
import io.dialtone.session.EndReason;
import io.dialtone.session.InviteSession;
import io.dialtone.transport.CallExecutor;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * A call placed or answered through a {@link UserAgent}. Thread-safe: every method hops onto the
 * call's executor (ARCHITECTURE.md "One call, one thread") and returns a future; futures complete
 * on the application's callback executor.
 */
public final class Call {
    private final InviteSession session;
    private final CallExecutor executor;
    private final Executor callbacks;
    private final int status;
    private final String reasonPhrase;

    Call(InviteSession session, CallExecutor executor, Executor callbacks, int status, String reasonPhrase) {
        this.session = session;
        this.executor = executor;
        this.callbacks = callbacks;
        this.status = status;
        this.reasonPhrase = reasonPhrase;
    }

    /** The Call-ID (RFC 3261 §8.1.1.4). */
    public String callId() {
        return session.callId();
    }

    /** The final status of the INVITE: 200 when answered, the failure status otherwise (486, 487, ...). */
    public int status() {
        return status;
    }

    public String reasonPhrase() {
        return reasonPhrase;
    }

    /** True when the INVITE was answered with 2xx. */
    public boolean answered() {
        return status >= 200 && status < 300;
    }

    /** Whether we placed the call (UAC) or received it (UAS). */
    public boolean outgoing() {
        return session.role() == InviteSession.Role.UAC;
    }

    /** The other party as written in the INVITE (To for outgoing, From for incoming). */
    public String remoteParty() {
        return session.remoteParty();
    }

    /**
     * Ends the call: BYE once answered, CANCEL before (§15, §9). Completes when the call has ended.
     */
    public CompletableFuture<EndReason> hangup() {
        executor.execute(session::hangup);
        return ended();
    }

    /** Completes when the call ends, from either side. */
    public CompletableFuture<EndReason> ended() {
        return session.ended().thenApplyAsync(r -> r, callbacks);
    }

    /** Current RTP statistics (a recent snapshot; exact after the call ended), or {@code null} before media. */
    public RtpStreamStats mediaStats() {
        return session.mediaStats();
    }

    /** Session refreshes sent or received (RFC 4028). Read on any thread; a recent value. */
    public int sessionRefreshes() {
        return session.refreshes();
    }

    /** Milliseconds from sending or receiving the INVITE to the 2xx, or -1. */
    public long setupMillis() {
        return session.setupMillis();
    }

    @Override
    public String toString() {
        return "Call[" + callId() + " " + status + " " + session.state() + "]";
    }
}
