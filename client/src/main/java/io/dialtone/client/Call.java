package io.dialtone.client;

import io.dialtone.rtp.RtpStreamStats;
import io.dialtone.message.SipResponse;
import io.dialtone.session.DtmfMode;
import io.dialtone.session.EndReason;
import io.dialtone.session.ExtensionMethods;
import io.dialtone.session.InviteSession;
import io.dialtone.session.ReferTarget;
import io.dialtone.session.TransferOutcome;
import io.dialtone.transport.CallExecutor;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A call placed or answered through a {@link UserAgent}. Thread-safe: every method hops onto the
 * call's executor (ARCHITECTURE.md "One call, one thread") and returns a future; futures complete
 * on the application's callback executor.
 */
public final class Call {
    /** Duration of each digit {@link #sendDtmf(String)} sends, ms. */
    public static final int DEFAULT_DTMF_MS = 100;

    private final InviteSession session;
    private final CallExecutor executor;
    private final Executor callbacks;
    private final int status;
    private final String reasonPhrase;
    private final StringBuffer dtmfReceived = new StringBuffer(); // written on the executor, read anywhere
    private Consumer<Character> dtmfHandler; // on the executor only

    Call(InviteSession session, CallExecutor executor, Executor callbacks, int status, String reasonPhrase) {
        this.session = session;
        this.executor = executor;
        this.callbacks = callbacks;
        this.status = status;
        this.reasonPhrase = reasonPhrase;
        executor.execute(() -> session.dtmfHandler(this::onDtmfReceived));
    }

    private void onDtmfReceived(char digit) { // on the call executor
        dtmfReceived.append(digit);
        Consumer<Character> h = dtmfHandler;
        if (h != null) {
            callbacks.execute(() -> h.accept(digit));
        }
    }

    /** The Call-ID (RFC 3261 §8.1.1.4). */
    public String callId() {
        return session.callId();
    }

    /** The final status of the INVITE: 200 when answered, the failure status otherwise (486, 487, ...). */
    public int status() {
        return status;
    }

    /** The reason phrase of the INVITE's final response, as the peer wrote it. */
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

    /**
     * Sends DTMF digits as RFC 4733 telephone-events, {@value #DEFAULT_DTMF_MS} ms each, in order, with
     * a short gap of audio between them (audio is not sent during a digit).
     *
     * @param digits one or more of {@code 0-9 * # A-D}
     * @return completes once the last digit's end packets were sent; fails with
     *         IllegalArgumentException for other characters and IllegalStateException when the call
     *         has no media or the peer did not negotiate telephone-event, or the call ended first
     */
    public CompletableFuture<Void> sendDtmf(String digits) {
        return sendDtmf(digits, DEFAULT_DTMF_MS);
    }

    /**
     * Sends DTMF digits as {@link #sendDtmf(String)} does, each lasting {@code durationMs}.
     *
     * @param digits     one or more of {@code 0-9 * # A-D}
     * @param durationMs duration of each digit, 20–8000 ms
     * @return as {@link #sendDtmf(String)}
     */
    public CompletableFuture<Void> sendDtmf(String digits, int durationMs) {
        Objects.requireNonNull(digits, "digits");
        CompletableFuture<Void> result = new CompletableFuture<>();
        executor.execute(() -> {
            try {
                session.sendDtmf(digits, durationMs).whenComplete((v, e) -> {
                    if (e != null) {
                        result.completeExceptionally(e instanceof CompletionException
                                && e.getCause() != null ? e.getCause() : e);
                    } else {
                        result.complete(null);
                    }
                });
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        });
        return result.whenCompleteAsync((v, e) -> { }, callbacks);
    }

    /**
     * Sends DTMF digits, {@value #DEFAULT_DTMF_MS} ms each, as RFC 4733 telephone-events or as SIP
     * INFO requests ({@code application/dtmf-relay}, one per digit, each after the previous one's 2xx).
     *
     * @param digits one or more of {@code 0-9 * # A-D}
     * @param mode   {@link DtmfMode#RFC4733} (as {@link #sendDtmf(String)}) or {@link DtmfMode#INFO}
     * @return completes once the last digit was sent (RFC 4733) or acknowledged with 2xx (INFO); fails
     *         with IllegalArgumentException for other characters, IllegalStateException when the call
     *         cannot carry them or an INFO got a non-2xx, TimeoutException when an INFO got no response
     */
    public CompletableFuture<Void> sendDtmf(String digits, DtmfMode mode) {
        Objects.requireNonNull(digits, "digits");
        Objects.requireNonNull(mode, "mode");
        return onExecutor(() -> session.sendDtmf(digits, DEFAULT_DTMF_MS, mode));
    }

    /**
     * Puts the peer on hold (RFC 3264 §8.4): a re-INVITE offering {@code sendonly} ({@code inactive}
     * if the peer holds us). Once accepted the peer stops sending audio to us; we keep sending ours.
     *
     * @return completes with the final status of the re-INVITE (200 when accepted; a failure such as
     *         488 leaves the call as it was); fails with IllegalStateException when the call is not
     *         established or another re-INVITE/UPDATE is pending, TimeoutException when no response
     *         came (the call is then ended with BYE)
     */
    public CompletableFuture<Integer> hold() {
        return onExecutor(session::hold).thenApply(SipResponse::statusCode);
    }

    /** Takes the peer off hold: a re-INVITE offering {@code sendrecv} (RFC 3264 §8.4). Completes as {@link #hold()}. */
    public CompletableFuture<Integer> resume() {
        return onExecutor(session::resume).thenApply(SipResponse::statusCode);
    }

    /**
     * Sends UPDATE with a new SDP offer (RFC 3311 §5.1; the media direction unchanged), which also
     * refreshes a running session timer (RFC 4028). Completes as {@link #hold()}.
     */
    public CompletableFuture<Integer> update() {
        return onExecutor(session::update).thenApply(SipResponse::statusCode);
    }

    /** True while we hold the peer (read on any thread; a recent value). */
    public boolean onHold() {
        return session.onHold();
    }

    /** Runs {@code op} on the call executor; its result completes on the callback executor. */
    private <T> CompletableFuture<T> onExecutor(Supplier<CompletableFuture<T>> op) {
        CompletableFuture<T> result = new CompletableFuture<>();
        executor.execute(() -> {
            try {
                op.get().whenComplete((v, e) -> {
                    if (e != null) {
                        result.completeExceptionally(e instanceof CompletionException && e.getCause() != null ? e.getCause() : e);
                    } else {
                        result.complete(v);
                    }
                });
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        });
        return result.whenCompleteAsync((v, e) -> { }, callbacks);
    }

    /**
     * Sets who receives each DTMF digit (RFC 4733 telephone-event) the peer sends, once per digit when
     * it ends, on the callback executor (by default the call executor: do not block). Digits that came
     * before the handler was set are passed to it first, in order. Replaces any earlier handler.
     *
     * @param handler receives {@code 0-9 * # A-D}
     */
    public void onDtmf(Consumer<Character> handler) {
        Objects.requireNonNull(handler, "handler");
        executor.execute(() -> {
            dtmfHandler = handler;
            String before = dtmfReceived.toString();
            for (int i = 0; i < before.length(); i++) {
                char c = before.charAt(i);
                callbacks.execute(() -> handler.accept(c));
            }
        });
    }

    /** The DTMF digits received so far, in order (read on any thread; a recent value). */
    public String dtmfReceived() {
        return dtmfReceived.toString();
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

    /**
     * Blind transfer (RFC 3515 §2.4.1, RFC 5589 §6): sends REFER with Refer-To {@code targetUri} and
     * Referred-By, follows the NOTIFYs, and hangs this call up once the transferee reports a 2xx.
     *
     * @param targetUri where the peer is to call, e.g. {@code sip:carol@127.0.0.1:5080}
     * @return the outcome; fails with IllegalArgumentException for a malformed URI and
     *         IllegalStateException when the call is not established
     */
    public CompletableFuture<TransferOutcome> transfer(String targetUri) {
        return transfer(targetUri, true);
    }

    /**
     * Blind transfer as {@link #transfer(String)} does, hanging this call up on success only when
     * {@code hangupOnSuccess} (otherwise the application, or the transferee, ends it).
     */
    public CompletableFuture<TransferOutcome> transfer(String targetUri, boolean hangupOnSuccess) {
        io.dialtone.message.SipUri target;
        try {
            target = io.dialtone.message.SipUri.parse(targetUri);
        } catch (io.dialtone.message.SipParseException e) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("bad URI " + targetUri + ": " + e.getMessage()));
        }
        return refer(CompletableFuture.completedFuture(ReferTarget.format(target)), hangupOnSuccess);
    }

    /**
     * Attended transfer (RFC 5589 §7): asks the peer to call the party of {@code consultation},
     * replacing that call (Refer-To with Replaces, RFC 3891), and hangs this call up on success.
     *
     * @param consultation an established call to the transfer target
     */
    public CompletableFuture<TransferOutcome> transfer(Call consultation) {
        CompletableFuture<String> referTo = CompletableFuture.supplyAsync(
                () -> ExtensionMethods.attendedReferTo(consultation.session), consultation.executor);
        return refer(referTo, true);
    }

    private CompletableFuture<TransferOutcome> refer(CompletableFuture<String> referTo, boolean hangupOnSuccess) {
        CompletableFuture<TransferOutcome> result = new CompletableFuture<>();
        referTo.whenComplete((to, err) -> {
            if (err != null) {
                result.completeExceptionally(err instanceof CompletionException && err.getCause() != null ? err.getCause() : err);
                return;
            }
            executor.execute(() -> {
                try {
                    ExtensionMethods.of(session).refer(session, to, hangupOnSuccess).whenComplete((o, e) -> {
                        if (e != null) {
                            result.completeExceptionally(e);
                        } else {
                            result.complete(o);
                        }
                    });
                } catch (RuntimeException e) {
                    result.completeExceptionally(e);
                }
            });
        });
        return result.thenApplyAsync(o -> o, callbacks);
    }

    /** Sends a MESSAGE in this call's dialog (RFC 3428 §4); completes with the final response (408 on timeout). */
    public CompletableFuture<io.dialtone.message.SipResponse> sendMessage(String contentType, byte[] body) {
        return CompletableFuture.supplyAsync(() -> ExtensionMethods.of(session).sendMessage(session, contentType, body), executor)
                .thenCompose(f -> f).thenApplyAsync(r -> r, callbacks);
    }

    @Override
    public String toString() {
        return "Call[" + callId() + " " + status + " " + session.state() + "]";
    }
}
