package io.dialtone.rtp;

import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
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
 */
public final class MediaEngine implements AutoCloseable {
    private final EventLoopGroup group;
    private final List<MediaClock> clocks = new ArrayList<>();
    private final AtomicInteger next = new AtomicInteger();

    private MediaEngine(int threads) {
        this.group = new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory("dialtone-media", true),
                NioIoHandler.newFactory());
        for (int i = 0; i < threads; i++) {
            clocks.add(MediaClock.create((EventLoop) group.next()));
        }
    }

    /**
     * Starts {@code threads} media event loops (daemon threads named {@code dialtone-media-*}).
     *
     * @throws IllegalArgumentException if {@code threads} is below 1
     */
    public static MediaEngine create(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1");
        }
        return new MediaEngine(threads);
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
