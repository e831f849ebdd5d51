package io.dialtone.transaction;

import java.time.Duration;
import java.util.Objects;

/**
 * The three base intervals of RFC 3261 §17.1.1.1 and Table 4, and every transaction timer derived
 * from them. Immutable.
 *
 * <table>
 *   <caption>Base intervals</caption>
 *   <tr><th>Name</th><th>Default</th><th>Effect</th></tr>
 *   <tr><td>T1</td><td>500 ms</td><td>RTT estimate; first retransmit interval, 64·T1 timeouts</td></tr>
 *   <tr><td>T2</td><td>4 s</td><td>cap of the non-INVITE request and INVITE response retransmit interval</td></tr>
 *   <tr><td>T4</td><td>5 s</td><td>maximum time a message stays in the network</td></tr>
 * </table>
 *
 * @param t1 round-trip time estimate, positive
 * @param t2 maximum retransmit interval, at least {@code t1}
 * @param t4 maximum message lifetime in the network, positive
 */
public record TimerConfig(Duration t1, Duration t2, Duration t4) {

    /** RFC 3261 Table 4 values: T1 = 500 ms, T2 = 4 s, T4 = 5 s. */
    public static final TimerConfig DEFAULT =
            new TimerConfig(Duration.ofMillis(500), Duration.ofSeconds(4), Duration.ofSeconds(5));

    /** Timer D on unreliable transports: "at least 32 seconds" (§17.1.1.2). */
    public static final Duration TIMER_D_UNRELIABLE = Duration.ofSeconds(32);

    /** How long an INVITE server transaction waits for the TU's provisional before sending 100 Trying (§17.2.1). */
    public static final Duration TRYING_DELAY = Duration.ofMillis(200);

    /**
     * @throws IllegalArgumentException if an interval is not positive or {@code t2 < t1}
     */
    public TimerConfig {
        Objects.requireNonNull(t1, "t1");
        Objects.requireNonNull(t2, "t2");
        Objects.requireNonNull(t4, "t4");
        if (t1.isNegative() || t1.isZero() || t2.isNegative() || t2.isZero() || t4.isNegative() || t4.isZero()) {
            throw new IllegalArgumentException("T1, T2 and T4 must be positive: " + t1 + ", " + t2 + ", " + t4);
        }
        if (t2.compareTo(t1) < 0) {
            throw new IllegalArgumentException("T2 " + t2 + " is below T1 " + t1);
        }
    }

    /** Timer A, initial value: T1; doubles on each firing without cap (§17.1.1.2). */
    public Duration timerA() {
        return t1;
    }

    /** Timer B: 64·T1 (§17.1.1.2). */
    public Duration timerB() {
        return t1Times(64);
    }

    /** Timer D: 32 s for unreliable transports, zero for reliable ones (§17.1.1.2). */
    public Duration timerD(boolean reliable) {
        return reliable ? Duration.ZERO : TIMER_D_UNRELIABLE;
    }

    /** Timer E, initial value: T1 (§17.1.2.2); see {@link #nextRetransmit(Duration)}. */
    public Duration timerE() {
        return t1;
    }

    /** Timer F: 64·T1 (§17.1.2.2). */
    public Duration timerF() {
        return t1Times(64);
    }

    /** Timer G, initial value: T1 (§17.2.1); see {@link #nextRetransmit(Duration)}. */
    public Duration timerG() {
        return t1;
    }

    /** Timer H: 64·T1 (§17.2.1). */
    public Duration timerH() {
        return t1Times(64);
    }

    /** Timer I: T4 for unreliable transports, zero for reliable ones (§17.2.1). */
    public Duration timerI(boolean reliable) {
        return reliable ? Duration.ZERO : t4;
    }

    /** Timer J: 64·T1 for unreliable transports, zero for reliable ones (§17.2.2). */
    public Duration timerJ(boolean reliable) {
        return reliable ? Duration.ZERO : t1Times(64);
    }

    /** Timer K: T4 for unreliable transports, zero for reliable ones (§17.1.2.2). */
    public Duration timerK(boolean reliable) {
        return reliable ? Duration.ZERO : t4;
    }

    /** Timer L: 64·T1 (RFC 6026 §8.7). */
    public Duration timerL() {
        return t1Times(64);
    }

    /** Timer M: 64·T1 (RFC 6026 §8.4). */
    public Duration timerM() {
        return t1Times(64);
    }

    /** The E/G interval after {@code previous}: {@code min(2·previous, T2)} (§17.1.2.2, §17.2.1). */
    public Duration nextRetransmit(Duration previous) {
        Duration doubled = Duration.ofNanos(Math.multiplyExact(previous.toNanos(), 2));
        return doubled.compareTo(t2) < 0 ? doubled : t2;
    }

    /**
     * The initial duration of {@code timer} on a reliable or unreliable transport; for the
     * retransmission timers A, E and G the first interval (they are not started on reliable
     * transports).
     */
    public Duration initial(TimerName timer, boolean reliable) {
        return switch (timer) {
            case A -> timerA();
            case B -> timerB();
            case D -> timerD(reliable);
            case E -> timerE();
            case F -> timerF();
            case G -> timerG();
            case H -> timerH();
            case I -> timerI(reliable);
            case J -> timerJ(reliable);
            case K -> timerK(reliable);
            case L -> timerL();
            case M -> timerM();
        };
    }

    /**
     * {@code k}·T1, by integer arithmetic ({@link Duration#multipliedBy} goes through
     * {@code BigDecimal}, which showed up in the allocation profile of every transaction at load).
     *
     * @throws ArithmeticException when the product overflows a {@code long} of nanoseconds
     */
    public Duration t1Times(int k) {
        return Duration.ofNanos(Math.multiplyExact(t1.toNanos(), k));
    }
}
