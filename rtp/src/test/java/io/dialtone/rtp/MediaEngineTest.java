package io.dialtone.rtp;

import static org.assertj.core.api.Assertions.assertThat;

import io.dialtone.codec.PcmuCodec;
import io.dialtone.rtp.RtpStreamLoopbackTest.ToneSink;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.nio.NioIoHandler;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The engine's loops of each kind, with streams over real UDP on 127.0.0.1 (real time, bounded). */
class MediaEngineTest {

    private static final InetAddress LO = InetAddress.getLoopbackAddress();

    @Test
    void createDefaultsToTheBestKindWhichIsEpollWhereItIsAvailable() {
        assertThat(MediaEngine.Io.best()).isEqualTo(Epoll.isAvailable() ? MediaEngine.Io.EPOLL : MediaEngine.Io.NIO);
        try (MediaEngine engine = MediaEngine.create(1)) {
            assertThat(engine.io()).isEqualTo(MediaEngine.Io.best()); // epoll on Linux x86-64 (CI), else NIO
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"x86_64", "aarch_64"})
    void epollsNativeLibraryShipsForBothLinuxServerArchitectures(String arch) {
        // Io.best() is epoll only where Netty's native library loads; without the aarch_64 one an ARM
        // server's media loops would fall back to NIO and its millisecond timers
        assertThat(getClass().getClassLoader()
                .getResource("META-INF/native/libnetty_transport_native_epoll_" + arch + ".so")).isNotNull();
    }

    @ParameterizedTest
    @EnumSource(MediaEngine.Io.class)
    void aClockServesSlotsEarlyOnlyAsFarAsItsLoopsTimerNeeds(MediaEngine.Io io) throws Exception {
        MultiThreadIoEventLoopGroup group = new MultiThreadIoEventLoopGroup(1,
                io == MediaEngine.Io.EPOLL ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
        try {
            MediaClock clock = MediaClock.create(group.next());
            assertThat(clock.earlyNanos()).isEqualTo(io == MediaEngine.Io.EPOLL
                    ? MediaClock.PRECISE_EARLY_NANOS : MediaClock.EARLY_NANOS); // sub-ms timers vs whole ms
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    /**
     * RFC 4961 symmetric RTP through the engine's sockets: A is told a wrong peer port (a socket nobody
     * answers from), B sends to A, and A follows the source of B's packets, so B hears A.
     */
    @ParameterizedTest
    @EnumSource(MediaEngine.Io.class)
    @Timeout(20)
    void aStreamLatchesTheSourceOfWhatItReceives(MediaEngine.Io io) throws Exception {
        try (MediaEngine engine = MediaEngine.create(2, io); DatagramChannel decoy = DatagramChannel.open()) {
            assertThat(engine.io()).isEqualTo(io);
            decoy.bind(new InetSocketAddress(LO, 0));
            RtpStreamConfig config = RtpStreamConfig.builder().localAddress(LO).codec(PcmuCodec.INSTANCE).build();
            RtpStream a = engine.open(config);
            RtpStream b = engine.open(config);
            a.remote(new InetSocketAddress(LO, decoy.socket().getLocalPort()));
            b.remote(new InetSocketAddress(LO, a.localPort()));
            ToneSink heardByA = new ToneSink(25);
            ToneSink heardByB = new ToneSink(25);
            a.start(new ToneSource(1000, 8000, 0.3), heardByA);
            b.start(new ToneSource(400, 8000, 0.3), heardByB);

            assertThat(heardByA.enough.await(10, TimeUnit.SECONDS)).as("A heard B").isTrue();
            assertThat(heardByB.enough.await(10, TimeUnit.SECONDS)).as("B heard A after A latched").isTrue();
            assertThat(engine.activeStreams()).isEqualTo(2);
            a.stop().get(5, TimeUnit.SECONDS);
            b.stop().get(5, TimeUnit.SECONDS);
            assertThat(engine.activeStreams()).isZero();
            assertThat(a.stats().malformed()).isZero();
        }
    }
}
