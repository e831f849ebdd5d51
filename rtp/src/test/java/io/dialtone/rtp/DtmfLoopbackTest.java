package io.dialtone.rtp;

import static org.assertj.core.api.Assertions.assertThat;

import io.dialtone.codec.PcmuCodec;
import io.netty.channel.EventLoop;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** RFC 4733 DTMF between two streams over real UDP on 127.0.0.1 (real time, bounded). */
@DisplayName("RFC 4733 DTMF over UDP loopback")
class DtmfLoopbackTest {

    private final MultiThreadIoEventLoopGroup group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());

    @AfterEach
    void shutdown() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @Test
    @Timeout(20)
    void digitsSentByOneStreamAreReportedOnceByTheOther() throws Exception {
        EventLoop loopA = group.next();
        EventLoop loopB = group.next();
        RtpStreamConfig config = RtpStreamConfig.builder().localAddress(InetAddress.getLoopbackAddress())
                .codec(PcmuCodec.INSTANCE).telephoneEventPayloadType(101).cname("dtmf@test").build();
        RtpStream a = RtpStream.open(config, MediaClock.create(loopA));
        RtpStream b = RtpStream.open(config, MediaClock.create(loopB));
        List<String> heard = new CopyOnWriteArrayList<>();
        List<Boolean> onLoop = new CopyOnWriteArrayList<>();
        CountDownLatch all = new CountDownLatch(4);
        b.dtmfListener((digit, ms) -> {
            heard.add(digit + "/" + ms);
            onLoop.add(loopB.inEventLoop());
            all.countDown();
        });
        a.remote(new InetSocketAddress(InetAddress.getLoopbackAddress(), b.localPort()));
        b.remote(new InetSocketAddress(InetAddress.getLoopbackAddress(), a.localPort()));
        a.start(new ToneSource(1000, 8000, 0.3), (frame, samples) -> { });
        b.start(new ToneSource(400, 8000, 0.3), (frame, samples) -> { });

        CompletableFuture<?> sent = CompletableFuture.allOf(a.sendDtmf('1', 100), a.sendDtmf('#', 100),
                a.sendDtmf('A', 60), a.sendDtmf('0', 200));
        sent.get(10, TimeUnit.SECONDS);
        assertThat(all.await(10, TimeUnit.SECONDS)).as("B reported four digits: " + heard).isTrue();
        assertThat(a.sendDtmf('x', 100)).failsWithin(5, TimeUnit.SECONDS);
        a.stop().get(5, TimeUnit.SECONDS);
        b.stop().get(5, TimeUnit.SECONDS);

        assertThat(heard).containsExactly("1/100", "#/100", "A/60", "0/200");
        assertThat(onLoop).containsOnly(true);
        assertThat(a.stats().dtmfSent()).isEqualTo(4);
        assertThat(b.stats().dtmfReceived()).isEqualTo(4);
        assertThat(b.stats().malformed()).isZero();
        assertThat(b.stats().packetsLost()).isZero();
    }
}
