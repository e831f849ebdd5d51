package io.dialtone.transport;

import io.dialtone.transport.internal.WireRedaction;
import io.dialtone.message.SipMessage;
import io.dialtone.message.SipParseException;
import io.dialtone.message.SipParser;
import io.dialtone.message.SipParserLimits;
import io.dialtone.message.SipRequest;
import io.dialtone.message.SipResponse;
import io.dialtone.message.Via;
import io.dialtone.transport.internal.ErrorResponses;
import io.dialtone.transport.internal.Hosts;
import io.dialtone.transport.internal.InvalidFrame;
import io.dialtone.transport.internal.OverloadShedding;
import io.dialtone.transport.internal.QueueDelayProbe;
import io.dialtone.transport.internal.SendSlab;
import io.dialtone.transport.internal.ResponseRoute;
import io.dialtone.transport.internal.SipStreamDecoder;
import io.dialtone.transport.internal.ViaStamping;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.SocketProtocolFamily;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.EventExecutor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The SIP transport layer (RFC 3261 §18, RFC 3581) over Netty: one UDP and one TCP listening
 * point on the same port, a fixed pool of {@link CallExecutor}s that are the event loops of one
 * Netty group, and dispatch of every received message to the executor of its Call-ID
 * (ARCHITECTURE.md "One call, one thread").
 *
 * <p>Inbound: datagrams and TCP frames ({@link SipStreamDecoder}) are copied into {@code byte[]},
 * parsed, and for requests the top Via gets {@code received}/{@code rport} (§18.2.1, RFC 3581 §4).
 * The message is then delivered to the {@link TransportListener} of {@link #executorFor(String)}:
 * inline when read on that executor, else handed over. Responses whose top Via sent-by is not one
 * of our listening points are discarded (§18.1.2). Unparsable requests are answered 400 (505, 513)
 * from their raw headers when possible, else dropped; every drop is counted in {@link #metrics()}.
 *
 * <p>Tests can impair UDP ({@link TransportConfig#impairment()}): an {@link ImpairmentHandler} in
 * front of the UDP handler drops, delays, duplicates and reorders datagrams in both directions.
 *
 * <p>Threading: every method may be called from any thread. Send futures complete on an event
 * loop: do not block there.
 */
public final class SipTransport implements MessageSender, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SipTransport.class);
    private static final Logger WIRE = LoggerFactory.getLogger("io.dialtone.wire");
    private static final int BIND_ATTEMPTS = 5;
    /**
     * Datagrams one UDP read burst takes before the loop turns to other work (Netty's
     * maxMessagesPerRead; a {@link FixedRecvByteBufAllocator} left alone takes one per wake-up).
     */
    static final int UDP_READ_BURST = 32;
    private static final int MAX_UDP_PAYLOAD_BYTES = 65507;

    private final TransportConfig config;
    private final MultiThreadIoEventLoopGroup group;
    private final List<CallExecutor> executors;
    private final TransportListener[] listeners;
    private final TransportMetrics metrics = new TransportMetrics();
    private final boolean epoll;
    /** Open and pending TCP connections by remote address (accepted and outgoing). */
    final TcpConnections connections;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile Channel udpChannel;
    /** A flush of the UDP channel is queued on its loop ({@link #flushUdpLater}); read and written there only. */
    private boolean udpFlushPending;
    /** Sends made on the UDP loop are copied into slices of this (loop-confined). */
    private final SendSlab udpSendSlab = new SendSlab();
    private volatile Channel tcpServerChannel;
    /** Measures the UDP receive queue's delay for shedding; null when that is off or could not open. */
    private volatile QueueDelayProbe udpProbe;
    private ScheduledExecutorService probeTimer;
    private volatile List<ListeningPoint> listeningPoints = List.of();

    private SipTransport(TransportConfig config, MultiThreadIoEventLoopGroup group, boolean epoll,
                         Function<CallExecutor, TransportListener> listenerFactory) {
        this.config = config;
        this.group = group;
        this.epoll = epoll;
        this.connections = new TcpConnections(this, group, epoll, closed::get);
        List<CallExecutor> list = new ArrayList<>(config.callExecutors());
        for (EventExecutor e : group) {
            list.add(new CallExecutor((EventLoop) e, list.size()));
        }
        this.executors = List.copyOf(list);
        this.listeners = new TransportListener[executors.size()];
        for (CallExecutor ex : executors) {
            listeners[ex.index()] = Objects.requireNonNull(listenerFactory.apply(ex), "listener");
        }
    }

    /**
     * Starts the event loops and binds the UDP and TCP listening points on {@code cfg.host():cfg.port()}.
     * With port 0, UDP binds an ephemeral port and TCP binds the same number, retrying with a new
     * port a few times if TCP cannot.
     *
     * @param listenerFactory called once per executor, on the calling thread, before binding
     * @throws TransportException when a socket cannot be bound (everything started is shut down)
     */
    public static SipTransport start(TransportConfig cfg, Function<CallExecutor, TransportListener> listenerFactory) {
        Objects.requireNonNull(cfg, "cfg");
        Objects.requireNonNull(listenerFactory, "listenerFactory");
        boolean epoll = Epoll.isAvailable();
        IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        MultiThreadIoEventLoopGroup group = new MultiThreadIoEventLoopGroup(cfg.callExecutors(),
                new DefaultThreadFactory("dialtone-call", true), io);
        SipTransport t;
        try {
            t = new SipTransport(cfg, group, epoll, listenerFactory);
            t.bind();
        } catch (RuntimeException e) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
            throw e instanceof TransportException te ? te : new TransportException("transport start failed", e);
        }
        LOG.debug("started {} with {} call executors ({})", t.listeningPoints, cfg.callExecutors(), epoll ? "epoll" : "nio");
        if (cfg.impairment().enabled()) {
            LOG.warn("UDP datagrams impaired on purpose in both directions: {}", cfg.impairment());
        }
        return t;
    }

    private void bind() {
        InetAddress host;
        try {
            host = InetAddress.getByName(config.host());
        } catch (UnknownHostException e) {
            throw new TransportException("unknown listen host " + config.host(), e);
        }
        int attempts = config.port() == 0 ? BIND_ATTEMPTS : 1;
        Throwable last = null;
        for (int i = 0; i < attempts; i++) {
            ChannelFuture u = udpBootstrap(host).bind(new InetSocketAddress(host, config.port())).awaitUninterruptibly();
            if (!u.isSuccess()) {
                throw new TransportException("cannot bind UDP " + config.host() + ":" + config.port(), u.cause());
            }
            InetSocketAddress udpAddress = (InetSocketAddress) u.channel().localAddress();
            ChannelFuture s = tcpBootstrap().bind(udpAddress).awaitUninterruptibly();
            if (s.isSuccess()) {
                udpChannel = u.channel();
                startProbe(u.channel(), udpAddress);
                tcpServerChannel = s.channel();
                listeningPoints = List.of(new ListeningPoint("UDP", udpAddress),
                        new ListeningPoint("TCP", (InetSocketAddress) s.channel().localAddress()));
                return;
            }
            last = s.cause();
            u.channel().close().awaitUninterruptibly();
        }
        throw new TransportException("cannot bind TCP on the UDP port at " + config.host() + ":" + config.port(), last);
    }

    /**
     * Shedding at the socket needs the queue's delay: a {@link QueueDelayProbe} first in the UDP
     * pipeline (before any impairment), its probes sent from one daemon timer thread. If it cannot
     * open, the transport runs without that rule and says so.
     */
    private void startProbe(Channel udp, InetSocketAddress udpAddress) {
        if (config.maxReceiveQueueDelay().isZero()) {
            return;
        }
        probeTimer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "dialtone-udp-probe");
            t.setDaemon(true);
            return t;
        });
        try {
            QueueDelayProbe probe = QueueDelayProbe.open(udpAddress, probeTimer);
            udp.pipeline().addFirst("queue-delay-probe", probe);
            udpProbe = probe;                       // it starts sending once added on the event loop
        } catch (java.io.IOException | RuntimeException e) {
            LOG.warn("no overload shedding at the UDP socket {}: the queue-delay probe did not open: {}", udpAddress, e.toString());
            probeTimer.shutdownNow();
            probeTimer = null;
        }
    }

    /** The UDP listening point's queue-delay probe, or null; read on its event loop per read burst. */
    QueueDelayProbe udpProbe() {
        return udpProbe;
    }

    private Bootstrap udpBootstrap(InetAddress host) {
        int recv = Math.min(config.parserLimits().maxMessageBytes() + 1, 65536); // +1: an oversized datagram is seen as such
        SocketProtocolFamily family = Hosts.socketFamily(host);
        return new Bootstrap().group(group)
                .channelFactory(() -> epoll ? new EpollDatagramChannel(family) : new NioDatagramChannel(family))
                .option(ChannelOption.RECVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(recv).maxMessagesPerRead(UDP_READ_BURST))
                .option(ChannelOption.SO_RCVBUF, config.udpReceiveBufferBytes())
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        if (config.impairment().enabled()) { // UDP only: TCP is never impaired
                            ch.pipeline().addLast(new ImpairmentHandler(config.impairment(), metrics));
                        }
                        ch.pipeline().addLast(new UdpHandler(SipTransport.this));
                    }
                });
    }

    private ServerBootstrap tcpBootstrap() {
        Class<? extends ServerChannel> cls = epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
        return new ServerBootstrap().group(group).channel(cls)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(new SipStreamDecoder(config.parserLimits().maxMessageBytes()),
                                new TcpHandler(SipTransport.this, null, null));
                    }
                });
    }

    /** The call executors, in index order; fixed for the transport's life. */
    public List<CallExecutor> executors() {
        return executors;
    }

    /** The executor that owns {@code callId}: a stable hash, the same for the transport's life. */
    public CallExecutor executorFor(String callId) {
        return executors.get((callId.hashCode() & 0x7fffffff) % executors.size());
    }

    /** The bound UDP and TCP listening points, in that order. */
    public List<ListeningPoint> listeningPoints() {
        return listeningPoints;
    }

    @Override
    public ListeningPoint listeningPoint(String transport) {
        for (ListeningPoint lp : listeningPoints) {
            if (lp.transport().equalsIgnoreCase(transport)) {
                return lp;
            }
        }
        throw new IllegalArgumentException("no listening point for " + transport);
    }

    public TransportConfig config() {
        return config;
    }

    public TransportMetrics metrics() {
        return metrics;
    }

    // ---------------------------------------------------------------- inbound

    /** A datagram or a stream frame arrived; {@code channel} is the connection for TCP (the UDP channel for UDP). */
    void onMessage(byte[] bytes, Inbound source, Channel channel) {
        onMessage(bytes, source, channel, 0);
    }

    /**
     * As {@link #onMessage(byte[], Inbound, Channel)}, for a datagram read from a socket whose
     * receive queue made it wait {@code queueDelayNanos} ({@link QueueDelayProbe}).
     */
    void onMessage(byte[] bytes, Inbound source, Channel channel, long queueDelayNanos) {
        metrics.received(bytes.length);
        SipMessage message;
        try {
            message = SipParser.parseOwned(bytes, config.parserLimits()); // bytes: a fresh copy of the datagram or frame
        } catch (SipParseException e) {
            metrics.parseError();
            wireIn(source, bytes);
            answerUnparsable(bytes, e, source, channel);
            return;
        } catch (RuntimeException e) {
            metrics.parseError();
            metrics.drop();
            LOG.error("parser failed on a message from {}", source.remote(), e);
            return;
        }
        wireIn(source, bytes);
        try {
            if (message instanceof SipRequest request) {
                SipRequest stamped = ViaStamping.stamp(request, source.remote());
                Inbound from = overloadMark(stamped, source, queueDelayNanos);
                dispatch(stamped.callId(), l -> l.onRequest(stamped, from));
            } else {
                SipResponse response = (SipResponse) message;
                if (!sentByUs(response.topVia())) { // §18.1.2
                    metrics.drop();
                    LOG.debug("dropped response from {}: top Via {} is not ours", source.remote(), response.topVia());
                    return;
                }
                dispatch(response.callId(), l -> l.onResponse(response, source));
            }
        } catch (RuntimeException e) {
            metrics.drop();
            LOG.error("dropped a message from {}", source.remote(), e);
        }
    }

    /** A stream could not be framed: answer if possible, then close the connection. */
    void onInvalidFrame(InvalidFrame frame, Inbound source, Channel channel) {
        metrics.received(frame.head().length);
        metrics.parseError();
        SipParseException e = new SipParseException(0, null, frame.status(), frame.reason());
        answerUnparsable(frame.head(), e, source, channel)
                .whenComplete((v, x) -> channel.close());
    }

    private CompletableFuture<Void> answerUnparsable(byte[] bytes, SipParseException e, Inbound source,
                                                     Channel channel) {
        byte[] answer = ErrorResponses.answerBytes(bytes, 0, bytes.length, e);
        if (answer == null) {
            metrics.drop();
            LOG.debug("dropped unparsable message from {} {}: {} {}", source.transport(), source.remote(),
                    e.status(), e.reasonPhrase());
            return CompletableFuture.completedFuture(null);
        }
        LOG.debug("answering {} {} to unparsable request from {} {}", e.status(), e.reasonPhrase(),
                source.transport(), source.remote());
        return source.transport().equals("UDP")
                ? sendUdp(answer, source.remote())
                : write(channel, answer, source.transport(), source.remote());
    }

    /**
     * Overload shedding ({@link OverloadShedding}): a new out-of-dialog INVITE read while its call
     * executor's backlog is over {@link TransportConfig#maxExecutorBacklog()}, or while the socket
     * it was read from has had a receive queue for longer than
     * {@link TransportConfig#maxReceiveQueueDelay()}, goes up with its source marked
     * ({@link Inbound#overloaded}); the transaction layer answers it {@code 503} with
     * {@code Retry-After} through a server transaction unless it is a retransmission of an INVITE
     * it already has, and counts it through {@link #countShed()}.
     *
     * @return {@code source}, or a marked copy of it
     */
    private Inbound overloadMark(SipRequest request, Inbound source, long queueDelayNanos) {
        if (!"INVITE".equals(request.method()) || request.toTag() != null) {
            return source;
        }
        int max = config.maxExecutorBacklog();
        int backlog = max == 0 ? 0 : executorFor(request.callId()).pendingTasks();
        if (OverloadShedding.shouldShed(request.method(), false, backlog, max)) {
            LOG.debug("overload: INVITE {} from {}: call executor backlog {} > {}", request.callId(),
                    source.remote(), backlog, max);
        } else if (OverloadShedding.shouldShedAtSocket(request.method(), false, queueDelayNanos,
                config.maxReceiveQueueDelay().toNanos())) {
            LOG.debug("overload: INVITE {} from {}: datagrams wait {} ms in the receive queue", request.callId(),
                    source.remote(), queueDelayNanos / 1_000_000);
        } else {
            return source;
        }
        return source.overloaded(config.retryAfterSeconds());
    }

    @Override
    public void countShed() {
        metrics.shedOne();
    }

    private void dispatch(String callId, Consumer<TransportListener> delivery) {
        CallExecutor executor = executorFor(callId);
        TransportListener listener = listeners[executor.index()];
        if (executor.inExecutor()) {
            deliver(callId, listener, delivery);
        } else {
            executor.execute(() -> deliver(callId, listener, delivery));
        }
    }

    private static void deliver(String callId, TransportListener listener, Consumer<TransportListener> delivery) {
        MDC.put("callId", callId);
        try {
            delivery.accept(listener);
        } catch (RuntimeException e) {
            LOG.error("transport listener failed", e);
        } finally {
            MDC.remove("callId");
        }
    }

    /** §18.1.2: the top Via sent-by must be a value we insert, that is one of our listening points. */
    private boolean sentByUs(Via via) {
        for (ListeningPoint lp : listeningPoints) {
            if (via.portOrDefault() != lp.port()) {
                continue;
            }
            InetAddress a = lp.address().getAddress();
            if (a.isAnyLocalAddress() || via.host().equalsIgnoreCase(lp.host())
                    || via.host().equalsIgnoreCase(config.host()) || Hosts.sameAddress(via.host(), a)) {
                return true;
            }
        }
        return false;
    }

    // ---------------------------------------------------------------- outbound

    @Override
    public CompletableFuture<Void> sendRequest(SipRequest request, Destination destination) {
        byte[] bytes = request.toBytes();
        return switch (destination.transport()) {
            case "UDP" -> sendUdp(bytes, destination.address());
            case "TCP" -> connections.send(bytes, destination.address(), destination.address());
            default -> CompletableFuture.failedFuture(
                    new TransportException("unsupported transport " + destination.transport()));
        };
    }

    @Override
    public CompletableFuture<Void> sendResponse(SipResponse response) {
        ResponseRoute route = ResponseRoute.of(response.topVia());
        byte[] bytes = response.toBytes();
        try {
            InetAddress host = InetAddress.getByName(route.host()); // an IP literal unless received is absent
            return switch (route.transport()) {
                case "UDP" -> sendUdp(bytes, new InetSocketAddress(host, route.port()));
                case "TCP" -> connections.send(bytes, new InetSocketAddress(host, route.port()),
                        new InetSocketAddress(host, route.connectPort()));
                default -> CompletableFuture.failedFuture(
                        new TransportException("unsupported transport " + route.transport()));
            };
        } catch (UnknownHostException e) {
            return CompletableFuture.failedFuture(new TransportException("cannot resolve " + route.host(), e));
        }
    }

    @Override
    public CompletableFuture<Void> sendResponse(SipResponse response, Inbound requestSource) {
        if (requestSource != null && !requestSource.transport().equals("UDP")) {
            CompletableFuture<Channel> c = connections.get(requestSource.remote());
            if (TcpConnections.usable(c)) { // §18.2.2: the connection the request came on, while it is open
                byte[] bytes = response.toBytes();
                return c.thenCompose(ch -> write(ch, bytes, requestSource.transport(), requestSource.remote()));
            }
        }
        return sendResponse(response);
    }

    private CompletableFuture<Void> sendUdp(byte[] bytes, InetSocketAddress to) {
        if (bytes.length > MAX_UDP_PAYLOAD_BYTES) {
            return CompletableFuture.failedFuture(new TransportException(
                    "message of " + bytes.length + " bytes too large for UDP (§18.1.1)"));
        }
        Channel ch = udpChannel;
        if (ch == null || closed.get()) {
            return CompletableFuture.failedFuture(new TransportException("transport closed"));
        }
        wireOut("UDP", to, bytes);
        CompletableFuture<Void> f = new CompletableFuture<>();
        // straight into a direct buffer: a heap buffer would be wrapped, then copied by the channel
        ChannelFuture written;
        if (ch.eventLoop().inEventLoop()) {     // from a read burst or a timer on the UDP loop: batch
            written = ch.write(new DatagramPacket(udpSendSlab.copy(ch.alloc(), bytes), to));
            flushUdpLater(ch);
        } else {
            written = ch.writeAndFlush(new DatagramPacket(ch.alloc().directBuffer(bytes.length).writeBytes(bytes), to));
        }
        written.addListener(w -> complete(f, w.isSuccess(), w.cause(), bytes.length, to));
        return f;
    }

    /**
     * Flushes the UDP channel once the loop has finished what it is doing (the read burst, the due
     * timers): the datagrams written meanwhile leave in one {@code sendmmsg} on the epoll transport
     * instead of one {@code sendto} each. Runs on the UDP channel's event loop only.
     */
    private void flushUdpLater(Channel ch) {
        if (!udpFlushPending) {
            udpFlushPending = true;
            ch.eventLoop().execute(() -> {
                udpFlushPending = false;
                ch.flush();
            });
        }
    }

    CompletableFuture<Void> write(Channel ch, byte[] bytes, String transport, InetSocketAddress to) {
        wireOut(transport, to, bytes);
        CompletableFuture<Void> f = new CompletableFuture<>();
        ch.writeAndFlush(Unpooled.wrappedBuffer(bytes))
                .addListener(w -> complete(f, w.isSuccess(), w.cause(), bytes.length, to));
        return f;
    }

    private void complete(CompletableFuture<Void> f, boolean success, Throwable cause, int sizeBytes,
                          InetSocketAddress to) {
        if (success) {
            metrics.sent(sizeBytes);
            f.complete(null);
        } else {
            f.completeExceptionally(new TransportException("send to " + to + " failed", cause));
        }
    }

    private static void wireIn(Inbound source, byte[] bytes) {
        if (WIRE.isTraceEnabled()) {
            WIRE.trace("<-- {} {}\n{}", source.transport(), format(source.remote()),
                    WireRedaction.redact(new String(bytes, StandardCharsets.UTF_8)));
        }
    }

    private static void wireOut(String transport, InetSocketAddress to, byte[] bytes) {
        if (WIRE.isTraceEnabled()) {
            WIRE.trace("--> {} {}\n{}", transport, format(to), WireRedaction.redact(new String(bytes, StandardCharsets.UTF_8)));
        }
    }

    private static String format(InetSocketAddress a) {
        return a.getAddress() == null ? a.toString() : a.getAddress().getHostAddress() + ":" + a.getPort();
    }

    // ---------------------------------------------------------------- lifecycle

    /**
     * Closes the listening points and connections and stops the executors, letting queued tasks
     * run; waits at most about 5 s (not at all when called from one of the executors). Idempotent.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        Channel u = udpChannel;
        Channel s = tcpServerChannel;
        QueueDelayProbe probe = udpProbe;
        if (probe != null) {
            probe.close();
        }
        if (probeTimer != null) {
            probeTimer.shutdownNow();
        }
        if (u != null) {
            u.eventLoop().execute(udpSendSlab::release);
            u.close();
        }
        if (s != null) {
            s.close();
        }
        for (CompletableFuture<Channel> c : connections.all()) {
            c.thenAccept(Channel::close);
        }
        var done = group.shutdownGracefully(20, 2000, TimeUnit.MILLISECONDS);
        if (executors.stream().noneMatch(CallExecutor::inExecutor)) {
            done.awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
        LOG.debug("closed {} ({})", listeningPoints, metrics);
    }

    /** The call executor whose event loop reads the UDP socket; tests keep it unblocked. */
    CallExecutor udpReader() {
        Channel u = udpChannel;
        for (CallExecutor ex : executors) {
            if (u != null && ex.eventLoop() == u.eventLoop()) {
                return ex;
            }
        }
        throw new IllegalStateException("UDP not bound");
    }

    boolean isClosed() {
        return closed.get();
    }
}
