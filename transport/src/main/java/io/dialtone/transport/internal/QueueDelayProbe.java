package io.dialtone.transport.internal;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DatagramPacket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Measures how long datagrams wait in a UDP listening point's receive queue, for overload
 * shedding at the socket (issue 4). A separate socket sends a small numbered probe datagram to the
 * listening point from a timer thread, every {@link #INTERVAL_MILLIS} ms while the listening point is
 * busy and every {@link #QUIET_INTERVAL_MILLIS} ms while it is quiet (below); this handler, first in the
 * channel's pipeline, takes probes out of the stream before anything else sees them, and the time
 * from a probe's send to its read is exactly the wait of a datagram at that place in the queue,
 * whatever keeps the event loop busy (its own work, a long callback, a collector pause). The oldest
 * probe sent after the last one read is still in the queue (or was dropped by a full buffer), so
 * its age is a lower bound of the current wait: a stall shows at once, not when it ends. The queue
 * is first in, first out, so reading probe {@code n} settles every earlier one, lost or not.
 *
 * <p>A probe that never arrives, while later ones do, was dropped by the kernel because the
 * receive buffer was full: datagrams were being lost whatever their wait. Such an overflow counts
 * as a wait that began when the first probe it dropped was sent, and goes on until a probe is read
 * right after the one before it again: a datagram the full buffer dropped has, in effect, waited
 * since then. Without this the measured wait is capped by what the buffer holds (4 MiB of small
 * datagrams drains in well under 200 ms at tens of thousands of datagrams a second), so a socket
 * overflowing for seconds looked barely loaded, and the kernel, not the stack, chose what to drop:
 * ACKs and BYEs as readily as new INVITEs. A short overflow, such as a collector pause at a high
 * but sustainable rate, stays a short wait, which the sender's retransmission covers. Only probes
 * the kernel accepted are numbered, so a probe the probe's own socket could not send is not taken
 * for one lost at the listening point.
 *
 * <p>Why not infer it from read bursts: a burst that fills up only says the queue was not empty,
 * and at a high call rate a loop with a third of its time idle still finds some datagrams queued
 * at every burst; that signal shed calls at half the UAS's capacity with no request waiting long.
 *
 * <p>A probe is 24 bytes: its number, its send time and a keyed check of both; a datagram from the
 * probe's address without a valid check, or older than the last probe read, is dropped, so another
 * sender cannot feed it delays.
 *
 * <p>Busy or quiet: the event loop calls {@link #busy} for each read burst that found many datagrams
 * queued, the only bursts whose wait shedding looks at. For {@link #BUSY_HOLD_MILLIS} ms after one,
 * probes go every {@link #INTERVAL_MILLIS} ms; otherwise every {@link #QUIET_INTERVAL_MILLIS} ms, so
 * that an idle user agent is not woken 100 times a second (on a virtual machine each wake-up of an
 * idle core costs tens of microseconds). A stall that begins while the listening point is quiet is
 * still measured: the first probe sent during it, at most {@link #QUIET_INTERVAL_MILLIS} ms after it
 * began, waits behind what queues up, so the wait shows that much later at most. Cost: 100 datagrams
 * a second while busy, 10 while quiet.
 *
 * <p>Threading: {@link #delayNanos} and the pipeline callbacks run on the channel's event loop;
 * probes are sent from the given timer thread; what they share (the last number sent, the send
 * times) is atomic.
 */
@ChannelHandler.Sharable
public final class QueueDelayProbe extends ChannelInboundHandlerAdapter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(QueueDelayProbe.class);
    /** How often a probe is sent while the listening point is busy: every 10 ms. */
    public static final long INTERVAL_MILLIS = 10;
    /** How often a probe is sent while it is quiet: every 100 ms. */
    public static final long QUIET_INTERVAL_MILLIS = 100;
    /**
     * How long after a read burst of many datagrams the listening point counts as busy: 1 s. Longer
     * than {@link #QUIET_INTERVAL_MILLIS}, so that a burst read between two quiet ticks still counts
     * at the next one.
     */
    public static final long BUSY_HOLD_MILLIS = 1_000;
    /** Send times remembered, by probe number: 10.24 s of probes. */
    static final int SENT_TIMES = 1024;
    private static final int PROBE_BYTES = 24;

    private final DatagramChannel socket;
    private final InetSocketAddress from;
    private final InetSocketAddress target;
    private final long key = new java.security.SecureRandom().nextLong();
    private final AtomicLong lastSent = new AtomicLong();             // number of the last probe sent; 0 none
    private final AtomicLongArray sentTimes = new AtomicLongArray(SENT_TIMES);
    private final ByteBuffer out = ByteBuffer.allocate(PROBE_BYTES);  // timer thread only
    private final ScheduledExecutorService timer;
    private final long busyHoldNanos;
    private volatile long lastBusyNanos;                              // event loop writes, timer thread reads
    private volatile boolean closed;
    private ScheduledFuture<?> task;                                  // the next tick; guarded by this
    private long lastRead;                                            // event loop: number of the last probe read
    private long lastDelay;                                           // event loop: its wait
    private boolean afterGap;                                         // event loop: probes were lost before lastRead
    private long overflowSince;                                       // event loop: if so, when the first was sent
    private long lostProbes;                                          // event loop: probes dropped so far

    private QueueDelayProbe(DatagramChannel socket, InetSocketAddress target, ScheduledExecutorService timer,
                            long busyHoldNanos) throws IOException {
        this.socket = socket;
        this.from = (InetSocketAddress) socket.getLocalAddress();
        this.target = target;
        this.timer = timer;
        this.busyHoldNanos = busyHoldNanos;
    }

    /**
     * Once in the pipeline, starts sending: Netty passes datagrams around a handler whose addition
     * from another thread has not yet run on the event loop, and a probe read then would reach the
     * SIP handler as garbage.
     */
    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        start();
    }

    /**
     * Starts sending probes (called by {@link #handlerAdded}; tests without a channel call it), at the
     * busy rate for the first {@link #BUSY_HOLD_MILLIS} ms.
     */
    public synchronized void start() {
        if (task == null && !closed) {
            lastBusyNanos = System.nanoTime();
            task = timer.schedule(this::tick, 0, TimeUnit.MILLISECONDS);
        }
    }

    /**
     * A read burst that began at {@code nowNanos} found many datagrams queued: probe at the busy rate
     * for the next {@link #BUSY_HOLD_MILLIS} ms. On the event loop; one volatile write.
     */
    public void busy(long nowNanos) {
        lastBusyNanos = nowNanos;
    }

    /**
     * Opens a probe for the UDP listening point at {@code listening} (a wildcard address is
     * probed through the loopback address of its family); it sends nothing before {@link #start}.
     *
     * @throws IOException when the probe's socket cannot be opened
     */
    public static QueueDelayProbe open(InetSocketAddress listening, ScheduledExecutorService timer) throws IOException {
        return open(listening, timer, TimeUnit.MILLISECONDS.toNanos(BUSY_HOLD_MILLIS));
    }

    /** As {@link #open(InetSocketAddress, ScheduledExecutorService)}, busy for {@code busyHoldNanos} after a busy burst. */
    static QueueDelayProbe open(InetSocketAddress listening, ScheduledExecutorService timer, long busyHoldNanos)
            throws IOException {
        InetAddress address = listening.getAddress();
        boolean v6 = address instanceof java.net.Inet6Address;
        if (address.isAnyLocalAddress()) {
            address = InetAddress.getByName(v6 ? "::1" : "127.0.0.1");
        }
        DatagramChannel socket = DatagramChannel.open(v6 ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET);
        try {
            socket.configureBlocking(false);
            socket.bind(new InetSocketAddress(address, 0));
            return new QueueDelayProbe(socket, new InetSocketAddress(address, listening.getPort()), timer, busyHoldNanos);
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    /** On the timer thread: sends the next probe and schedules the one after it. */
    void tick() {
        send();
        long next = System.nanoTime() - lastBusyNanos < busyHoldNanos ? INTERVAL_MILLIS : QUIET_INTERVAL_MILLIS;
        synchronized (this) {
            if (!closed) {
                try {
                    task = timer.schedule(this::tick, next, TimeUnit.MILLISECONDS);
                } catch (RejectedExecutionException e) { // the timer was shut down
                    LOG.debug("queue-delay probe to {} stopped: its timer was shut down", target);
                }
            }
        }
    }

    private void send() {
        long n = lastSent.get() + 1;                       // reused until a probe is sent
        long sentAt = System.nanoTime();
        sentTimes.set((int) (n & (SENT_TIMES - 1)), sentAt);
        out.clear();
        out.putLong(n).putLong(sentAt).putLong(check(n, sentAt)).flip();
        try {
            if (socket.send(out, target) > 0) {
                lastSent.set(n);                           // after its time: the loop reads them in this order
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("queue-delay probe to {} not sent: {}", target, e.toString());
        }
    }

    private long check(long n, long sentAt) {
        long h = (sentAt ^ key) * 0x9e3779b97f4a7c15L + n;
        h ^= h >>> 29;
        h *= 0xbf58476d1ce4e5b9L;
        h ^= h >>> 32;
        h *= 0x94d049bb133111ebL;
        return h ^ h >>> 29;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof DatagramPacket packet && from.equals(packet.sender())) {
            try {
                onProbe(packet.content(), System.nanoTime());
            } finally {
                packet.release();
            }
            return;
        }
        ctx.fireChannelRead(msg);
    }

    /** A datagram from the probe's address, read at {@code now}. */
    void onProbe(ByteBuf content, long now) {
        if (content.readableBytes() != PROBE_BYTES) {
            return;
        }
        int at = content.readerIndex();
        long n = content.getLong(at);
        long sentAt = content.getLong(at + 8);
        if (n > lastRead && content.getLong(at + 16) == check(n, sentAt)) {
            boolean gap = lastRead > 0 && n > lastRead + 1;       // the kernel dropped the ones between
            if (gap) {
                lostProbes += n - lastRead - 1;
                if (!afterGap) {                                  // a new overflow: since the first lost probe
                    overflowSince = sentTimeFrom(lastRead + 1);
                }
            }
            afterGap = gap;
            lastRead = n;
            lastDelay = Math.max(0, now - sentAt);
        }
    }

    /**
     * How long a datagram read at {@code nowNanos} has waited in the queue, at least: the last
     * probe's wait, or the age of the oldest probe sent since, if that is longer, or while the buffer
     * overflows (the kernel dropped the probes before the last one read) the time since the first
     * probe it dropped was sent. On the event loop.
     */
    public long delayNanos(long nowNanos) {
        long wait = afterGap ? Math.max(lastDelay, nowNanos - overflowSince) : lastDelay;
        long sent = lastSent.get();
        if (sent <= lastRead) {
            return wait;
        }
        return Math.max(wait, nowNanos - sentTimeFrom(lastRead + 1));
    }

    /**
     * When probe {@code n} was sent, or the oldest probe whose time is still remembered if {@code n}'s
     * slot has been reused since: a time no earlier than {@code n}'s.
     */
    private long sentTimeFrom(long n) {
        long oldest = Math.max(n, lastSent.get() - SENT_TIMES + 1);
        return sentTimes.get((int) (oldest & (SENT_TIMES - 1)));
    }

    /** Probes the kernel dropped at the listening point (a full receive buffer) so far. On the event loop. */
    public long lostProbes() {
        return lostProbes;
    }

    /** Stops sending and closes the probe's socket. */
    @Override
    public synchronized void close() {
        closed = true;
        if (task != null) {
            task.cancel(false);
        }
        try {
            socket.close();
        } catch (IOException e) {
            LOG.debug("closing the queue-delay probe: {}", e.toString());
        }
    }
}
