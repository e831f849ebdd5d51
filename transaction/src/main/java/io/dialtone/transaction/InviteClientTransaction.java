package io.dialtone.transaction;

import io.dialtone.message.HeaderNames;
import io.dialtone.message.SipMethod;
import io.dialtone.message.SipRequest;
import io.dialtone.message.SipResponse;
import io.dialtone.transport.Destination;
import io.dialtone.transport.TransportException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import static io.dialtone.transaction.TransactionState.ACCEPTED;
import static io.dialtone.transaction.TransactionState.CALLING;
import static io.dialtone.transaction.TransactionState.COMPLETED;
import static io.dialtone.transaction.TransactionState.PROCEEDING;
import static io.dialtone.transaction.TransactionState.TERMINATED;

/**
 * The INVITE client transaction (RFC 3261 §17.1.1, Figure 5 as amended by RFC 6026 §8.4).
 * <pre>
 *                     |INVITE from TU
 *   Timer A fires     |INVITE sent
 *   Reset A,          V                      Timer B fires
 *   INVITE sent +-----------+                or Transport Err.
 *     +---------|           |---------------+inform TU
 *     |         |  Calling  |               |
 *     +--------&gt;|           |--------------+|
 *               +-----------+ 2xx          ||
 *                  |  |       2xx to TU    ||
 *                  |  |1xx                 ||
 *  300-699 +-------+  |1xx to TU           ||
 * ACK sent |          |                    ||
 * resp. to TU|  1xx   V                    ||
 *          |  1xx to TU  -----------+      ||
 *          |  +---------|           |      ||
 *          |  |         |Proceeding |-----&gt;||
 *          |  +--------&gt;|           | 2xx  ||
 *          |            +-----------+ 2xx to TU
 *          |       300-699 |               ||
 *          |       ACK sent|  +-----------+||
 *          |  resp. to TU  |  |           |||
 *          |               |  | Accepted  |&lt;+ 2xx to TU (each retransmission)
 *          |               |  |           |-+ Timer M fires
 *          V               V  +-----------+ |
 *   300-699 +-----------+                   |
 *   ACK sent|           |  Transport Err.   |
 *   +-------| Completed |  inform TU        |
 *   +------&gt;|           |----------------+  |
 *           +-----------+                |  |
 *             ^   |  Timer D fires       |  |
 *             |   +----------------------+  |
 *                                        V  V
 *                                  +-----------+
 *                                  | Terminated|
 *                                  +-----------+
 * </pre>
 * Timer A runs on unreliable transports only; Timer D is 32 s on unreliable and 0 on reliable
 * ones; Timer B is cancelled by a provisional (the TU ends a ringing INVITE with CANCEL).
 *
 * <p>Threading: confined to the call executor that owns its {@link TransactionLayer}; no locks,
 * atomics or {@code volatile}.
 */
public final class InviteClientTransaction extends Transaction implements ClientTransaction {
    private static final Logger LOG = LoggerFactory.getLogger(InviteClientTransaction.class);
    private static final java.util.Map<TransactionState, Set<TransactionState>> MOVES = new java.util.EnumMap<>(TransactionState.class);

    static {
        MOVES.put(CALLING, EnumSet.of(PROCEEDING, COMPLETED, ACCEPTED, TERMINATED));
        MOVES.put(PROCEEDING, EnumSet.of(COMPLETED, ACCEPTED, TERMINATED));
        MOVES.put(COMPLETED, EnumSet.of(TERMINATED));
        MOVES.put(ACCEPTED, EnumSet.of(TERMINATED));
    }

    private final Destination destination;
    private final ClientTransactionListener listener;
    private Duration timerA;
    private SipRequest ack;

    InviteClientTransaction(TransactionLayer layer, SipRequest invite, Destination destination,
                            ClientTransactionListener listener) {
        super(layer, invite, destination.reliable(), CALLING);
        this.destination = destination;
        this.listener = listener;
    }

    /** Sends the INVITE and arms Calling's timers (§17.1.1.2). */
    void start() {
        transmit(request);
        armTimers(CALLING, CALLING);
    }

    @Override
    public Destination destination() {
        return destination;
    }

    /** The ACK sent for the non-2xx final, or {@code null} before one (§17.1.1.3). */
    public SipRequest ack() {
        return ack;
    }

    /**
     * The TU gives up on an INVITE it cancelled that got no final response within 64·T1 (RFC 3261
     * §9.1: "the client SHOULD then consider the original transaction cancelled and SHOULD destroy
     * the client transaction"). Calling or Proceeding move to Terminated without a callback; in any
     * other state nothing happens. Call on the call executor.
     */
    public void abandon() {
        if (state == CALLING || state == PROCEEDING) {
            enter(TERMINATED, "abandoned by the TU after CANCEL (§9.1)");
        }
    }

    /** A response matched this transaction (§17.1.3). */
    void onResponse(SipResponse rsp) {
        switch (state) {
            case CALLING, PROCEEDING -> {
                if (rsp.isProvisional()) {                                  // §17.1.1.2
                    if (state == CALLING) {
                        enter(PROCEEDING, rsp);
                    }
                    listener.onResponse(this, rsp);
                } else if (rsp.isSuccess()) {                               // RFC 6026 §8.4
                    enter(ACCEPTED, rsp);
                    listener.onResponse(this, rsp);
                } else {                                                    // §17.1.1.2, 300-699
                    ack = ackFor(request, rsp);
                    transmit(ack);
                    enter(COMPLETED, rsp);
                    listener.onResponse(this, rsp);
                }
            }
            case COMPLETED -> {
                if (rsp.isFailure()) {                                      // retransmitted final: re-ACK, absorb
                    transmit(ack);
                }
            }
            case ACCEPTED -> {
                if (rsp.isSuccess()) {                                      // RFC 6026 §8.4: each 2xx to TU
                    listener.onResponse(this, rsp);
                }
            }
            default -> LOG.debug("{}: response {} ignored in {}", branch, rsp.statusCode(), state);
        }
    }

    private void onTimerA() {
        if (state == CALLING) {                                             // §17.1.1.2: retransmit, double A
            transmit(request);
            timerA = Duration.ofNanos(Math.multiplyExact(timerA.toNanos(), 2));
            timers.start(TimerName.A, timerA, this::onTimerA);
        }
    }

    private void onTimerB() {
        if (state == CALLING) {                                             // §17.1.1.2: timeout
            enter(TERMINATED, TimerName.B);
            listener.onTimeout(this);
        }
    }

    private void onTimerD() {
        if (state == COMPLETED) {
            enter(TERMINATED, TimerName.D);
        }
    }

    private void onTimerM() {
        if (state == ACCEPTED) {                                            // RFC 6026 §8.4
            enter(TERMINATED, TimerName.M);
        }
    }

    @Override
    void onTransportError(TransportException e) {
        switch (state) {
            case CALLING, PROCEEDING, COMPLETED -> {                        // §17.1.4; Figure 5 Completed edge
                enter(TERMINATED, e);
                listener.onTransportError(this, e);
            }
            default -> LOG.debug("{}: transport error ignored in {}: {}", branch, state, e.getMessage());
        }
    }

    @Override
    void armTimers(TransactionState previous, TransactionState next) {
        switch (next) {
            case CALLING -> {
                if (!reliable) {
                    timerA = config.timerA();
                    timers.start(TimerName.A, timerA, this::onTimerA);
                }
                timers.start(TimerName.B, config.timerB(), this::onTimerB);
            }
            case PROCEEDING -> {
                timers.cancel(TimerName.A);
                timers.cancel(TimerName.B);
            }
            case COMPLETED -> {
                timers.cancelAll();
                timers.start(TimerName.D, config.timerD(reliable), this::onTimerD);
            }
            case ACCEPTED -> {
                timers.cancelAll();
                timers.start(TimerName.M, config.timerM(), this::onTimerM);
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

    private void transmit(SipRequest r) {
        send(() -> layer.sender().sendRequest(r, destination));
    }

    /**
     * The ACK for a non-2xx final (§17.1.1.3): the INVITE's Request-URI, Call-ID, From and top Via
     * (only), the response's To (with its tag), CSeq number with method ACK, the INVITE's Route
     * headers, Max-Forwards 70.
     */
    static SipRequest ackFor(SipRequest invite, SipResponse rsp) {
        SipRequest.Builder b = SipRequest.builder(SipMethod.ACK, invite.requestUri())
                .vias(List.of(invite.topVia()))
                .maxForwards(70)
                .from(invite.from())
                .to(rsp.to())
                .callId(invite.callId())
                .cseq(invite.cseq().number(), SipMethod.ACK);
        for (String route : invite.headerValues(HeaderNames.ROUTE)) {
            b.header(HeaderNames.ROUTE, route);
        }
        return b.build();
    }
}
