package io.dialtone.rtp;

import static org.assertj.core.api.Assertions.assertThat;

import io.dialtone.codec.PcmuCodec;
import io.netty.channel.EventLoop;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Two streams over real UDP on 127.0.0.1, one of them impaired ({@link MediaImpairment}, both
 * directions): each receiver's statistics see the loss the impaired side applied, and the audio
 * still gets through, concealed where packets are missing.
 */
class RtpStreamImpairedLoopbackTest {

    private final MultiThreadIoEventLoopGroup group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());

    @AfterEach
    void shutdown() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @Test
    @Timeout(30)
    void lossAppliedBothWaysShowsInTheReceiversStatistics() throws Exception {
        EventLoop loopA = group.next();
        EventLoop loopB = group.next();
        RtpStreamConfig.Builder config = RtpStreamConfig.builder().localAddress(InetAddress.getLoopbackAddress())
                .codec(PcmuCodec.INSTANCE).cname("impaired@test");
        RtpStream a = RtpStream.open(config.impairment(new MediaImpairment(10, 0, 40, 0, 0, 7)).build(),
                MediaClock.create(loopA));
        RtpStream b = RtpStream.open(config.impairment(MediaImpairment.none()).build(), MediaClock.create(loopB));

        RtpStreamLoopbackTest.ToneSink sinkA = new RtpStreamLoopbackTest.ToneSink(200);
        RtpStreamLoopbackTest.ToneSink sinkB = new RtpStreamLoopbackTest.ToneSink(200);
        a.remote(new InetSocketAddress(InetAddress.getLoopbackAddress(), b.localPort()));
        b.remote(new InetSocketAddress(InetAddress.getLoopbackAddress(), a.localPort()));
        a.start(new ToneSource(1000, 8000, 0.3), sinkA);
        b.start(new ToneSource(400, 8000, 0.3), sinkB);

        assertThat(sinkA.enough.await(20, TimeUnit.SECONDS)).as("A heard 4 s of B").isTrue();
        assertThat(sinkB.enough.await(20, TimeUnit.SECONDS)).as("B heard 4 s of A").isTrue();
        a.stop().get(5, TimeUnit.SECONDS);
        b.stop().get(5, TimeUnit.SECONDS);

        RtpStreamStats sa = a.stats();
        RtpStreamStats sb = b.stats();
        // 10 % of about 200 packets: binomial sd ≈ 2 %, so 3..20 % is far outside chance
        assertThat(lossPercent(sb)).as("B lost what A's outbound impairment dropped: %s", sb).isBetween(3.0, 20.0);
        assertThat(lossPercent(sa)).as("A lost what its inbound impairment dropped: %s", sa).isBetween(3.0, 20.0);
        assertThat(sa.jitterMs()).as("A measured the added jitter").isGreaterThan(3.0);
        assertThat(sb.concealedFrames()).as("B concealed lost frames").isPositive();
        assertThat(sa.malformed()).isZero();
        assertThat(sb.malformed()).isZero();
    }

    private static double lossPercent(RtpStreamStats s) {
        return 100.0 * s.packetsLost() / (s.packetsLost() + s.packetsReceived());
    }
}
