package io.dialtone.rtp.internal;

import io.netty.channel.IoEvent;
import io.netty.channel.IoEventLoop;
import io.netty.channel.IoRegistration;
import io.netty.channel.epoll.EpollIoHandle;
import io.netty.channel.epoll.EpollIoOps;
import io.netty.channel.epoll.LinuxSocket;
import io.netty.channel.socket.SocketProtocolFamily;
import io.netty.channel.unix.DatagramSocketAddress;
import io.netty.channel.unix.FileDescriptor;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link MediaSocket} over a native non-blocking UDP socket (Netty's {@link LinuxSocket}) registered
 * on a Netty epoll loop as a raw {@link EpollIoHandle}, level-triggered for {@code EPOLLIN}: on each
 * readiness event one datagram is received into a direct buffer and copied once into a reused array
 * (both the loop's, shared by its sockets: {@link LoopBuffers}) for the
 * {@link DatagramReceiver.Receiver}, exactly as {@link DatagramReceiver} does on an NIO loop; each send
 * is one copy into a reused direct buffer and one {@code sendto}. The point of the
 * epoll loop is its timer: Netty arms a short wait on a {@code timerfd} in nanoseconds, where the JDK
 * selector of an NIO loop waits in whole milliseconds, so the media clock's 1 ms phase slots are served
 * on time.
 *
 * <p>Source addresses: once {@linkplain #connect connected} (the stream connects its RTP socket when
 * its source has settled), datagrams are read with {@code recv} and written with {@code send}: no
 * address crosses JNI and nothing is allocated per datagram. Until then, the source of each datagram is
 * compared with the previous one (address and port), and while it stays the same the receiver is given
 * the same {@link InetSocketAddress} instance, so the stream's symmetric-RTP check ({@code from ==
 * remote}) is an identity compare; but Netty's public {@code recvFrom} returns a fresh address object
 * per datagram, and its {@code sendTo} copies the destination's address bytes per datagram (about 150 B
 * per packet, which the JDK channel avoids by caching the last address).
 *
 * <p>Errors: as {@link DatagramReceiver} and {@link DatagramSender}: an ICMP error reported on the
 * socket is counted ({@link #errors()}, {@link #dropped()}) and logged at DEBUG; a receiver that throws
 * is our bug, logged at ERROR, and the socket keeps reading. Threading as {@link MediaSocket}.
 */
final class EpollMediaSocket implements MediaSocket, EpollIoHandle {

    private static final Logger LOG = LoggerFactory.getLogger(EpollMediaSocket.class);
    private static final int MAX = DatagramReceiver.MAX_DATAGRAM_BYTES;

    private final LinuxSocket socket;
    private final InetSocketAddress bound; // the address and port it is bound to
    private LongSupplier nanoTime;
    private DatagramReceiver.Receiver receiver;
    private LongConsumer afterRead;
    /** The last source seen, handed to the receiver while datagrams keep coming from it. */
    private InetSocketAddress lastFrom;
    /** The peer the socket is connected to, or null: then every datagram is read with its source. */
    private InetSocketAddress connected;
    private IoRegistration registration;
    private boolean closed;
    private long dropped;
    private long oversize;
    private long errors;

    private EpollMediaSocket(LinuxSocket socket, InetSocketAddress bound) {
        this.socket = socket;
        this.bound = bound;
    }

    static EpollMediaSocket bind(InetSocketAddress local) throws IOException {
        LinuxSocket s = LinuxSocket.newSocketDgram(local.getAddress() instanceof Inet6Address
                ? SocketProtocolFamily.INET6 : SocketProtocolFamily.INET); // non-blocking
        try {
            s.bind(local);
            return new EpollMediaSocket(s, new InetSocketAddress(local.getAddress(), s.localAddress().getPort()));
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
    }

    @Override
    public int localPort() {
        return bound.getPort();
    }

    @Override
    public FileDescriptor fd() {
        return socket;
    }

    @Override
    public void register(IoEventLoop loop, LongSupplier nanoTime, DatagramReceiver.Receiver receiver,
            LongConsumer afterRead) {
        if (this.receiver != null) {
            throw new IllegalStateException("already registered");
        }
        this.nanoTime = nanoTime;
        this.receiver = receiver;
        this.afterRead = afterRead;
        loop.register(this).addListener(f -> {
            if (!f.isSuccess()) {
                LOG.debug("RTP socket {} not registered: {}", this, f.cause().toString());
                close();
                return;
            }
            IoRegistration r = (IoRegistration) f.getNow();
            if (closed) {
                r.cancel();
                return;
            }
            registration = r;
            try {
                r.submit(EpollIoOps.EPOLLIN); // level-triggered: a datagram left unread is reported again
            } catch (Exception e) { // epoll_ctl failed: the fd is unusable
                LOG.debug("RTP socket {} not registered: {}", this, e.toString());
                close();
            }
        });
    }

    @Override
    public void handle(IoRegistration reg, IoEvent event) {
        // the loop's buffers, shared by its sockets; by native address, which skips JNI's buffer checks
        LoopBuffers buffers = LoopBuffers.get();
        ByteBuffer b = buffers.in;
        long inAddress = buffers.inAddress();
        InetSocketAddress source = connected;
        int len;
        try {
            if (source != null) { // connected: no source address to read or build
                len = socket.recvAddress(inAddress, 0, b.capacity());
                if (len == 0) {
                    return; // EAGAIN: nothing to read after all
                }
                len = Math.max(len, 0); // -1: an empty datagram
            } else {
                DatagramSocketAddress from = socket.recvFromAddress(inAddress, 0, b.capacity());
                if (from == null) {
                    return; // EAGAIN
                }
                len = from.receivedAmount();
                source = source(from);
            }
        } catch (IOException e) { // an ICMP error reported on the socket, which the failed read clears
            errors++;
            LOG.debug("RTP socket {}: {}", this, e.toString());
            return;
        }
        long arrival = nanoTime.getAsLong();
        if (len > MAX) {
            oversize++;
            LOG.debug("dropped a datagram of more than {} bytes from {}", MAX, source);
            return;
        }
        byte[] bytes = buffers.bytes;
        b.clear();
        b.get(bytes, 0, len);
        try {
            receiver.receive(bytes, len, arrival, source);
        } catch (RuntimeException e) {
            LOG.error("datagram from {} failed in the stream", source, e);
        }
        afterRead.accept(arrival);
    }

    /** The previous source's instance when the datagram came from it again, else a new one, kept. */
    private InetSocketAddress source(DatagramSocketAddress from) {
        InetSocketAddress last = lastFrom;
        if (last != null && last.getPort() == from.getPort() && last.getAddress().equals(from.getAddress())) {
            return last;
        }
        InetAddress a = from.getAddress();
        lastFrom = new InetSocketAddress(a, from.getPort());
        return lastFrom;
    }

    @Override
    public void send(byte[] bytes, int off, int len, InetSocketAddress to) {
        if (closed) { // set by close() before the descriptor is: no read of the descriptor's own state per packet
            return;
        }
        InetSocketAddress peer = connected;
        if (peer != null && to != peer && !to.equals(peer)) {
            disconnect();
            peer = null;
        }
        LoopBuffers buffers = LoopBuffers.get();
        ByteBuffer b = buffers.out(len);
        b.put(bytes, off, len);
        long outAddress = buffers.outAddress();
        try {
            int sent = peer != null ? socket.sendAddress(outAddress, 0, len)
                    : socket.sendToAddress(outAddress, 0, len, to.getAddress(), to.getPort());
            if (sent == 0) {
                dropped++; // send buffer full: real-time media is dropped, not queued
            }
        } catch (IOException e) {
            dropped++;
            LOG.debug("send to {} failed: {}", to, e.toString());
        }
    }

    @Override
    public boolean connect(InetSocketAddress remote) {
        if (closed) {
            return false;
        }
        try {
            socket.connect(remote);
            connected = remote;
            return true;
        } catch (IOException | RuntimeException e) {
            LOG.debug("RTP socket {} not connected to {}: {}", this, remote, e.toString());
            return false;
        }
    }

    @Override
    public void disconnect() {
        if (connected == null) {
            return;
        }
        connected = null;
        if (closed) {
            return;
        }
        try {
            socket.disconnect(); // connect(AF_UNSPEC)
            // Linux unbinds a socket whose port was not given at bind (no SOCK_BINDPORT_LOCK): bind again
            if (socket.localAddress() == null || socket.localAddress().getPort() != bound.getPort()) {
                socket.bind(bound);
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("RTP socket {} not disconnected: {}", this, e.toString());
        }
    }

    @Override
    public InetSocketAddress connectedTo() {
        return connected;
    }

    @Override
    public void close() {
        closed = true;
        if (registration != null) {
            registration.cancel(); // epoll_ctl DEL while the fd is still open
            registration = null;
        }
        try {
            socket.close();
        } catch (IOException e) {
            LOG.debug("closing RTP socket {}", this, e);
        }
    }

    /** @return whether the native socket is still open (false once {@link #close} ran) */
    boolean isOpen() {
        return socket.isOpen();
    }

    @Override
    public long dropped() {
        return dropped;
    }

    @Override
    public long oversize() {
        return oversize;
    }

    @Override
    public long errors() {
        return errors;
    }

    @Override
    public String toString() {
        return "EpollMediaSocket{port=" + bound.getPort() + ", fd=" + socket.intValue() + "}";
    }
}
