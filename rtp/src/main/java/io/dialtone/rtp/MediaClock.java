package io.dialtone.rtp;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Clock;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The media clock of one event loop: a single fixed-rate timer, every {@value #TICK_MS} ms, that serves
 * every started {@link RtpStream} bound to that loop (ARCHITECTURE.md, "Media"): each tick, each
 * stream sends a frame from its source, plays a frame from its jitter buffer into its sink, and sends
 * RTCP when due. One timer for a thousand calls, not a thread per call.
 *
 * <p>Threading: confined to its event loop. Streams register on {@code start} and unregister on
 * {@code stop}, on the loop; the timer runs only while at least one stream is registered.
 *
 * <p>Time: {@link #nanoTime()} is the injected monotonic clock used for packet arrival times, ticks
 * and RTCP scheduling; {@link #wallClock()} anchors NTP timestamps in sender reports.
 */
public final class MediaClock {

    /** Tick period in milliseconds, the default ptime (RFC 3551 §4.5). */
    public static final int TICK_MS = 20;

    private static final Logger LOG = LoggerFactory.getLogger(MediaClock.class);

    private final EventLoop eventLoop;
    private final LongSupplier nanoTime;
    private final Clock wallClock;
    private RtpStream[] streams = new RtpStream[0];
    private ScheduledFuture<?> timer;

    private MediaClock(EventLoop eventLoop, LongSupplier nanoTime, Clock wallClock) {
        this.eventLoop = Objects.requireNonNull(eventLoop, "eventLoop");
        this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
        this.wallClock = Objects.requireNonNull(wallClock, "wallClock");
    }

    /**
     * Creates the media clock of a loop using {@link System#nanoTime()} and the UTC system clock.
     * Create one per event loop and share it among that loop's streams.
     *
     * @param eventLoop the loop whose streams this clock serves; for now an NIO loop
     *                  ({@code MultiThreadIoEventLoopGroup} with {@code NioIoHandler.newFactory()})
     * @return a new clock, idle until a stream starts
     */
    public static MediaClock create(EventLoop eventLoop) {
        return create(eventLoop, System::nanoTime, Clock.systemUTC());
    }

    /**
     * Creates a media clock with injected time sources, for tests and simulations.
     *
     * @param eventLoop the loop whose streams this clock serves
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
        return streams.length;
    }

    /**
     * Adds a stream to the tick list; {@link RtpStream#start} does this. Idempotent.
     *
     * @param stream a stream opened on this clock
     * @throws IllegalStateException if not called on the clock's event loop
     */
    public void register(RtpStream stream) {
        checkLoop();
        if (Arrays.asList(streams).contains(stream)) {
            return;
        }
        streams = Arrays.copyOf(streams, streams.length + 1);
        streams[streams.length - 1] = stream;
        if (timer == null) {
            timer = eventLoop.scheduleAtFixedRate(this::tick, TICK_MS, TICK_MS, TimeUnit.MILLISECONDS);
        }
    }

    /**
     * Removes a stream from the tick list; {@link RtpStream#stop} does this. Idempotent. The timer
     * stops when no stream is left.
     *
     * @param stream a registered stream
     * @throws IllegalStateException if not called on the clock's event loop
     */
    public void unregister(RtpStream stream) {
        checkLoop();
        int i = Arrays.asList(streams).indexOf(stream);
        if (i < 0) {
            return;
        }
        RtpStream[] next = new RtpStream[streams.length - 1];
        System.arraycopy(streams, 0, next, 0, i);
        System.arraycopy(streams, i + 1, next, i, streams.length - i - 1);
        streams = next;
        if (streams.length == 0 && timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    private void checkLoop() {
        if (!eventLoop.inEventLoop()) {
            throw new IllegalStateException("MediaClock used off its event loop");
        }
    }

    /** One tick: serves every registered stream; a failing stream is logged and does not stop others. */
    void tick() {
        long now = nanoTime.getAsLong();
        for (RtpStream stream : streams) { // the array is replaced, never mutated, on (un)register
            try {
                stream.tick(now);
            } catch (RuntimeException e) {
                LOG.error("media tick failed for {}", stream, e);
            }
        }
    }
}
