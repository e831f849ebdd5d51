package io.dialtone.transaction;

import io.dialtone.message.ResponseDelta;
import io.dialtone.message.SipParser;
import io.dialtone.message.SipRequest;
import io.dialtone.message.SipResponse;
import io.dialtone.transaction.internal.AnsweredRequests;
import io.dialtone.transport.Inbound;
import io.dialtone.transport.TransportException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

import static io.dialtone.transaction.TransactionState.COMPLETED;
import static io.dialtone.transaction.TransactionState.PROCEEDING;
import static io.dialtone.transaction.TransactionState.TERMINATED;
import static io.dialtone.transaction.TransactionState.TRYING;

/**
 * The non-INVITE server transaction (RFC 3261 §17.2.2, Figure 8). CANCEL is one too.
 * <pre>
 *                                   |Request received
 *                                   |pass to TU
 *                                   V
 *                             +-----------+
 *                             |           |
 *                             | Trying    |-------------+
 *                             |           |             |
 *                             +-----------+             |200-699 from TU
 *                                   |                   |send response
 *                                   |1xx from TU        |
 *                                   |send response      |
 *                                   |                   |
 *                Request            V      1xx from TU  |
 *                send response+-----------+send response|
 *                    +--------|           |--------+    |
 *                    |        | Proceeding|        |    |
 *                    +-------&gt;|           |&lt;-------+    |
 *             +&lt;--------------|           |             |
 *             |Trnsprt Err    +-----------+             |
 *             |Inform TU            |                   |
 *             |                     |                   |
 *             |                     |200-699 from TU    |
 *             |                     |send response      |
 *             |  Request            V                   |
 *             |  send response+-----------+             |
 *             |      +--------|           |             |
 *             |      |        | Completed |&lt;------------+
 *             |      +-------&gt;|           |
 *             +&lt;--------------|           |
 *             |Trnsprt Err    +-----------+
 *             |Inform TU            |
 *             |                     |Timer J fires
 *             |                     |-
 *             |                     |
 *             |                     V
 *             |               +-----------+
 *             |               |           |
 *             +--------------&gt;| Terminated|
 *                             |           |
 *                             +-----------+
 * </pre>
 * Timer J is 64·T1 on unreliable transports and 0 on reliable ones. A retransmission in Trying
 * is absorbed (no response to re-send yet). On an unreliable transport, Completed is kept by the
 * layer as a record of the response, stored as its difference from the request
 * ({@link io.dialtone.message.ResponseDelta}: the fields it copied come back with each
 * retransmission) ({@link TransactionLayer#retire}): this object is done
 * once the final response is sent, and {@link #state()} turns Terminated when Timer J would fire.
 * A response longer than {@link io.dialtone.transaction.internal.AnsweredRequests#MAX_RECORD_BYTES}
 * stays with this object and its Timer J instead.
 *
 * <p>Threading: confined to the call executor that owns its {@link TransactionLayer}; no locks,
 * atomics or {@code volatile}.
 */
public final class NonInviteServerTransaction extends Transaction implements ServerTransaction {
    private static final Logger LOG = LoggerFactory.getLogger(NonInviteServerTransaction.class);
    private static final Map<TransactionState, Set<TransactionState>> MOVES = new EnumMap<>(TransactionState.class);

    static {
        MOVES.put(TRYING, EnumSet.of(PROCEEDING, COMPLETED, TERMINATED));
        MOVES.put(PROCEEDING, EnumSet.of(COMPLETED, TERMINATED));
        MOVES.put(COMPLETED, EnumSet.of(TERMINATED));
    }

    private final Inbound source;
    private SipResponse lastResponse;
    /**
     * In Completed: the final response's wire bytes only, parsed again for the rare retransmission
     * (the parsed form's index and object were ~300 B of each call kept for Timer J).
     */
    private byte[] completedResponse;

    NonInviteServerTransaction(TransactionLayer layer, SipRequest request, Inbound source) {
        super(layer, request, !"UDP".equalsIgnoreCase(source.transport()), TRYING);
        this.source = source;
    }

    /** Where the request came from. */
    public Inbound source() {
        return source;
    }

    @Override
    public void respond(SipResponse rsp) {
        checkAnswersRequest(rsp);
        switch (state) {
            case TRYING, PROCEEDING -> {                                    // §17.2.2
                lastResponse = rsp;
                transmit(rsp);
                if (rsp.isFinal()) {
                    byte[] bytes = rsp.toBytes();                           // re-sent for Timer J
                    // J is 64·T1 over UDP: a record of the response as its difference from the request
                    // (the fields it copied are in every retransmission), ~60 B for a 200 to a BYE
                    byte[] delta = reliable ? bytes : ResponseDelta.encode(request, bytes);
                    boolean record = !reliable && layer.fitsRecord(this, delta.length);
                    completedResponse = record ? null : bytes;
                    lastResponse = null;
                    enter(COMPLETED, rsp);
                    if (record) {
                        retire(AnsweredRequests.NON_INVITE_COMPLETED, delta, source,
                                layer.scheduler().nanoTime() + layer.recordNanos());       // Timer J over UDP
                    }
                } else if (state == TRYING) {
                    enter(PROCEEDING, rsp);
                }
            }
            default -> throw new IllegalStateException("cannot send " + rsp.statusCode() + " in " + state);
        }
    }

    /** The request was retransmitted (§17.2.3 matched this transaction). */
    void onRetransmission(SipRequest retransmission) {
        switch (state) {
            case TRYING -> LOG.trace("{}: retransmission absorbed in Trying", branch);
            case PROCEEDING -> transmit(lastResponse);                      // §17.2.2
            case COMPLETED -> transmit((SipResponse) SipParser.parse(completedResponse));
            default -> { }
        }
    }

    private void onTimerJ() {
        if (state == COMPLETED) {
            terminate(TimerName.J, () -> { });
        }
    }

    @Override
    void onTransportError(TransportException e) {
        switch (state) {
            case PROCEEDING, COMPLETED -> terminate(e, () -> layer.user().onTransportError(this, e)); // §17.2.4
            default -> LOG.debug("{}: transport error ignored in {}: {}", branch, state, e.getMessage());
        }
    }

    private void terminate(Object cause, Runnable callback) {
        enter(TERMINATED, cause);
        callback.run();
        layer.user().onServerTransactionDone(this);
    }

    @Override
    void armTimers(TransactionState previous, TransactionState next) {
        switch (next) {
            case PROCEEDING -> { }
            case COMPLETED -> {
                releaseRequest();
                if (completedResponse != null) {        // reliable (J is 0), or a response too long for a record
                    timers.start(TimerName.J, config.timerJ(reliable), this::onTimerJ);
                }
            }
            default -> throw new IllegalStateException("no timers for " + next);
        }
    }

    @Override
    Set<TransactionState> legalFrom(TransactionState from) {
        return MOVES.getOrDefault(from, EnumSet.noneOf(TransactionState.class));
    }

    @Override
    Logger log() {
        return LOG;
    }

    private void transmit(SipResponse rsp) {
        send(() -> layer.sender().sendResponse(rsp, source));
    }
}
