package io.dialtone.rtp.internal;

import io.netty.channel.IoEventLoop;
import io.netty.channel.epoll.EpollIoHandle;
import io.netty.channel.nio.NioIoHandle;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;

/**
 * One bound RTP or RTCP UDP socket of a stream, read and written on the stream's event loop without
 * Netty channels: over a JDK {@code DatagramChannel} on an NIO loop ({@link NioMediaSocket}), or over
 * a native socket on an epoll loop ({@link EpollMediaSocket}), whose timers have sub-millisecond
 * resolution. Both read one datagram per readiness event into a direct buffer and hand it on through
 * one reused array, both shared by the loop's sockets ({@link LoopBuffers}), and send each datagram
 * with one {@code sendto}, copied once; real-time media is never queued: a full send buffer or a send
 * error drops the datagram and counts it ({@link #dropped}).
 *
 * <p>Threading: {@link #register}, {@link #send} and {@link #close} run on the event loop the socket is
 * registered with (the stream's); the receiver and {@code afterRead} are called there.
 */
public interface MediaSocket {

    /**
     * Binds a socket of the kind the loop can register: native epoll when the loop is an epoll loop,
     * otherwise a JDK {@code DatagramChannel}.
     *
     * @param loop  the event loop the socket will be registered with
     * @param local local address and port (0 for an ephemeral port)
     * @return the bound socket, not yet registered
     * @throws IOException if it cannot be bound (port in use)
     * @throws IllegalArgumentException if the loop is neither an NIO nor an epoll loop
     */
    static MediaSocket bind(IoEventLoop loop, InetSocketAddress local) throws IOException {
        if (loop.isCompatible(EpollIoHandle.class)) {
            return EpollMediaSocket.bind(local);
        }
        if (loop.isCompatible(NioIoHandle.class)) {
            return NioMediaSocket.bind(local);
        }
        throw new IllegalArgumentException("the event loop is neither a Netty NIO nor an epoll loop: " + loop);
    }

    /** @return whether {@code loop} can register a media socket (an NIO or epoll {@code IoEventLoop}) */
    static boolean supports(Object loop) {
        return loop instanceof IoEventLoop l && (l.isCompatible(EpollIoHandle.class) || l.isCompatible(NioIoHandle.class));
    }

    /** @return the bound local port */
    int localPort();

    /**
     * Registers with {@code loop} for read readiness and starts handing datagrams to {@code receiver};
     * returns at once. A registration that fails (the loop is shutting down) is logged and the socket
     * closed. Call once.
     *
     * @param loop      the stream's event loop, of the kind this socket was bound for
     * @param nanoTime  monotonic clock for arrival times
     * @param receiver  where datagrams go, on the loop
     * @param afterRead called on the loop after each datagram was handed on, with its arrival time
     */
    void register(IoEventLoop loop, LongSupplier nanoTime, DatagramReceiver.Receiver receiver, LongConsumer afterRead);

    /**
     * Sends {@code bytes[off, off + len)} to {@code to}; a no-op once closed. On a connected socket a
     * datagram to the connected peer is written without an address; one to another address first
     * {@linkplain #disconnect disconnects} the socket. On the loop.
     */
    void send(byte[] bytes, int off, int len, InetSocketAddress to);

    /**
     * Connects the socket to {@code remote} (a connected UDP socket, {@code connect(2)}): from now on the
     * kernel delivers only datagrams from {@code remote}, the others are dropped before they reach the
     * loop, and datagrams are read and written without an address: no source lookup or address object
     * per datagram, and the kernel keeps the route. Datagrams queued before the call are handed on as
     * coming from {@code remote}. A failure is logged at DEBUG and leaves the socket unconnected. On the
     * loop.
     *
     * @param remote the peer's address, as it sends from
     * @return whether the socket is now connected to {@code remote}
     */
    boolean connect(InetSocketAddress remote);

    /**
     * Undoes {@link #connect}: datagrams from any source arrive again, each with its source. Keeps the
     * bound local port. A no-op when not connected. On the loop.
     */
    void disconnect();

    /** @return the peer the socket is connected to, or null */
    InetSocketAddress connectedTo();

    /** Cancels the registration and closes the socket. Idempotent; on the loop (or before registering). */
    void close();

    /** @return datagrams not sent: socket buffer full or send error */
    long dropped();

    /** @return datagrams dropped for being longer than {@value DatagramReceiver#MAX_DATAGRAM_BYTES} bytes */
    long oversize();

    /** @return receives that failed (ICMP errors and the like) */
    long errors();
}
