package io.dialtone.transport;

import io.dialtone.transport.internal.SipStreamDecoder;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.util.Collection;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * The transport's TCP connections, accepted and outgoing, by remote address (RFC 3261 §18): a
 * response goes back over the connection its request came on while it is open (§18.2.2), a request
 * or response for an address with no usable connection opens one (§18.1.1), and a connection being
 * opened is shared by everything sent to that address meanwhile. Accepted connections are entered
 * and counted by their {@link TcpHandler}, which removes them when they close.
 *
 * <p>Threading: any thread; the map is concurrent and each entry a future completed on an event loop.
 */
final class TcpConnections {
    private static final Logger LOG = LoggerFactory.getLogger(TcpConnections.class);

    private final SipTransport transport;
    private final MultiThreadIoEventLoopGroup group;
    private final boolean epoll;
    private final BooleanSupplier closed;
    /** Open and pending connections by remote address. */
    private final ConcurrentHashMap<InetSocketAddress, CompletableFuture<Channel>> byRemote = new ConcurrentHashMap<>();
    /** Accepted connections now open, for {@link TransportConfig#maxTcpConnections()}. */
    final AtomicInteger accepted = new AtomicInteger();

    TcpConnections(SipTransport transport, MultiThreadIoEventLoopGroup group, boolean epoll, BooleanSupplier closed) {
        this.transport = transport;
        this.group = group;
        this.epoll = epoll;
        this.closed = closed;
    }

    /** @return the connection to {@code remote}, open or pending, or null */
    CompletableFuture<Channel> get(InetSocketAddress remote) {
        return byRemote.get(remote);
    }

    void put(InetSocketAddress remote, CompletableFuture<Channel> entry) {
        byRemote.put(remote, entry);
    }

    void remove(InetSocketAddress remote, CompletableFuture<Channel> entry) {
        byRemote.remove(remote, entry);
    }

    /** @return connections open or pending */
    int size() {
        return byRemote.size();
    }

    Collection<CompletableFuture<Channel>> all() {
        return byRemote.values();
    }

    /** Whether {@code c} is being opened or is open and active. */
    static boolean usable(CompletableFuture<Channel> c) {
        return c != null && (!c.isDone() || !c.isCompletedExceptionally() && c.join().isActive());
    }

    /**
     * Sends over the open connection to {@code remote}, or else over a new connection to
     * {@code connectTo} (§18.2.2: the existing connection, else received and the sent-by port).
     */
    CompletableFuture<Void> send(byte[] bytes, InetSocketAddress remote, InetSocketAddress connectTo) {
        CompletableFuture<Channel> c = byRemote.get(remote);
        if (!usable(c)) {
            c = connection(connectTo);
        }
        return c.thenCompose(ch -> transport.write(ch, bytes, "TCP", (InetSocketAddress) ch.remoteAddress()));
    }

    /** An open or pending connection to {@code to}, connecting if there is none (§18.1.1). */
    CompletableFuture<Channel> connection(InetSocketAddress to) {
        CompletableFuture<Channel> created = new CompletableFuture<>();
        CompletableFuture<Channel> c = byRemote.compute(to, (k, cur) -> usable(cur) ? cur : created);
        if (c == created) {
            connect(to, c);
        }
        return c;
    }

    private void connect(InetSocketAddress to, CompletableFuture<Channel> entry) {
        if (closed.getAsBoolean()) {
            byRemote.remove(to, entry);
            entry.completeExceptionally(new TransportException("transport closed"));
            return;
        }
        TransportConfig config = transport.config();
        Bootstrap b = new Bootstrap().group(group)
                .channel(epoll ? EpollSocketChannel.class : NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE,
                        config.tcpConnectTimeout().toMillis()))
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(new SipStreamDecoder(config.parserLimits().maxMessageBytes()),
                                new TcpHandler(transport, to, entry));
                    }
                });
        b.connect(to).addListener((ChannelFuture cf) -> {
            if (cf.isSuccess()) {
                LOG.debug("connected to {}", to);
                entry.complete(cf.channel());
            } else {
                byRemote.remove(to, entry);
                entry.completeExceptionally(new TransportException("cannot connect to " + to, cf.cause()));
            }
        });
    }
}
