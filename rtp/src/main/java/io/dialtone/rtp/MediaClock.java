package io.dialtone.rtp;

import io.netty.channel.EventLoop;
import io.netty.channel.IoEventLoop;
import io.netty.channel.epoll.EpollIoHandle;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Clock;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The media clock of one event loop: one timer that serves every started {@link RtpStream} bound to
 * that loop (ARCHITECTURE.md, "Media"). Each stream is ticked once every {@value #TICK_MS} ms and, on
 * its tick, sends a frame from its source, plays a frame from its jitter buffer into its sink, and
 * sends RTCP when due. One timer for a thousand calls, not a thread per call.
 *
 * <p>Phase slots: the {@value #TICK_MS} ms period is divided into {@value #SLOTS} slots of
 * {@value #SLOT_MS} ms, and each stream, when it registers, is given one slot: its phase within the
 * period. A stream's ticks fall at {@code epoch + slot·SLOT_MS + k·TICK_MS}, where the epoch is the
 * time the clock started, so each stream keeps its own exact 20 ms schedule while the streams of a busy
 * loop are spread over the period. A joining stream takes the first slot, in an order that halves the
 * period again and again (0, 10, 5, 15, 2, 12… ms), that holds fewer than {@value #SLOT_FILL} streams,
 * and once all hold that many, the emptiest; so with N streams a slot serves at most
 * max({@value #SLOT_FILL}, ⌈N / SLOTS⌉) of them (while streams only join; slots freed by leaving
 * streams are filled first), and a lightly loaded loop wakes only a few times per period. The timer
 * wakes only for slots that have streams. Serving all N streams in one tick instead would send a burst
 * of N packets, and the last stream of a large loop would leave milliseconds after its nominal time,
 * by an amount that varies with the work of the streams before it. A slot is served by the timer, or
 * a little early when a socket read on the loop finds it due ({@code poll}): up to half a slot on an NIO
 * loop, which spares it a busy wait (its selector waits in whole milliseconds), and up to
 * {@code 0.1 ms} on an epoll loop, whose timer has sub-millisecond resolution.
 *
 * <table>
 * <caption>Timing</caption>
 * <tr><th>Name</th><th>Value</th><th>Unit</th><th>Effect</th></tr>
 * <tr><td>{@link #TICK_MS}</td><td>{@value #TICK_MS}</td><td>ms</td><td>each stream's tick period</td></tr>
 * <tr><td>{@link #SLOT_MS}</td><td>{@value #SLOT_MS}</td><td>ms</td><td>phase granularity: streams of a
 * slot are served together</td></tr>
 * <tr><td>{@link #SLOTS}</td><td>{@value #SLOTS}</td><td>slots</td><td>phases per period</td></tr>
 * <tr><td>{@link #SLOT_FILL}</td><td>{@value #SLOT_FILL}</td><td>streams</td><td>streams a slot takes
 * before the next slot opens; up to this many streams a loop behaves as one 20 ms tick</td></tr>
 * </table>
 *
 * <p>Drift: deadlines are computed from the epoch, never from the previous wake-up, so a late wake-up
 * does not shift later ones. After a stall (a GC pause, a descheduled VM) every missed slot is served
 * in order, one period's worth per wake-up with the loop's socket reads in between, until the clock
 * has caught up; so each stream still gets one tick per {@value #TICK_MS} ms of elapsed time, and
 * reading keeps pace with sending meanwhile (as it did with one tick for all streams).
 *
 * <p>Threading: confined to its event loop. Streams register on {@code start} and unregister on
 * {@code stop}, on the loop; the timer runs only while at least one stream is registered.
 *
 * <p>Time: {@link #nanoTime()} is the injected monotonic clock used for packet arrival times, ticks,
 * slot deadlines and RTCP scheduling; the event loop's own scheduler must run on the same time base
 * (it does: both are {@link System#nanoTime()} in production, or the same mock ticker in tests).
 * {@link #wallClock()} anchors NTP timestamps in sender reports.
 */
public final class MediaClock {

    /** Tick period of each stream in milliseconds, the default ptime (RFC 3551 §4.5). */
    public static final int TICK_MS = 20;
    /** Phase slot width in milliseconds: the granularity at which streams' ticks are spread. */
    public static final int SLOT_MS = 1;
    /** Phase slots per tick period. */
    public static final int SLOTS = TICK_MS / SLOT_MS;
    /** Streams a slot takes before the next slot is opened: a burst of this many is short (~0.2 ms). */
    public static final int SLOT_FILL = 25;

    private static final long SLOT_NANOS = TimeUnit.MILLISECONDS.toNanos(SLOT_MS);
    /** How early a slot may be served by {@link #poll} on an NIO loop (millisecond timers), ns: half a slot. */
    static final long EARLY_NANOS = SLOT_NANOS / 2;
    /** How early a slot may be served on an epoll loop (nanosecond timers), ns: saves a wake-up when a read is that close. */
    static final long PRECISE_EARLY_NANOS = TimeUnit.MICROSECONDS.toNanos(100);
    /** Slot preference for ties: successive halvings of the period, so joining streams spread evenly. */
    private static final int[] SPREAD_ORDER = spreadOrder();
    private static final Member[] NONE = new Member[0];

    private static final Logger LOG = LoggerFactory.getLogger(MediaClock.class);

    /** A stream's place on the clock. */
    private record Member(Object owner, LongConsumer tick, int slot) {
    }

    private final EventLoop eventLoop;
    private final LongSupplier nanoTime;
    private final Clock wallClock;
    private final Member[][] bySlot = new Member[SLOTS][];
    private final Map<Object, Member> members = new IdentityHashMap<>();
    /** {@link #EARLY_NANOS} or, on an epoll loop, {@link #PRECISE_EARLY_NANOS}. */
    private final long earlyNanos;
    private long epochNanos;
    /** Absolute index of the next slot occurrence to serve: its deadline is epoch + next·SLOT_NANOS. */
    private long next;
    private ScheduledFuture<?> timer;
    private long timerIndex;

    private MediaClock(EventLoop eventLoop, LongSupplier nanoTime, Clock wallClock) {
        this.eventLoop = Objects.requireNonNull(eventLoop, "eventLoop");
        this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
        this.wallClock = Objects.requireNonNull(wallClock, "wallClock");
        this.earlyNanos = eventLoop instanceof IoEventLoop io && io.isCompatible(EpollIoHandle.class)
                ? PRECISE_EARLY_NANOS : EARLY_NANOS;
        Arrays.fill(bySlot, NONE);
    }

    /**
     * Creates the media clock of a loop using {@link System#nanoTime()} and the UTC system clock.
     * Create one per event loop and share it among that loop's streams.
     *
     * @param eventLoop the loop whose streams this clock serves: an NIO or epoll loop
     *                  ({@code MultiThreadIoEventLoopGroup} with {@code NioIoHandler.newFactory()} or
     *                  {@code EpollIoHandler.newFactory()})
     * @return a new clock, idle until a stream starts
     */
    public static MediaClock create(EventLoop eventLoop) {
        return create(eventLoop, System::nanoTime, Clock.systemUTC());
    }

    /**
     * Creates a media clock with injected time sources, for tests and simulations.
     *
     * @param eventLoop the loop whose streams this clock serves; its scheduler must use the same time
     *                  base as {@code nanoTime}
     * @param nanoTime  monotonic time in nanoseconds
     * @param wallClock wall-clock time for RTCP NTP timestamps
     * @return a new clock, idle until a stream starts
     */
    public static MediaClock create(EventLoop eventLoop, LongSupplier nanoTime, Clock wallClock) {
        return new MediaClock(eventLoop, nanoTime, wallClock);
    }

    /** @return the event loop this clock and its streams run on */
    public EventLoop eventLoop() {
        return eventLoop;
    }

    /** @return monotonic time now, in nanoseconds, from the injected source */
    public long nanoTime() {
        return nanoTime.getAsLong();
    }

    /** @return the wall clock used for NTP timestamps */
    public Clock wallClock() {
        return wallClock;
    }

    /** @return number of registered streams */
    public int streamCount() {
        return members.size();
    }

    /**
     * Adds a stream to the clock in the emptiest phase slot; {@link RtpStream#start} does this.
     * Idempotent. The stream's first tick is the next occurrence of its slot.
     *
     * @param stream a stream opened on this clock
     * @throws IllegalStateException if not called on the clock's event loop
     */
    public void register(RtpStream stream) {
        join(stream, stream::tick);
    }

    /**
     * Removes a stream from the clock; {@link RtpStream#stop} does this. Idempotent. The timer stops
     * when no stream is left.
     *
     * @param stream a registered stream
     * @throws IllegalStateException if not called on the clock's event loop
     */
    public void unregister(RtpStream stream) {
        leave(stream);
    }

    /**
     * Adds a member ticked every {@value #TICK_MS} ms in the emptiest slot; idempotent by identity.
     *
     * @return the member's phase slot, 0 to {@value #SLOTS} − 1
     */
    int join(Object owner, LongConsumer tick) {
        checkLoop();
        Member existing = members.get(owner);
        if (existing != null) {
            return existing.slot();
        }
        int slot = slotForJoin();
        Member m = new Member(owner, tick, slot);
        members.put(owner, m);
        Member[] old = bySlot[slot];
        Member[] grown = Arrays.copyOf(old, old.length + 1); // replaced, never mutated: a tick may iterate it
        grown[old.length] = m;
        bySlot[slot] = grown;
        if (members.size() == 1) {
            epochNanos = nanoTime.getAsLong();
            next = SLOTS; // the first stream's first tick one period from now, as before slots existed
        }
        arm();
        return slot;
    }

    /** Removes a member; idempotent. */
    void leave(Object owner) {
        checkLoop();
        Member m = members.remove(owner);
        if (m == null) {
            return;
        }
        Member[] old = bySlot[m.slot()];
        int i = Arrays.asList(old).indexOf(m);
        Member[] shrunk = new Member[old.length - 1];
        System.arraycopy(old, 0, shrunk, 0, i);
        System.arraycopy(old, i + 1, shrunk, i, old.length - i - 1);
        bySlot[m.slot()] = shrunk.length == 0 ? NONE : shrunk;
        if (members.isEmpty() && timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    /** @return how early {@link #poll} and the timer may serve a slot, ns: depends on the loop's timer resolution */
    long earlyNanos() {
        return earlyNanos;
    }

    /** @return the number of members in {@code slot} */
    int slotSize(int slot) {
        return bySlot[slot].length;
    }

    /**
     * The slot for a joining stream: the first slot, in spread order, that has fewer than
     * {@value #SLOT_FILL} streams, so that a lightly loaded loop wakes up only a few times per period;
     * once every slot has that many, the emptiest slot (the earliest in spread order among equals).
     */
    private int slotForJoin() {
        int best = SPREAD_ORDER[0];
        for (int slot : SPREAD_ORDER) {
            int size = bySlot[slot].length;
            if (size < SLOT_FILL) {
                return slot;
            }
            if (size < bySlot[best].length) {
                best = slot;
            }
        }
        return best;
    }

    private void checkLoop() {
        if (!eventLoop.inEventLoop()) {
            throw new IllegalStateException("MediaClock used off its event loop");
        }
    }

    /** Schedules the timer for the next occupied slot, unless it is already set for exactly that one. */
    private void arm() {
        long k = next;
        long end = next + SLOTS;
        while (k < end && bySlot[(int) (k % SLOTS)].length == 0) {
            k++;
        }
        if (k == end) {
            return; // no member: leave() has cancelled the timer
        }
        if (timer != null) {
            if (timerIndex == k) {
                return;
            }
            timer.cancel(false);
        }
        timerIndex = k;
        long delay = epochNanos + k * SLOT_NANOS - nanoTime.getAsLong();
        timer = eventLoop.schedule(this::onTimer, Math.max(0, delay), TimeUnit.NANOSECONDS);
    }

    private void onTimer() {
        timer = null;
        long now = nanoTime.getAsLong();
        serveDue(now, now + earlyNanos);
        if (!members.isEmpty()) {
            arm();
        }
    }

    /**
     * Called by the loop's sockets after each datagram they read, with its arrival time: when the next
     * slot is due within {@link #EARLY_NANOS} ({@link #PRECISE_EARLY_NANOS} on an epoll loop), serves it
     * now and re-arms the timer for the one after.
     * This is what keeps the loop from spinning: an NIO selector waits in whole milliseconds, so a loop
     * woken less than half a millisecond before its next timer deadline would poll the selector without
     * blocking until then (Netty rounds the wait to 0 ms), at 1,000 deadlines a second a large share of
     * a busy loop's time. Served from here, a slot leaves at most half a slot early; served by the timer,
     * at most about half a millisecond late. On the loop only; cheap when nothing is due (one compare).
     *
     * @param nowNanos the current time (a datagram's arrival time)
     */
    void poll(long nowNanos) {
        if (timer != null && nowNanos >= epochNanos + timerIndex * SLOT_NANOS - earlyNanos) {
            serveDue(nowNanos, nowNanos + earlyNanos);
            if (!members.isEmpty()) {
                arm();
            }
        }
    }

    /**
     * Serves, in order, the slot occurrences whose deadline is at or before {@code horizon}, at most one
     * period's worth ({@value #SLOTS} slots, so each stream at most one tick): when more are due (the
     * loop is behind after a stall) the rest are served on the next wake-up, which is immediate but
     * comes after the loop has read its sockets, so that reading keeps pace with sending while the clock
     * catches up. A failing member is logged and does not stop the others.
     *
     * @param now     the time given to the members' ticks
     * @param horizon serve deadlines up to this time: {@code now} plus the allowed earliness
     */
    void serveDue(long now, long horizon) {
        for (int budget = SLOTS; budget > 0 && epochNanos + next * SLOT_NANOS <= horizon; budget--) {
            Member[] due = bySlot[(int) (next % SLOTS)];
            next++;
            for (Member m : due) {
                try {
                    m.tick().accept(now);
                } catch (RuntimeException e) {
                    LOG.error("media tick failed for {}", m.owner(), e);
                }
            }
            if (members.isEmpty()) {
                return;
            }
        }
    }

    private static int[] spreadOrder() {
        int[] order = new int[SLOTS];
        boolean[] taken = new boolean[SLOTS];
        int n = 0;
        for (int i = 0; n < SLOTS; i++) {
            int slot = (int) (Integer.toUnsignedLong(Integer.reverse(i)) * 0x1p-32 * SLOTS); // van der Corput: 0, ½, ¼, ¾…
            if (!taken[slot]) {
                taken[slot] = true;
                order[n++] = slot;
            }
        }
        return order;
    }
}
