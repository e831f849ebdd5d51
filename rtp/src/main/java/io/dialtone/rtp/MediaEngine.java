package io.dialtone.rtp;

import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.concurrent.DefaultThreadFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Owns the media event loops and one {@link MediaClock} per loop (ARCHITECTURE.md "Media"): one
 * timer per loop serves every stream on it, each every 20 ms at its own phase within the period (see
 * {@link MediaClock}), not a thread per call. Streams are spread over
 * the loops round-robin. Thread-safe; keeps Netty types out of upper layers' signatures.
 *
 * <p>I/O: by default the best the platform has ({@link Io#best()}): where Netty's native epoll transport
 * loads (Linux x86-64), epoll loops ({@link Io#EPOLL}), whose timers wait on a {@code timerfd} with
 * nanosecond resolution, so each 1 ms phase slot of the media clock is served on time; elsewhere, or
 * on request, JDK NIO loops ({@link Io#NIO}), whose selector waits in whole milliseconds. The RTP
 * sockets are native sockets on an epoll loop and JDK {@code DatagramChannel}s on an NIO loop; streams
 * behave the same on both.
 */
public final class MediaEngine implements AutoCloseable {

    /** The kind of event loop the media runs on. */
    public enum Io {
        /** Netty's native epoll transport (Linux): sub-millisecond timers. */
        EPOLL,
        /** JDK NIO selector: portable; timers in whole milliseconds. */
        NIO;

        /** @return {@link #EPOLL} where Netty's native epoll transport is available, else {@link #NIO} */
        public static Io best() {
            return Epoll.isAvailable() ? EPOLL : NIO;
        }
    }

    private final EventLoopGroup group;
    private final Io io;
    private final List<MediaClock> clocks = new ArrayList<>();
    private final AtomicInteger next = new AtomicInteger();

    private MediaEngine(int threads, Io io) {
        IoHandlerFactory factory = io == Io.EPOLL ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        this.io = io;
        this.group = new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory("dialtone-media", true), factory);
        for (int i = 0; i < threads; i++) {
            clocks.add(MediaClock.create((EventLoop) group.next()));
        }
    }

    /**
     * Starts {@code threads} media event loops (daemon threads named {@code dialtone-media-*}) of the
     * best kind available ({@link Io#best()}: epoll on Linux x86-64, else NIO). Measured at 500 streams
     * (benchmarks/RESULTS.md), epoll loops pace each stream within 0.13–0.22 ms at p99 where NIO's
     * whole-millisecond selector gives 0.85–0.99 ms, and cost about 12 % less CPU per packet; both
     * allocate nothing per packet but the statistics snapshots (36 vs 50 B per packet).
     *
     * @throws IllegalArgumentException if {@code threads} is below 1
     */
    public static MediaEngine create(int threads) {
        return create(threads, Io.best());
    }

    /**
     * Starts {@code threads} media event loops of the given kind.
     *
     * @throws IllegalArgumentException if {@code threads} is below 1
     * @throws UnsupportedOperationException if {@code io} is {@link Io#EPOLL} and Netty's native epoll
     *                                       transport is not available (not Linux x86-64), with the cause
     */
    public static MediaEngine create(int threads, Io io) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1");
        }
        if (io == Io.EPOLL && !Epoll.isAvailable()) {
            throw new UnsupportedOperationException("native epoll is not available", Epoll.unavailabilityCause());
        }
        return new MediaEngine(threads, java.util.Objects.requireNonNull(io, "io"));
    }

    /** @return the kind of event loop this engine's media runs on */
    public Io io() {
        return io;
    }

    /**
     * Binds a new RTP/RTCP socket pair on the next loop (see {@link RtpStream#open}).
     *
     * @throws java.io.UncheckedIOException when no port pair can be bound
     */
    public RtpStream open(RtpStreamConfig config) {
        MediaClock clock = clocks.get(Math.floorMod(next.getAndIncrement(), clocks.size()));
        return RtpStream.open(config, clock);
    }

    /** Number of streams currently ticking on all loops. */
    public int activeStreams() {
        int n = 0;
        for (MediaClock c : clocks) {
            n += c.streamCount();
        }
        return n;
    }

    /** Stops the loops, waiting up to 2 s; streams still open are closed with them. */
    @Override
    public void close() {
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
    }
}
