package io.dialtone.transaction;

import io.dialtone.message.SipRequest;
import io.dialtone.message.SipResponse;
import io.dialtone.transaction.internal.AnsweredRequests;
import io.dialtone.transport.Inbound;
import io.dialtone.transport.TransportException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

import static io.dialtone.transaction.TransactionState.ACCEPTED;
import static io.dialtone.transaction.TransactionState.COMPLETED;
import static io.dialtone.transaction.TransactionState.CONFIRMED;
import static io.dialtone.transaction.TransactionState.PROCEEDING;
import static io.dialtone.transaction.TransactionState.TERMINATED;

/**
 * The INVITE server transaction (RFC 3261 §17.2.1, Figure 7 as amended by RFC 6026 §8.7).
 * <pre>
 *                                    |INVITE
 *                                    |pass INV to TU
 *  INVITE                            V send 100 if TU won't in 200 ms
 *  send response            +-----------+
 *      +--------------------|           |--------+ 101-199 from TU
 *      |                    | Proceeding|        | send response
 *      +-------------------&gt;|           |&lt;-------+
 *                           |           |          Transport Err.
 *                           |           |          Inform TU
 *                           |           |---------------------------------&gt;+
 *                           +-----------+                                  |
 *              300-699 from TU |     |2xx from TU                          |
 *              send response   |     |send response                        |
 *                              |     +------------------&gt;+                 |
 *                              |                         |                 |
 *  INVITE          V          Timer G fires              |                 |
 *  send response+-----------+ send response              |                 |
 *      +--------|           |--------+                   |                 |
 *      |        | Completed |        |                   |                 |
 *      +-------&gt;|           |&lt;-------+                   |                 |
 *               +-----------+                            |                 |
 *                 |     |                                |                 |
 *             ACK |     |Timer H fires                   V                 |
 *             -   |     |or Transport Err.        +-----------+  INVITE -  |
 *                 |     |Inform TU                |           |----+       |
 *                 |     |                         | Accepted  |    |       |
 *                 |     +-----------------------&gt;+|           |&lt;---+       |
 *                 V                              ||           | 2xx from TU|
 *               +-----------+                    ||           | send resp. |
 *               |           |                    ||           | ACK to TU  |
 *               | Confirmed |                    |+-----------+            |
 *               |           |                    |  Timer L fires          |
 *               +-----------+                    |  -                      |
 *                 |  ACK -                       |    |                    |
 *                 |Timer I fires                 |    |                    |
 *                 V                              V    V                    |
 *               +-----------+                                              |
 *               | Terminated|&lt;---------------------------------------------+
 *               +-----------+
 * </pre>
 * Timer G runs on unreliable transports only; Timer I is T4 on unreliable and 0 on reliable ones.
 * In Accepted the UAS core retransmits its 2xx itself (§13.3.1.4) by calling {@link #respond}
 * again; the transaction only sends it. The rest of Accepted (absorbing INVITE retransmissions
 * until Timer L, answering a CANCEL 200, and passing ACKs to the TU, which the layer does for any
 * ACK matching no transaction) is kept by the layer as a record from the 2xx on
 * ({@link TransactionLayer#retire}); the TU is told it is done with this object
 * ({@link TransactionUser#onServerTransactionDone}) but may still call {@link #respond} with the
 * 2xx again, and hears of a failure to send it. {@link #state()} turns Terminated when Timer L
 * would fire.
 *
 * <p>Threading: confined to the call executor that owns its {@link TransactionLayer}; no locks,
 * atomics or {@code volatile}.
 */
public final class InviteServerTransaction extends Transaction implements ServerTransaction {
    private static final Logger LOG = LoggerFactory.getLogger(InviteServerTransaction.class);
    private static final Map<TransactionState, Set<TransactionState>> MOVES = new EnumMap<>(TransactionState.class);

    static {
        MOVES.put(PROCEEDING, EnumSet.of(COMPLETED, ACCEPTED, TERMINATED));
        MOVES.put(COMPLETED, EnumSet.of(CONFIRMED, TERMINATED));
        MOVES.put(CONFIRMED, EnumSet.of(TERMINATED));
        MOVES.put(ACCEPTED, EnumSet.of(TERMINATED));
    }

    private final Inbound source;
    private SipResponse lastProvisional;
    private SipResponse lastFinal;
    private Duration timerG;
    private io.dialtone.transport.Scheduler.Scheduled trying;

    InviteServerTransaction(TransactionLayer layer, SipRequest invite, Inbound source) {
        super(layer, invite, !"UDP".equalsIgnoreCase(source.transport()), PROCEEDING);
        this.source = source;
    }

    /** Arms the 200 ms 100-Trying timer (§17.2.1). */
    void start() {
        trying = layer.scheduler().schedule(TimerConfig.TRYING_DELAY, this::onTryingDelay);
    }

    /** Where the INVITE came from. */
    public Inbound source() {
        return source;
    }

    @Override
    public void respond(SipResponse rsp) {
        checkAnswersRequest(rsp);
        switch (state()) {                                                  // Terminated once Timer L is due
            case PROCEEDING -> {
                cancelTrying();
                transmit(rsp);
                if (rsp.isProvisional()) {                                  // §17.2.1
                    lastProvisional = rsp;
                } else if (rsp.isSuccess()) {                               // RFC 6026 §8.5
                    lastProvisional = null;     // Accepted re-sends nothing itself: hold no response for Timer L
                    enter(ACCEPTED, rsp);
                    String tag = rsp.toTag();
                    retire(AnsweredRequests.INVITE_ACCEPTED, tag == null ? new byte[0] : tag.getBytes(StandardCharsets.UTF_8),
                            null, layer.scheduler().nanoTime() + layer.recordNanos());   // Timer L
                } else {                                                    // §17.2.1, 300-699
                    lastProvisional = null;
                    lastFinal = rsp.compact();                              // re-sent by Timer G for up to 32 s
                    enter(COMPLETED, rsp);
                }
            }
            case ACCEPTED -> {
                if (!rsp.isSuccess()) {
                    throw new IllegalStateException("only a 2xx may follow a 2xx, not " + rsp.statusCode());
                }
                transmit(rsp);                                              // RFC 6026 §8.7
            }
            default -> throw new IllegalStateException("cannot send " + rsp.statusCode() + " in " + state);
        }
    }

    /** The INVITE was retransmitted (§17.2.3 matched this transaction). */
    void onRetransmission(SipRequest invite) {
        switch (state) {
            case PROCEEDING -> {                                            // §17.2.1: re-send the last provisional
                if (lastProvisional != null) {
                    transmit(lastProvisional);
                }
            }
            case COMPLETED -> transmit(lastFinal);                          // §17.2.1
            case CONFIRMED, ACCEPTED -> LOG.trace("{}: INVITE retransmission absorbed", branch); // RFC 6026 §8.7
            default -> { }
        }
    }

    /** An ACK matched this transaction (§17.2.3). */
    void onAck(SipRequest ack, Inbound from) {
        switch (state) {
            case COMPLETED -> {                                             // §17.2.1
                lastFinal = null;                                           // Confirmed only absorbs
                enter(CONFIRMED, ack);
            }
            case CONFIRMED -> LOG.trace("{}: ACK retransmission absorbed", branch);
            case ACCEPTED -> layer.user().onAck(ack, from);                 // RFC 6026 §8.7
            default -> LOG.debug("{}: ACK ignored in {}", branch, state);
        }
    }

    private void onTryingDelay() {
        trying = null;
        if (state == PROCEEDING && lastProvisional == null) {             // §17.2.1: TU silent for 200 ms
            lastProvisional = SipResponse.to(request, 100).build();
            transmit(lastProvisional);
        }
    }

    private void onTimerG() {
        if (state == COMPLETED) {                                           // §17.2.1: G = min(2G, T2)
            transmit(lastFinal);
            timerG = config.nextRetransmit(timerG);
            timers.start(TimerName.G, timerG, this::onTimerG);
        }
    }

    private void onTimerH() {
        if (state == COMPLETED) {
            terminate(TimerName.H, () -> layer.user().onTimeout(this));
        }
    }

    private void onTimerI() {
        if (state == CONFIRMED) {
            terminate(TimerName.I, () -> { });
        }
    }

    @Override
    void onTransportError(TransportException e) {
        switch (state) {
            case PROCEEDING, COMPLETED, ACCEPTED -> terminate(e, () -> layer.user().onTransportError(this, e)); // §17.2.4
            default -> LOG.debug("{}: transport error ignored in {}: {}", branch, state, e.getMessage());
        }
    }

    private void terminate(Object cause, Runnable callback) {
        cancelTrying();
        enter(TERMINATED, cause);
        callback.run();
        layer.user().onServerTransactionDone(this);     // again after a retirement: the TU may still hold it
    }

    private void cancelTrying() {
        if (trying != null) {
            trying.cancel();
            trying = null;
        }
    }

    @Override
    void armTimers(TransactionState previous, TransactionState next) {
        releaseRequest();                                                   // every state after Proceeding
        switch (next) {
            case COMPLETED -> {
                if (!reliable) {
                    timerG = config.timerG();
                    timers.start(TimerName.G, timerG, this::onTimerG);
                }
                timers.start(TimerName.H, config.timerH(), this::onTimerH);
            }
            case CONFIRMED -> {
                timers.cancelAll();
                timers.start(TimerName.I, config.timerI(reliable), this::onTimerI);
            }
            case ACCEPTED -> { }                                            // Timer L: the layer's record
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
