package io.dialtone.transaction;

import io.dialtone.message.SipRequest;
import io.dialtone.message.SipResponse;
import io.dialtone.transport.Destination;
import io.dialtone.transport.TransportException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

import static io.dialtone.transaction.TransactionState.COMPLETED;
import static io.dialtone.transaction.TransactionState.PROCEEDING;
import static io.dialtone.transaction.TransactionState.TERMINATED;
import static io.dialtone.transaction.TransactionState.TRYING;

/**
 * The non-INVITE client transaction (RFC 3261 §17.1.2, Figure 6).
 * <pre>
 *                                    |Request from TU
 *                                    |send request
 *                Timer E             V
 *                send request  +-----------+
 *                    +---------|           |-------------------+
 *                    |         |  Trying   |  Timer F          |
 *                    +--------&gt;|           |  or Transport Err.|
 *                              +-----------+  inform TU        |
 *                 200-699         |  |                         |
 *                 resp. to TU     |  |1xx                      |
 *                 +---------------+  |resp. to TU              |
 *                 |                  |                         |
 *                 |   Timer E        V       Timer F           |
 *                 |   send req +-----------+ or Transport Err. |
 *                 |  +---------|           | inform TU         |
 *                 |  |         |Proceeding |------------------&gt;|
 *                 |  +--------&gt;|           |-----+             |
 *                 |            +-----------+ 1xx |             |
 *                 |              |      ^    resp to TU        |
 *                 | 200-699      |      +--------+             |
 *                 | resp. to TU  |                             |
 *                 |              V                             |
 *                 |            +-----------+                   |
 *                 |            |           |                   |
 *                 |            | Completed |                   |
 *                 |            |           |                   |
 *                 |            +-----------+                   |
 *                 |              ^   |                         |
 *                 |              |   | Timer K                 |
 *                 +--------------+   | -                       |
 *                                    |                         |
 *                                    V                         |
 *              NOTE:           +-----------+                   |
 *                              |           |                   |
 *          transitions         | Terminated|&lt;------------------+
 *          labeled with        |           |
 *          the event           +-----------+
 *          over the action
 *          to take
 * </pre>
 * Timer E (T1, doubling to T2 in Trying, T2 in Proceeding) runs on unreliable transports only;
 * Timer K is T4 on unreliable and 0 on reliable ones.
 *
 * <p>Threading: confined to the call executor that owns its {@link TransactionLayer}; no locks,
 * atomics or {@code volatile}.
 */
public final class NonInviteClientTransaction extends Transaction implements ClientTransaction {
    private static final Logger LOG = LoggerFactory.getLogger(NonInviteClientTransaction.class);
    private static final Map<TransactionState, Set<TransactionState>> MOVES = new EnumMap<>(TransactionState.class);

    static {
        MOVES.put(TRYING, EnumSet.of(PROCEEDING, COMPLETED, TERMINATED));
        MOVES.put(PROCEEDING, EnumSet.of(COMPLETED, TERMINATED));
        MOVES.put(COMPLETED, EnumSet.of(TERMINATED));
    }

    private final Destination destination;
    private final ClientTransactionListener listener;
    private Duration timerE;

    NonInviteClientTransaction(TransactionLayer layer, SipRequest request, Destination destination,
                               ClientTransactionListener listener) {
        super(layer, request, destination.reliable(), TRYING);
        this.destination = destination;
        this.listener = listener;
    }

    /** Sends the request and arms Trying's timers (§17.1.2.2). */
    void start() {
        transmit();
        armTimers(TRYING, TRYING);
    }

    @Override
    public Destination destination() {
        return destination;
    }

    /** A response matched this transaction (§17.1.3). */
    void onResponse(SipResponse rsp) {
        switch (state) {
            case TRYING, PROCEEDING -> {
                if (rsp.isProvisional()) {                                  // §17.1.2.2
                    if (state == TRYING) {
                        enter(PROCEEDING, rsp);
                    }
                } else {
                    enter(COMPLETED, rsp);
                }
                listener.onResponse(this, rsp);
            }
            case COMPLETED -> LOG.trace("{}: retransmitted {} absorbed", branch, rsp.statusCode()); // §17.1.2.2
            default -> LOG.debug("{}: response {} ignored in {}", branch, rsp.statusCode(), state);
        }
    }

    private void onTimerE() {
        switch (state) {
            case TRYING -> {                                                // E = min(2E, T2)
                transmit();
                timerE = config.nextRetransmit(timerE);
                timers.start(TimerName.E, timerE, this::onTimerE);
            }
            case PROCEEDING -> {                                            // E = T2
                transmit();
                timerE = config.t2();
                timers.start(TimerName.E, timerE, this::onTimerE);
            }
            default -> { }
        }
    }

    private void onTimerF() {
        switch (state) {
            case TRYING, PROCEEDING -> {
                enter(TERMINATED, TimerName.F);
                listener.onTimeout(this);
            }
            default -> { }
        }
    }

    private void onTimerK() {
        if (state == COMPLETED) {
            enter(TERMINATED, TimerName.K);
        }
    }

    @Override
    void onTransportError(TransportException e) {
        switch (state) {
            case TRYING, PROCEEDING -> {                                    // §17.1.4
                enter(TERMINATED, e);
                listener.onTransportError(this, e);
            }
            default -> LOG.debug("{}: transport error ignored in {}: {}", branch, state, e.getMessage());
        }
    }

    @Override
    void armTimers(TransactionState previous, TransactionState next) {
        switch (next) {
            case TRYING -> {
                if (!reliable) {
                    timerE = config.timerE();
                    timers.start(TimerName.E, timerE, this::onTimerE);
                }
                timers.start(TimerName.F, config.timerF(), this::onTimerF);
            }
            case PROCEEDING -> { }                                          // E and F keep running
            case COMPLETED -> {
                timers.cancelAll();
                timers.start(TimerName.K, config.timerK(reliable), this::onTimerK);
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

    private void transmit() {
        send(() -> layer.sender().sendRequest(request, destination));
    }
}
