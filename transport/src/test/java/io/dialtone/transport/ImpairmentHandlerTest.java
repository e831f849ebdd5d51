package io.dialtone.transport;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.DatagramPacket;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Impairment of UDP datagrams through EmbeddedChannel")
class ImpairmentHandlerTest {
    static final InetSocketAddress PEER = new InetSocketAddress("127.0.0.1", 5070);
    static final InetSocketAddress US = new InetSocketAddress("127.0.0.1", 5060);

    final TransportMetrics metrics = new TransportMetrics();

    EmbeddedChannel channel(String spec) {
        EmbeddedChannel ch = new EmbeddedChannel(new ImpairmentHandler(ImpairmentConfig.parse(spec), metrics));
        ch.freezeTime();
        return ch;
    }

    static DatagramPacket datagram(int i, InetSocketAddress to, InetSocketAddress from) {
        return new DatagramPacket(Unpooled.copiedBuffer("m" + i, StandardCharsets.US_ASCII), to, from);
    }

    /** Reads and releases every inbound datagram, returning its text. */
    static List<String> drainInbound(EmbeddedChannel ch) {
        List<String> out = new ArrayList<>();
        for (DatagramPacket p; (p = ch.readInbound()) != null; ) {
            out.add(p.content().toString(StandardCharsets.US_ASCII));
            p.release();
        }
        return out;
    }

    static List<String> drainOutbound(EmbeddedChannel ch) {
        List<String> out = new ArrayList<>();
        for (DatagramPacket p; (p = ch.readOutbound()) != null; ) {
            out.add(p.content().toString(StandardCharsets.US_ASCII));
            p.release();
        }
        return out;
    }

    static List<String> feedInbound(EmbeddedChannel ch, int n) {
        List<String> got = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ch.writeInbound(datagram(i, US, PEER));
            got.addAll(drainInbound(ch));
        }
        ch.advanceTimeBy(1, TimeUnit.SECONDS);
        ch.runScheduledPendingTasks();
        got.addAll(drainInbound(ch));
        return got;
    }

    @Test
    void inboundLossIsDeterministicAndCounted() {
        String spec = "loss=20%,seed=42";
        EmbeddedChannel a = channel(spec);
        List<String> first = feedInbound(a, 500);
        assertThat(a.finish()).isFalse();
        long dropped = metrics.impairedDropped();
        EmbeddedChannel b = channel(spec);
        List<String> second = feedInbound(b, 500);
        assertThat(b.finish()).isFalse();

        assertThat(second).isEqualTo(first);
        assertThat(first.size() + dropped).isEqualTo(500);
        assertThat(dropped).isBetween(70L, 130L);
        assertThat(metrics.impairedDropped()).isEqualTo(2 * dropped);
    }

    @Test
    void inboundDelayWaitsForTheClock() {
        EmbeddedChannel ch = channel("delay=20ms,seed=1");
        ch.writeInbound(datagram(1, US, PEER));
        assertThat(drainInbound(ch)).isEmpty();
        ch.advanceTimeBy(19, TimeUnit.MILLISECONDS);
        ch.runScheduledPendingTasks();
        assertThat(drainInbound(ch)).isEmpty();
        ch.advanceTimeBy(1, TimeUnit.MILLISECONDS);
        ch.runScheduledPendingTasks();
        assertThat(drainInbound(ch)).containsExactly("m1");
        assertThat(metrics.impairedDelayed()).isEqualTo(1);
        assertThat(ch.finish()).isFalse();
    }

    @Test
    void inboundDuplicatesAreIndependentCopies() {
        EmbeddedChannel ch = channel("dup=100%,seed=1");
        ch.writeInbound(datagram(1, US, PEER));
        DatagramPacket a = ch.readInbound();
        DatagramPacket b = ch.readInbound();
        assertThat(a.content().toString(StandardCharsets.US_ASCII)).isEqualTo("m1");
        a.content().skipBytes(2);
        a.release(); // the original's reader does not affect the copy, nor free it
        assertThat(b.content().toString(StandardCharsets.US_ASCII)).isEqualTo("m1");
        assertThat(b.sender()).isEqualTo(PEER);
        b.release();
        assertThat(b.refCnt()).isZero();
        assertThat(metrics.impairedDuplicated()).isEqualTo(1);
        assertThat(ch.finish()).isFalse();
    }

    @Test
    void inboundReorderSwapsWithTheNextAndTimesOut() {
        EmbeddedChannel ch = channel("reorder=100%,seed=1");
        ch.writeInbound(datagram(1, US, PEER));
        assertThat(drainInbound(ch)).isEmpty();
        ch.writeInbound(datagram(2, US, PEER));
        assertThat(drainInbound(ch)).containsExactly("m2", "m1");
        ch.writeInbound(datagram(3, US, PEER)); // held, no successor
        assertThat(drainInbound(ch)).isEmpty();
        ch.advanceTimeBy(ImpairmentConfig.MAX_HOLD_MS, TimeUnit.MILLISECONDS);
        ch.runScheduledPendingTasks();
        assertThat(drainInbound(ch)).containsExactly("m3");
        assertThat(metrics.impairedReordered()).isEqualTo(2);
        assertThat(ch.finish()).isFalse();
    }

    @Test
    void outboundLossSucceedsThePromiseAndReleases() {
        EmbeddedChannel ch = channel("loss=100%,seed=1");
        DatagramPacket p = datagram(1, PEER, null);
        ChannelFuture f = ch.writeAndFlush(p);
        assertThat(f.isSuccess()).isTrue();
        assertThat(p.refCnt()).isZero();
        assertThat(drainOutbound(ch)).isEmpty();
        assertThat(metrics.impairedDropped()).isEqualTo(1);
        assertThat(ch.finish()).isFalse();
    }

    @Test
    void outboundDelayCompletesThePromiseOnDelivery() {
        EmbeddedChannel ch = channel("delay=30ms,dup=100%,seed=1");
        ChannelFuture f = ch.writeAndFlush(datagram(1, PEER, null));
        assertThat(f.isDone()).isFalse();
        assertThat(drainOutbound(ch)).isEmpty();
        ch.advanceTimeBy(30, TimeUnit.MILLISECONDS);
        ch.runScheduledPendingTasks();
        assertThat(f.isSuccess()).isTrue();
        assertThat(drainOutbound(ch)).containsExactly("m1", "m1");
        assertThat(ch.finish()).isFalse();
    }

    @Test
    void outboundSequenceIsDeterministic() {
        String spec = "loss=20%,delay=20ms,jitter=10ms,dup=1%,reorder=1%,seed=7";
        List<List<String>> runs = new ArrayList<>();
        for (int r = 0; r < 2; r++) {
            EmbeddedChannel ch = channel(spec);
            List<String> sent = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                ch.writeAndFlush(datagram(i, PEER, null));
                ch.advanceTimeBy(5, TimeUnit.MILLISECONDS); // a steady sender, 5 ms apart
                ch.runScheduledPendingTasks();
                sent.addAll(drainOutbound(ch));
            }
            ch.advanceTimeBy(1, TimeUnit.SECONDS);
            ch.runScheduledPendingTasks();
            sent.addAll(drainOutbound(ch));
            assertThat(ch.finish()).isFalse();
            runs.add(sent);
        }
        assertThat(runs.get(1)).isEqualTo(runs.get(0));
        assertThat(runs.get(0)).hasSizeBetween(200, 280);
    }

    @Test
    void jitterKeepsTheOrderOfInboundDatagrams() {
        EmbeddedChannel ch = channel("delay=20ms,jitter=15ms,seed=3");
        List<String> got = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            ch.writeInbound(datagram(i, US, PEER));
            ch.advanceTimeBy(2, TimeUnit.MILLISECONDS); // faster than the jitter: naive timers would reorder
            ch.runScheduledPendingTasks();
            got.addAll(drainInbound(ch));
        }
        ch.advanceTimeBy(1, TimeUnit.SECONDS);
        ch.runScheduledPendingTasks();
        got.addAll(drainInbound(ch));
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            expected.add("m" + i);
        }
        assertThat(got).isEqualTo(expected);
        assertThat(metrics.impairedDelayed()).isEqualTo(200);
        assertThat(ch.finish()).isFalse();
    }

    @Test
    void closeReleasesDelayedAndHeldDatagramsAndFailsTheirWrites() {
        EmbeddedChannel ch = channel("delay=50ms,seed=1");
        DatagramPacket in = datagram(1, US, PEER);
        DatagramPacket out = datagram(2, PEER, null);
        ch.writeInbound(in);
        ChannelFuture f = ch.writeAndFlush(out);
        assertThat(ch.finish()).isFalse();
        assertThat(in.refCnt()).isZero();
        assertThat(out.refCnt()).isZero();
        assertThat(f.isDone() && !f.isSuccess()).isTrue();

        EmbeddedChannel held = channel("reorder=100%,seed=1");
        DatagramPacket h = datagram(3, US, PEER);
        held.writeInbound(h);
        assertThat(held.finish()).isFalse();
        assertThat(h.refCnt()).isZero();
    }
}
