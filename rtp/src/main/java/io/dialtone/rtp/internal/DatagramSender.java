package io.dialtone.rtp.internal;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The send side of one RTP or RTCP socket: each datagram is copied once, into a direct buffer the
 * loop's sockets share ({@link LoopBuffers}), and written with one {@code sendto} straight on the
 * socket, from the event loop that produced it. Nothing is allocated and nothing queued per packet: no
 * Netty envelope, pipeline pass, promise or outbound buffer.
 *
 * <p>Real-time media is not queued: when the socket's send buffer is full the datagram is dropped and
 * counted ({@link #dropped()}), as the network would drop it; a send error (ICMP port unreachable
 * reported on the socket, a closed socket) is counted likewise and logged at DEBUG. The socket is
 * non-blocking (its {@link DatagramReceiver} made it so), so a send never waits.
 *
 * <p>Threading: confined to the socket's event loop, which is where a stream sends from and where its
 * {@link DatagramReceiver} reads the same socket.
 */
public final class DatagramSender {

    private static final Logger LOG = LoggerFactory.getLogger(DatagramSender.class);
    /** Initial capacity of the reused buffer, bytes: a G.711 packet at 20 or 30 ms and any RTCP report. */
    static final int INITIAL_CAPACITY = LoopBuffers.INITIAL_SEND_CAPACITY;

    private final DatagramChannel socket;
    private long dropped;

    /** @param socket the bound socket, non-blocking once its channel is registered */
    public DatagramSender(DatagramChannel socket) {
        this.socket = socket;
    }

    /** Sends {@code bytes[off, off + len)} to {@code to}; a no-op once the socket is closed. */
    public void send(byte[] bytes, int off, int len, InetSocketAddress to) {
        send(bytes, off, len, to, false);
    }

    /**
     * Writes {@code bytes[off, off + len)} to the peer the socket is connected to, without an address;
     * a no-op once the socket is closed.
     */
    public void write(byte[] bytes, int off, int len) {
        send(bytes, off, len, null, true);
    }

    private void send(byte[] bytes, int off, int len, InetSocketAddress to, boolean connected) {
        if (!socket.isOpen()) {
            return;
        }
        ByteBuffer b = LoopBuffers.get().out(len); // the loop's, shared by its sockets
        b.put(bytes, off, len).flip();
        try {
            if ((connected ? socket.write(b) : socket.send(b, to)) == 0) {
                dropped++; // send buffer full: real-time media is dropped, not queued
            }
        } catch (IOException e) {
            dropped++;
            LOG.debug("send to {} failed: {}", connected ? "the connected peer" : to, e.toString());
        }
    }

    /** @return datagrams not sent: socket buffer full or send error */
    public long dropped() {
        return dropped;
    }
}
