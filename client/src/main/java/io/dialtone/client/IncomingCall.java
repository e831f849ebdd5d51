package io.dialtone.client;

import io.dialtone.rtp.AudioFormat;
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
    private final String from;      // read on the executor at creation: the session lets its INVITE go later
    private final String replaces;

    /** Created on the call's executor when the INVITE arrives. */
    IncomingCall(InviteSession session, CallExecutor executor, Executor callbacks) {
        this.session = session;
        this.executor = executor;
        this.callbacks = callbacks;
        this.from = session.remoteParty();
        this.replaces = session.invite().header("Replaces").orElse(null);
    }

    public String callId() {
        return session.callId();
    }

    /** The Replaces header (RFC 3891) when this call is to replace one of ours, else {@code null}. */
    public String replaces() {
        return replaces;
    }

    /** The caller's From header value. */
    public String from() {
        return from;
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

    /**
     * Answers as {@link #answer(AudioSource, AudioSink)} does, with audio at the application's rate:
     * {@code source} is read and {@code sink} written in frames of {@code sampleRateHz} (20 ms is 320
     * samples at 16 kHz, 480 at 24 kHz, 960 at 48 kHz); the stack resamples to and from the codec's
     * 8000 Hz with a band-limited filter.
     *
     * @param source       audio to send at {@code sampleRateHz}, e.g. a {@link io.dialtone.rtp.PlayoutQueue}
     *                     for barge-in (must not block)
     * @param sink         audio received, delivered at {@code sampleRateHz} (must not block); closed at the end
     * @param sampleRateHz 8000, 16000, 24000 or 48000 Hz
     * @return the call once the 200 is sent; fails with IllegalStateException if the caller cancelled
     * @throws IllegalArgumentException if the rate is not one of those
     */
    public CompletableFuture<Call> answer(AudioSource source, AudioSink sink, int sampleRateHz) {
        return answer(source, sink, AudioFormat.of(sampleRateHz));
    }

    /**
     * Answers with audio in {@code format}; see {@link #answer(AudioSource, AudioSink, int)}.
     *
     * @param source audio to send in {@code format}
     * @param sink   audio received, delivered in {@code format}; closed at the end
     * @param format the application's PCM format
     * @return the call once the 200 is sent
     */
    public CompletableFuture<Call> answer(AudioSource source, AudioSink sink, AudioFormat format) {
        return answer(CallOptions.streamSource(source, format), CallOptions.streamSink(sink, format));
    }

    /**
     * Early media: answers the caller's offer in 183 Session Progress and starts audio before the
     * call is answered (RFC 3262 §5: reliably when the caller supports 100rel and the agent prefers
     * it). A later {@link #answer} keeps this audio; its own source and sink are then not used.
     *
     * @param source audio to send, read on a media event loop every 20 ms (must not block)
     * @param sink   audio received, written on a media event loop (must not block); closed at the end
     * @return completes once the 183 is sent (or queued behind an unacknowledged reliable provisional);
     *         fails with IllegalStateException when the INVITE had no offer, the caller cancelled, or
     *         early media was already sent
     */
    public CompletableFuture<Void> progress(AudioSource source, AudioSink sink) {
        return CompletableFuture.runAsync(() -> session.progress(source, sink), executor)
                .whenCompleteAsync((v, e) -> { }, callbacks);
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
