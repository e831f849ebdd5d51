package io.dialtone.client;

import io.dialtone.rtp.AudioSink;
import io.dialtone.rtp.AudioSource;
import io.dialtone.session.EndReason;
import io.dialtone.session.InviteSession;
import io.dialtone.session.SessionState;
import io.dialtone.transport.CallExecutor;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * An INVITE that has been answered with 180 Ringing and waits for the application's decision.
 * Thread-safe; every method hops onto the call's executor.
 */
public final class IncomingCall {
    private final InviteSession session;
    private final CallExecutor executor;
    private final Executor callbacks;

    IncomingCall(InviteSession session, CallExecutor executor, Executor callbacks) {
        this.session = session;
        this.executor = executor;
        this.callbacks = callbacks;
    }

    public String callId() {
        return session.callId();
    }

    /** The caller's From header value. */
    public String from() {
        return session.remoteParty();
    }

    /**
     * Answers with 200 OK and SDP and starts media (RFC 3261 §13.3.1.4, RFC 3264).
     *
     * @param source audio to send, read on a media event loop every 20 ms (must not block)
     * @param sink   audio received, written on a media event loop (must not block); closed at the end
     * @return the call once the 200 is sent; fails with IllegalStateException if the caller cancelled
     */
    public CompletableFuture<Call> answer(AudioSource source, AudioSink sink) {
        CompletableFuture<Call> f = new CompletableFuture<>();
        executor.execute(() -> {
            try {
                session.answer(source, sink);
                if (session.state() == SessionState.TERMINATED) {
                    f.completeExceptionally(new IllegalStateException("no acceptable media (488)"));
                } else {
                    f.complete(new Call(session, executor, callbacks, 200, "OK"));
                }
            } catch (RuntimeException e) {
                f.completeExceptionally(e);
            }
        });
        return f.thenApplyAsync(c -> c, callbacks);
    }

    /** Rejects with {@code status} (e.g. 486 Busy Here, 603 Decline). */
    public CompletableFuture<Void> reject(int status) {
        return CompletableFuture.runAsync(() -> session.reject(status), executor);
    }

    /** Completes when the INVITE ends without an answer (CANCEL: 487) or, once answered, when the call ends. */
    public CompletableFuture<EndReason> ended() {
        return session.ended().thenApplyAsync(r -> r, callbacks);
    }
}
