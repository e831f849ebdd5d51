package io.dialtone.rtp;

import static org.assertj.core.api.Assertions.assertThat;

import io.dialtone.codec.PcmuCodec;
import io.netty.channel.EventLoop;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.nio.NioIoHandler;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Two streams over real UDP on 127.0.0.1, each on its own event loop and media clock (real time,
 * bounded), on NIO loops and on native epoll loops.
 */
class RtpStreamLoopbackTest {

    private MultiThreadIoEventLoopGroup group;

    @AfterEach
    void shutdown() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** Keeps non-silent frames; counts down once per frame heard. */
    static final class ToneSink implements AudioSink {
        final List<short[]> heard = new ArrayList<>();
        final CountDownLatch enough;
        volatile boolean closed;

        ToneSink(int frames) {
            enough = new CountDownLatch(frames);
        }

        @Override
        public void write(short[] frame, int samples) {
            for (int i = 0; i < samples; i++) {
                if (frame[i] != 0) {
                    heard.add(Arrays.copyOf(frame, samples));
                    enough.countDown();
                    return;
                }
            }
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    private static double power(List<short[]> frames, double hz) {
        double sum = 0;
        for (short[] f : frames) {
            sum += Goertzel.power(f, 0, f.length, hz, 8000);
        }
        return sum;
    }

    @ParameterizedTest
    @EnumSource(MediaEngine.Io.class)
    @Timeout(20)
    void exchangesTonesOverUdp(MediaEngine.Io io) throws Exception {
        group = new MultiThreadIoEventLoopGroup(2, io == MediaEngine.Io.EPOLL ? EpollIoHandler.newFactory()
                : NioIoHandler.newFactory());
        EventLoop loopA = group.next();
        EventLoop loopB = group.next();
        RtpStreamConfig config = RtpStreamConfig.builder().localAddress(InetAddress.getLoopbackAddress())
                .codec(PcmuCodec.INSTANCE).cname("loopback@test").build();
        RtpStream a = RtpStream.open(config, MediaClock.create(loopA));
        RtpStream b = RtpStream.open(config, MediaClock.create(loopB));
        assertThat(a.localPort() % 2).isZero();
        assertThat(a.localPort()).isBetween(16384, 32766).isNotEqualTo(b.localPort());

        ToneSink sinkA = new ToneSink(50);
        ToneSink sinkB = new ToneSink(50);
        a.remote(new InetSocketAddress(InetAddress.getLoopbackAddress(), b.localPort()));
        b.remote(new InetSocketAddress(InetAddress.getLoopbackAddress(), a.localPort()));
        a.start(new ToneSource(1000, 8000, 0.3), sinkA);
        b.start(new ToneSource(400, 8000, 0.3), sinkB);

        assertThat(sinkA.enough.await(10, TimeUnit.SECONDS)).as("A heard 1 s of B").isTrue();
        assertThat(sinkB.enough.await(10, TimeUnit.SECONDS)).as("B heard 1 s of A").isTrue();
        CompletableFuture<Void> aClosed = a.stop();
        // Off the loop, right after stop(): the final counters, not a snapshot up to 10 ticks old.
        RtpStreamStats afterStop = a.stats();
        aClosed.get(5, TimeUnit.SECONDS);
        assertThat(afterStop).isEqualTo(a.stats());
        b.stop().get(5, TimeUnit.SECONDS);

        assertThat(power(sinkA.heard, 400)).isGreaterThan(100 * power(sinkA.heard, 1000));
        assertThat(power(sinkB.heard, 1000)).isGreaterThan(100 * power(sinkB.heard, 400));
        assertThat(sinkA.closed).isTrue();
        RtpStreamStats sa = a.stats();
        RtpStreamStats sb = b.stats();
        assertThat(sa.packetsReceived()).isGreaterThanOrEqualTo(50);
        assertThat(sb.packetsReceived()).isGreaterThanOrEqualTo(50);
        assertThat(sa.packetsSent()).isGreaterThanOrEqualTo(50);
        assertThat(sa.octetsSent()).isEqualTo(160 * sa.packetsSent());
        // The sink counted 50 frames with sound: played, concealed, or the 3.75 ms concealment tail
        // that follows the last frame before an underrun.
        JitterBufferStats jb = sa.jitterBuffer();
        assertThat(jb.played() + jb.concealed() + jb.underruns()).isGreaterThanOrEqualTo(50);
        assertThat(jb.played()).isGreaterThanOrEqualTo(40);
        assertThat(sa.malformed()).isZero();
    }
}
