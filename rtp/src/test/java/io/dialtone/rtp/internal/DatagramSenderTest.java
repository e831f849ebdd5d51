package io.dialtone.rtp.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Sends on a real loopback socket pair (ephemeral ports): the bytes asked for, from a reused buffer. */
class DatagramSenderTest {

    private static DatagramChannel bound() throws IOException {
        DatagramChannel ch = DatagramChannel.open();
        ch.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        return ch;
    }

    private static byte[] receive(DatagramChannel ch) throws IOException {
        ByteBuffer in = ByteBuffer.allocate(4096);
        ch.receive(in); // blocking: the datagram was sent before
        return Arrays.copyOf(in.array(), in.position());
    }

    @Test
    void sendsEachRangeAsOneDatagram() throws IOException {
        try (DatagramChannel out = bound(); DatagramChannel in = bound()) {
            out.configureBlocking(false);
            DatagramSender sender = new DatagramSender(out);
            InetSocketAddress to = (InetSocketAddress) in.getLocalAddress();
            byte[] bytes = {0, 1, 2, 3, 4, 5, 6, 7};
            sender.send(bytes, 2, 4, to);
            sender.send(bytes, 0, 3, to);
            byte[] large = new byte[DatagramSender.INITIAL_CAPACITY + 100]; // outgrows the buffer
            large[large.length - 1] = 42;
            sender.send(large, 0, large.length, to);
            assertThat(receive(in)).containsExactly(2, 3, 4, 5);
            assertThat(receive(in)).containsExactly(0, 1, 2);
            assertThat(receive(in)).isEqualTo(large);
            assertThat(sender.dropped()).isZero();
        }
    }

    @Test
    void nothingIsSentOnAClosedSocket() throws IOException {
        DatagramChannel out = bound();
        out.close();
        DatagramSender sender = new DatagramSender(out);
        sender.send(new byte[4], 0, 4, new InetSocketAddress(InetAddress.getLoopbackAddress(), 9));
        assertThat(sender.dropped()).isZero();
    }
}
