package io.dialtone.rtp.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.IoEventLoop;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Reads on a real NIO event loop from a loopback socket (ephemeral ports). */
class DatagramReceiverTest {

    private final MultiThreadIoEventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());

    @AfterEach
    void shutdown() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private static DatagramChannel bound() throws IOException {
        DatagramChannel ch = DatagramChannel.open();
        ch.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        return ch;
    }

    @Test
    void deliversEachDatagramOnTheLoopAndDropsOversizedOnes() throws Exception {
        IoEventLoop loop = (IoEventLoop) group.next();
        List<byte[]> got = new CopyOnWriteArrayList<>();
        List<Boolean> onLoop = new CopyOnWriteArrayList<>();
        CountDownLatch two = new CountDownLatch(2);
        try (DatagramChannel in = bound(); DatagramChannel out = bound()) {
            InetSocketAddress sender = localOf(out);
            DatagramReceiver receiver = new DatagramReceiver(in, () -> 42L, (buf, len, arrival, from) -> {
                got.add(Arrays.copyOf(buf, len));
                onLoop.add(loop.inEventLoop() && arrival == 42L && from.equals(sender));
                two.countDown();
            });
            receiver.register(loop);
            InetSocketAddress to = localOf(in);
            out.send(ByteBuffer.wrap(new byte[] {1, 2, 3}), to);
            out.send(ByteBuffer.wrap(new byte[DatagramReceiver.MAX_DATAGRAM_BYTES + 1]), to); // dropped
            out.send(ByteBuffer.wrap(new byte[] {4}), to);
            assertThat(two.await(5, TimeUnit.SECONDS)).isTrue();
            assertThat(got).containsExactly(new byte[] {1, 2, 3}, new byte[] {4});
            assertThat(onLoop).containsOnly(true);
            assertThat(loop.submit(receiver::oversize).get(5, TimeUnit.SECONDS)).isEqualTo(1);
            loop.submit(receiver::close).get(5, TimeUnit.SECONDS);
            assertThat(in.isOpen()).isFalse();
        }
    }

    @Test
    void aThrowingReceiverDoesNotStopTheSocket() throws Exception {
        IoEventLoop loop = (IoEventLoop) group.next();
        CountDownLatch second = new CountDownLatch(1);
        try (DatagramChannel in = bound(); DatagramChannel out = bound()) {
            DatagramReceiver receiver = new DatagramReceiver(in, System::nanoTime, (buf, len, arrival, from) -> {
                if (buf[0] == 1) {
                    throw new IllegalStateException("bug in the stream (expected by the test)");
                }
                second.countDown();
            });
            receiver.register(loop);
            out.send(ByteBuffer.wrap(new byte[] {1}), localOf(in));
            out.send(ByteBuffer.wrap(new byte[] {2}), localOf(in));
            assertThat(second.await(5, TimeUnit.SECONDS)).isTrue();
            loop.submit(receiver::close).get(5, TimeUnit.SECONDS);
        }
    }

    private static InetSocketAddress localOf(DatagramChannel ch) throws IOException {
        return (InetSocketAddress) ch.getLocalAddress();
    }
}
