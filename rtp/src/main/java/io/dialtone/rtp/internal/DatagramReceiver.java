package io.dialtone.rtp.internal;

import io.netty.channel.IoEvent;
import io.netty.channel.IoEventLoop;
import io.netty.channel.IoRegistration;
import io.netty.channel.nio.NioIoHandle;
import io.netty.channel.nio.NioIoOps;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectableChannel;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The receive side of one RTP or RTCP socket, registered on the stream's Netty NIO event loop as a
 * raw {@link NioIoHandle} rather than as a channel: on each read-readiness event it receives one
 * datagram into a direct buffer, copies it once into one reused array (both the loop's, shared by its
 * sockets: {@link LoopBuffers}) and hands it to the
 * {@link Receiver} with its arrival time. No pooled buffer, {@code DatagramPacket}, pipeline pass or
 * reference counting per datagram: on a 172-byte packet those cost more than the stream's own work.
 * One datagram is read per event; the selector is level-triggered, so the next is reported at once.
 *
 * <table>
 * <caption>Limits</caption>
 * <tr><th>Name</th><th>Default</th><th>Unit</th><th>Effect</th></tr>
 * <tr><td>{@link #MAX_DATAGRAM_BYTES}</td><td>{@value #MAX_DATAGRAM_BYTES}</td><td>bytes</td><td>longer
 * datagrams are dropped and counted ({@link #oversize()})</td></tr>
 * </table>
 *
 * <p>Errors: a failed receive (an ICMP error reported on the socket) is counted ({@link #errors()}) and
 * logged at DEBUG; a receiver that throws is our bug, logged at ERROR, and the socket keeps reading.
 *
 * <p>Threading: {@link #handle} runs on the event loop it is registered with, which is the stream's;
 * {@link #close} too.
 */
public final class DatagramReceiver implements NioIoHandle {

    /** Receiver of datagrams, called on the event loop. */
    @FunctionalInterface
    public interface Receiver {
        /**
         * @param buf          the datagram; valid only during the call (the array is reused): a receiver
         *                     that keeps the bytes copies them
         * @param len          its length
         * @param arrivalNanos monotonic arrival time
         * @param from         source address
         */
        void receive(byte[] buf, int len, long arrivalNanos, InetSocketAddress from);
    }

    /** Largest datagram handed on, bytes: more than any RTP or RTCP packet on a 1500-byte MTU path. */
    public static final int MAX_DATAGRAM_BYTES = 2048;

    private static final Logger LOG = LoggerFactory.getLogger(DatagramReceiver.class);

    private final DatagramChannel socket;
    private final LongSupplier nanoTime;
    private final Receiver receiver;
    private final LongConsumer afterRead;
    private IoRegistration registration;
    /** The peer the socket is connected to, or null: then each datagram is received with its source. */
    private InetSocketAddress connected;
    private boolean closed;
    private long oversize;
    private long errors;

    /**
     * @param socket   a bound socket; made non-blocking here
     * @param nanoTime monotonic clock for arrival times
     * @param receiver where datagrams go, on the event loop
     * @throws IOException if the socket cannot be made non-blocking
     */
    public DatagramReceiver(DatagramChannel socket, LongSupplier nanoTime, Receiver receiver) throws IOException {
        this(socket, nanoTime, receiver, now -> { });
    }

    /**
     * @param socket    a bound socket; made non-blocking here
     * @param nanoTime  monotonic clock for arrival times
     * @param receiver  where datagrams go, on the event loop
     * @param afterRead called on the event loop after each datagram was handed on, with its arrival
     *                  time (the media clock serves a slot that is due in this wake-up of the loop)
     * @throws IOException if the socket cannot be made non-blocking
     */
    public DatagramReceiver(DatagramChannel socket, LongSupplier nanoTime, Receiver receiver, LongConsumer afterRead)
            throws IOException {
        this.socket = socket;
        this.nanoTime = nanoTime;
        this.receiver = receiver;
        this.afterRead = afterRead;
        socket.configureBlocking(false);
    }

    /**
     * Registers with {@code loop} and asks for read readiness; returns at once. A registration that
     * fails (the loop is shutting down) is logged and the socket closed.
     */
    public void register(IoEventLoop loop) {
        loop.register(this).addListener(f -> {
            if (f.isSuccess()) {
                IoRegistration r = (IoRegistration) f.getNow();
                if (closed) {
                    r.cancel();
                } else {
                    registration = r;
                    r.submit(NioIoOps.READ);
                }
            } else {
                LOG.debug("RTP socket {} not registered: {}", socket, f.cause().toString());
                close();
            }
        });
    }

    @Override
    public SelectableChannel selectableChannel() {
        return socket;
    }

    @Override
    public void handle(IoRegistration reg, IoEvent event) {
        LoopBuffers buffers = LoopBuffers.get(); // the loop's, shared by its sockets
        ByteBuffer b = buffers.in;
        b.clear();
        SocketAddress from = connected;
        try {
            if (from == null) {
                from = socket.receive(b);
            } else if (socket.read(b) <= 0) {
                return; // nothing to read after all (or an empty datagram)
            }
        } catch (IOException e) { // an ICMP error reported on the socket, which the failed read clears
            errors++;
            LOG.debug("RTP socket {}: {}", socket, e.toString());
            return;
        }
        if (from == null) {
            return;
        }
        long arrival = nanoTime.getAsLong();
        int len = b.position();
        if (len > MAX_DATAGRAM_BYTES) {
            oversize++;
            LOG.debug("dropped a datagram of more than {} bytes from {}", MAX_DATAGRAM_BYTES, from);
            return;
        }
        byte[] bytes = buffers.bytes;
        b.flip();
        b.get(bytes, 0, len);
        try {
            receiver.receive(bytes, len, arrival, (InetSocketAddress) from);
        } catch (RuntimeException e) {
            LOG.error("datagram from {} failed in the stream", from, e);
        }
        afterRead.accept(arrival);
    }

    /**
     * Tells the receiver that its socket is connected to {@code peer} (or no longer connected, null):
     * a connected socket is read without its source, which is then {@code peer}. On the event loop.
     */
    void connectedTo(InetSocketAddress peer) {
        this.connected = peer;
    }

    /** Cancels the registration and closes the socket. Idempotent; on the event loop. */
    @Override
    public void close() {
        closed = true;
        if (registration != null) {
            registration.cancel();
            registration = null;
        }
        try {
            socket.close();
        } catch (IOException e) {
            LOG.debug("closing RTP socket", e);
        }
    }

    /** @return datagrams dropped for being longer than {@value #MAX_DATAGRAM_BYTES} bytes; on the loop */
    public long oversize() {
        return oversize;
    }

    /** @return receives that failed (ICMP errors and the like); on the loop */
    public long errors() {
        return errors;
    }
}
