package io.dialtone.rtp.internal;

import io.netty.channel.IoEventLoop;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.channels.DatagramChannel;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link MediaSocket} over a JDK {@link DatagramChannel} on a Netty NIO loop: a {@link DatagramReceiver}
 * (a raw {@code NioIoHandle}) reads it and a {@link DatagramSender} writes it. Threading as
 * {@link MediaSocket}.
 */
final class NioMediaSocket implements MediaSocket {

    private static final Logger LOG = LoggerFactory.getLogger(NioMediaSocket.class);

    private final DatagramChannel channel;
    private final DatagramSender sender;
    private DatagramReceiver receiver;
    private InetSocketAddress connected;

    private NioMediaSocket(DatagramChannel channel) {
        this.channel = channel;
        this.sender = new DatagramSender(channel);
    }

    static NioMediaSocket bind(InetSocketAddress local) throws IOException {
        DatagramChannel ch = DatagramChannel.open(local.getAddress() instanceof Inet6Address
                ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET);
        try {
            ch.bind(local);
            ch.configureBlocking(false);
            return new NioMediaSocket(ch);
        } catch (IOException e) {
            ch.close();
            throw e;
        }
    }

    @Override
    public int localPort() {
        return channel.socket().getLocalPort();
    }

    @Override
    public void register(IoEventLoop loop, LongSupplier nanoTime, DatagramReceiver.Receiver to, LongConsumer afterRead) {
        if (receiver != null) {
            throw new IllegalStateException("already registered");
        }
        try {
            receiver = new DatagramReceiver(channel, nanoTime, to, afterRead);
            receiver.connectedTo(connected);
        } catch (IOException e) { // configureBlocking(false) again: cannot fail on an open channel
            throw new java.io.UncheckedIOException(e);
        }
        receiver.register(loop);
    }

    @Override
    public void send(byte[] bytes, int off, int len, InetSocketAddress to) {
        InetSocketAddress peer = connected;
        if (peer == null) {
            sender.send(bytes, off, len, to);
        } else if (to == peer || to.equals(peer)) {
            sender.write(bytes, off, len);
        } else {
            disconnect(); // the JDK refuses a send elsewhere from a connected channel
            sender.send(bytes, off, len, to);
        }
    }

    /**
     * {@inheritDoc}
     *
     * <p>The JDK discards the datagrams queued on the socket when it connects (at most the one or two
     * that arrived since the last read).
     */
    @Override
    public boolean connect(InetSocketAddress remote) {
        if (!channel.isOpen()) {
            return false;
        }
        try {
            if (connected != null) {
                disconnect(); // the JDK does not connect a connected channel elsewhere
            }
            channel.connect(remote);
        } catch (IOException | RuntimeException e) {
            LOG.debug("RTP socket {} not connected to {}: {}", channel, remote, e.toString());
            return false;
        }
        connected = remote;
        if (receiver != null) {
            receiver.connectedTo(remote);
        }
        return true;
    }

    @Override
    public void disconnect() {
        if (connected == null) {
            return;
        }
        connected = null;
        if (receiver != null) {
            receiver.connectedTo(null);
        }
        try {
            channel.disconnect(); // keeps the local port (the JDK binds again if the kernel lost it)
        } catch (IOException | RuntimeException e) {
            LOG.debug("RTP socket {} not disconnected: {}", channel, e.toString());
        }
    }

    @Override
    public InetSocketAddress connectedTo() {
        return connected;
    }

    @Override
    public void close() {
        if (receiver != null) {
            receiver.close();
        } else {
            try {
                channel.close();
            } catch (IOException e) {
                LOG.debug("closing unregistered RTP socket {}", channel, e);
            }
        }
    }

    @Override
    public long dropped() {
        return sender.dropped();
    }

    @Override
    public long oversize() {
        return receiver == null ? 0 : receiver.oversize();
    }

    @Override
    public long errors() {
        return receiver == null ? 0 : receiver.errors();
    }

    @Override
    public String toString() {
        return "NioMediaSocket{" + channel + "}";
    }
}
