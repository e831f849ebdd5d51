package io.dialtone.transport.internal;

import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("QueueDelayProbe: one probe in flight through the listening point's queue")
class QueueDelayProbeTest {
    private static final long MS = 1_000_000L;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private DatagramChannel listening;
    private QueueDelayProbe probe;

    @AfterEach
    void close() throws Exception {
        if (probe != null) {
            probe.close();
        }
        timer.shutdownNow();
        if (listening != null) {
            listening.close();
        }
    }

    private void open() throws Exception {
        listening = DatagramChannel.open();
        listening.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        listening.configureBlocking(true);
        probe = QueueDelayProbe.open((InetSocketAddress) listening.getLocalAddress(), timer);
        probe.start();
    }

    /** The next probe that reached the listening socket, as the event loop would read it. */
    private byte[] nextProbe() throws Exception {
        ByteBuffer in = ByteBuffer.allocate(64);
        listening.receive(in);
        in.flip();
        byte[] b = new byte[in.remaining()];
        in.get(b);
        return b;
    }

    private static long number(byte[] probe) {
        return ByteBuffer.wrap(probe).getLong(0);
    }

    private static long sentAt(byte[] probe) {
        return ByteBuffer.wrap(probe).getLong(8);
    }

    @Test
    void measuresHowLongAProbeWaitedAndShowsAStallWhileItLasts() throws Exception {
        open();
        byte[] first = nextProbe();
        byte[] second = nextProbe();
        assertThat(number(second)).isEqualTo(number(first) + 1);
        long t0 = sentAt(first);
        // neither read by the loop yet: the oldest one's age is the delay
        assertThat(probe.delayNanos(t0 + 400 * MS)).isEqualTo(400 * MS);
        probe.onProbe(Unpooled.wrappedBuffer(first), t0 + 250 * MS);
        // the first waited 250 ms; the second is older than that by now
        assertThat(probe.delayNanos(t0 + 250 * MS)).isGreaterThanOrEqualTo(250 * MS);
        probe.onProbe(Unpooled.wrappedBuffer(second), sentAt(second) + MS / 10);
        byte[] third = nextProbe();
        probe.onProbe(Unpooled.wrappedBuffer(third), sentAt(third) + MS / 10);
        while (probe.delayNanos(System.nanoTime()) > 20 * MS) {                // only younger probes in flight
            Thread.sleep(1);
        }
        assertThat(probe.delayNanos(sentAt(third) + MS / 5)).isLessThan(MS);   // the queue drained
    }

    @Test
    void readingAProbeSettlesTheLostOnesBeforeIt() throws Exception {
        open();
        byte[] lost = nextProbe();                                              // dropped by a full buffer
        byte[] next = nextProbe();
        assertThat(probe.delayNanos(sentAt(lost) + 3_000 * MS)).isEqualTo(3_000 * MS);
        probe.onProbe(Unpooled.wrappedBuffer(next), sentAt(next) + MS);
        assertThat(probe.delayNanos(sentAt(next) + MS)).isLessThan(20 * MS);    // no longer counts the lost one
    }

    @Test
    void anOverflowCountsAsAWaitSinceTheFirstProbeItDroppedUntilAProbeArrivesInTurn() throws Exception {
        open();
        byte[] first = nextProbe();
        byte[] lost = nextProbe();                                              // dropped: the buffer was full
        nextProbe();                                                            // dropped too
        byte[] fourth = nextProbe();
        nextProbe();                                                            // dropped after the fourth
        byte[] sixth = nextProbe();
        probe.onProbe(Unpooled.wrappedBuffer(first), sentAt(first) + MS);
        assertThat(probe.delayNanos(sentAt(first) + MS)).isLessThan(20 * MS);
        assertThat(probe.lostProbes()).isZero();

        // the fourth waited only 2 ms, but the buffer has overflowed since the second was sent
        long t = sentAt(lost) + 300 * MS;
        probe.onProbe(Unpooled.wrappedBuffer(fourth), t);
        assertThat(probe.lostProbes()).isEqualTo(2);
        assertThat(probe.delayNanos(t)).isEqualTo(300 * MS);
        probe.onProbe(Unpooled.wrappedBuffer(sixth), t + 10 * MS);              // still overflowing: the same start
        assertThat(probe.lostProbes()).isEqualTo(3);
        assertThat(probe.delayNanos(t + 10 * MS)).isEqualTo(310 * MS);

        byte[] seventh = nextProbe();
        probe.onProbe(Unpooled.wrappedBuffer(seventh), sentAt(seventh) + 2 * MS); // right after the sixth: over
        assertThat(probe.delayNanos(sentAt(seventh) + 2 * MS)).isLessThan(20 * MS);
    }

    /** Send-time gap to the next probe that arrives, in ms; {@code last}: its number and send time. */
    private long nextGapMillis(long[] last) throws Exception {
        byte[] p = nextProbe();
        assertThat(number(p)).as("probes numbered in turn at either rate").isEqualTo(last[0] + 1);
        long gap = (sentAt(p) - last[1]) / MS;
        last[0] = number(p);
        last[1] = sentAt(p);
        return gap;
    }

    @Test
    @DisplayName("probes every 100 ms while no read burst finds many datagrams, every 10 ms once one does")
    void probesSlowlyWhileQuietAndFastWhileBusy() throws Exception {
        listening = DatagramChannel.open();
        listening.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        // busy for 300 ms after a busy burst: longer than a quiet interval, as the default 1 s is, so
        // that a burst read between two quiet ticks still counts at the next one
        long hold = 3 * QueueDelayProbe.QUIET_INTERVAL_MILLIS * MS;
        probe = QueueDelayProbe.open((InetSocketAddress) listening.getLocalAddress(), timer, hold);
        probe.start();
        byte[] first = nextProbe();
        long[] last = {number(first), sentAt(first)};
        long deadline = System.nanoTime() + 5_000 * MS;
        // quiet after the first 300 ms: a probe per QUIET_INTERVAL_MILLIS (a loaded machine may add, never take away)
        long gap;
        do {
            gap = nextGapMillis(last);
        } while (gap < QueueDelayProbe.QUIET_INTERVAL_MILLIS - 5 && System.nanoTime() < deadline);
        assertThat(gap).isGreaterThanOrEqualTo(QueueDelayProbe.QUIET_INTERVAL_MILLIS - 5);
        assertThat(nextGapMillis(last)).isGreaterThanOrEqualTo(QueueDelayProbe.QUIET_INTERVAL_MILLIS - 5);

        // the event loop reads bursts of many datagrams: from the next tick on, the busy rate
        long min = Long.MAX_VALUE;
        for (int i = 0; i < 8; i++) {
            probe.busy(System.nanoTime());
            min = Math.min(min, nextGapMillis(last));
        }
        assertThat(min).isLessThan(QueueDelayProbe.QUIET_INTERVAL_MILLIS / 2);

        // no more busy bursts: back to the quiet rate once the hold is over
        do {
            gap = nextGapMillis(last);
        } while (gap < QueueDelayProbe.QUIET_INTERVAL_MILLIS - 5 && System.nanoTime() < deadline);
        assertThat(gap).isGreaterThanOrEqualTo(QueueDelayProbe.QUIET_INTERVAL_MILLIS - 5);
    }

    @Test
    void aForgedOrReplayedProbeIsIgnored() throws Exception {
        open();
        byte[] real = nextProbe();
        byte[] later = nextProbe();
        long t0 = sentAt(real);

        byte[] forged = real.clone();
        forged[23] ^= 1;                                                          // wrong check
        probe.onProbe(Unpooled.wrappedBuffer(forged), t0 + 5_000 * MS);
        byte[] shifted = real.clone();
        shifted[15] ^= 1;                                                         // another send time
        probe.onProbe(Unpooled.wrappedBuffer(shifted), t0 + 5_000 * MS);
        probe.onProbe(Unpooled.wrappedBuffer(new byte[3]), t0 + 5_000 * MS);
        probe.onProbe(Unpooled.wrappedBuffer(later), sentAt(later) + MS);         // the real one counts
        probe.onProbe(Unpooled.wrappedBuffer(real), t0 + 9_000 * MS);             // older than the last read: replay
        assertThat(probe.delayNanos(sentAt(later) + MS)).isLessThan(20 * MS);
    }
}
