package io.dialtone.transaction;

import io.dialtone.message.SipMessage;
import io.dialtone.message.SipRequest;
import io.dialtone.message.SipResponse;
import io.dialtone.transaction.internal.TimerSet;
import io.dialtone.transport.TransportException;
import org.slf4j.Logger;

import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

/**
 * What the four RFC 3261 §17 machines share: the request, the state, the running timers, one
 * {@link #enter} for every state change, and the hop of send failures back onto the call executor.
 * Confined to the call executor: no locks, atomics or {@code volatile}.
 */
abstract class Transaction {
    final TransactionLayer layer;
    /** Null once a server transaction has sent its final response ({@link #releaseRequest}). */
    SipRequest request;
    final String branch;
    final String method;
    final String callId;
    final long cseqNumber;
    /** The From tag of a request without To tag (§8.2.2.2 merges such requests), else null. */
    final String newRequestFromTag;
    final boolean reliable;
    final TimerConfig config;
    final TimerSet timers;
    TransactionState state;
    /** This transaction's key in its layer's table, set by the layer when it files it. */
    Object tableKey;
    /** When it was retired ({@link #retire}): Timer J's or L's deadline on the scheduler's clock; else unused. */
    private long retiredUntil;
    private boolean retired;

    Transaction(TransactionLayer layer, SipRequest request, boolean reliable, TransactionState initial) {
        this.layer = layer;
        this.request = request;
        this.branch = request.topVia().branch();
        this.method = request.method();
        this.callId = request.callId();
        this.cseqNumber = request.cseqNumber();
        this.newRequestFromTag = request.toTag() == null ? request.fromTag() : null;
        this.reliable = reliable;
        this.config = layer.timerConfig();
        this.timers = new TimerSet(layer.scheduler());
        this.state = initial;
    }

    /**
     * The request that created the transaction; a server transaction lets it go once it has sent
     * its final response ({@link ServerTransaction#request()}).
     *
     * @throws IllegalStateException when it was let go
     */
    public SipRequest request() {
        SipRequest r = request;
        if (r == null) {
            throw new IllegalStateException(method + " " + branch + " in " + state
                    + ": the request is not kept after the final response (use callId() or method())");
        }
        return r;
    }

    /** The request's Call-ID, for the transaction's whole life. */
    public String callId() {
        return callId;
    }

    /** The request's method, for the transaction's whole life. */
    public String method() {
        return method;
    }

    /**
     * The current state; read on the call executor. A retired server transaction reports its last
     * state until its Timer J or L deadline, then Terminated.
     */
    public TransactionState state() {
        if (retired && layer.scheduler().nanoTime() - retiredUntil >= 0) {
            return TransactionState.TERMINATED;
        }
        return state;
    }

    /**
     * A server transaction done with its TU hands what its remaining 64·T1 needs to the layer as a
     * record ({@link TransactionLayer#retire}), stops its timers and tells the TU; the object is
     * then garbage once the TU lets go of it.
     */
    final void retire(byte kind, byte[] payload, io.dialtone.transport.Inbound destination, long deadlineNanos) {
        timers.cancelAll();
        retired = true;
        retiredUntil = deadlineNanos;
        if (log().isDebugEnabled()) {
            log().debug("{} {}: {} kept as a record until Timer {}", method, branch, state,
                    state == TransactionState.ACCEPTED ? TimerName.L : TimerName.J);
        }
        layer.retire(this, kind, payload, destination, deadlineNanos);
        layer.user().onServerTransactionDone((ServerTransaction) this);
    }

    /** Whether {@link #retire} ran: the state machine takes no more input. */
    final boolean retired() {
        return retired;
    }

    /** The branch of the request's top Via (§17.1.3, §17.2.3). */
    public String branch() {
        return branch;
    }

    /**
     * A response must answer this request: same CSeq number and method (§8.2.6.2).
     *
     * @throws NullPointerException     when {@code rsp} is null
     * @throws IllegalArgumentException when its CSeq does not answer the request
     */
    final void checkAnswersRequest(SipResponse rsp) {
        Objects.requireNonNull(rsp, "rsp");
        if (rsp.cseqNumber() != cseqNumber || !rsp.cseqMethod().equals(method)) {
            throw new IllegalArgumentException("CSeq " + rsp.cseq() + " does not answer " + cseqNumber + " " + method);
        }
    }

    /**
     * Lets the request go: called when a server transaction has sent its final response and waits
     * out Timer H, I, J or L, where it only absorbs or answers retransmissions by its key.
     */
    final void releaseRequest() {
        request = null;
    }

    /** The moves of this machine's figure. */
    abstract Set<TransactionState> legalFrom(TransactionState from);

    abstract Logger log();

    /** Starts the timers of {@code next} and stops those that do not outlive {@code previous}. */
    abstract void armTimers(TransactionState previous, TransactionState next);

    /** §17.1.4 / §17.2.4 transport error input, on the call executor. */
    abstract void onTransportError(TransportException e);

    /**
     * The one way to change state: rejects a move the figure does not have, logs
     * {@code old -> new (cause)} at DEBUG, re-arms timers; on Terminated cancels all timers and
     * leaves the layer's table. Callbacks to the TU run after it returns.
     *
     * @throws IllegalStateException for a move the figure does not allow (our bug)
     */
    final void enter(TransactionState next, Object cause) {
        TransactionState previous = state;
        if (!legalFrom(previous).contains(next)) {
            throw new IllegalStateException(getClass().getSimpleName() + " " + branch + ": illegal move "
                    + previous + " -> " + next + " (" + describe(cause) + ")");
        }
        state = next;
        Logger log = log();
        if (log.isDebugEnabled()) {
            log.debug("{} {}: {} -> {} ({})", method, branch, previous, next, describe(cause));
        }
        if (next == TransactionState.TERMINATED) {
            timers.cancelAll();
            layer.remove(this);
        } else {
            armTimers(previous, next);
        }
    }

    /**
     * Sends via {@code send}; a failure (thrown or a failed future) comes back as
     * {@link #onTransportError} on the call executor, never inline, so an input is never re-entered.
     */
    final void send(Supplier<CompletableFuture<Void>> send) {
        CompletableFuture<Void> f;
        try {
            f = send.get();
        } catch (TransportException e) {
            f = CompletableFuture.failedFuture(e);
        }
        f.whenComplete((ok, error) -> {
            if (error != null) {
                TransportException e = asTransportException(error);
                layer.scheduler().execute(() -> {
                    if (state != TransactionState.TERMINATED) {
                        onTransportError(e);
                    }
                });
            }
        });
    }

    static TransportException asTransportException(Throwable error) {
        Throwable t = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        return t instanceof TransportException te ? te : new TransportException(String.valueOf(t.getMessage()), t);
    }

    static String describe(Object cause) {
        if (cause instanceof SipMessage m) {
            return m.startLine();
        }
        if (cause instanceof TimerName t) {
            return "Timer " + t;
        }
        if (cause instanceof Throwable t) {
            return t.getClass().getSimpleName() + ": " + t.getMessage();
        }
        return String.valueOf(cause);
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + method + " " + branch + " " + state + "]";
    }
}
