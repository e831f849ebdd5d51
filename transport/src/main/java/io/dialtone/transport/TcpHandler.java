package io.dialtone.transport;

import io.dialtone.transport.internal.InvalidFrame;
import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One TCP connection, after {@code SipStreamDecoder}: registers the connection in
 * {@link SipTransport#connections} by remote address, enforces the accepted-connection limit,
 * closes it after {@code idleTimeout} without traffic, and hands frames to the transport.
 * Confined to the connection's event loop.
 */
final class TcpHandler extends ChannelDuplexHandler {
    private static final Logger LOG = LoggerFactory.getLogger(TcpHandler.class);

    private final SipTransport transport;
    private InetSocketAddress key;
    private CompletableFuture<Channel> entry;
    private final boolean accepted;
    private boolean counted;
    private Inbound inbound;
    private long lastActivityNanos;
    private ScheduledFuture<?> idleCheck;

    /** @param key, entry the map key and entry of an outgoing connection; both {@code null} for an accepted one */
    TcpHandler(SipTransport transport, InetSocketAddress key, CompletableFuture<Channel> entry) {
        this.transport = transport;
        this.key = key;
        this.entry = entry;
        this.accepted = entry == null;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        Channel ch = ctx.channel();
        InetSocketAddress remote = (InetSocketAddress) ch.remoteAddress();
        inbound = new Inbound("TCP", remote, (InetSocketAddress) ch.localAddress());
        if (accepted) {
            counted = true;
            if (transport.connections.accepted.incrementAndGet() > transport.config().maxTcpConnections()) {
                transport.metrics().drop();
                LOG.debug("closing connection from {}: more than {} connections", remote,
                        transport.config().maxTcpConnections());
                ch.close();
                return;
            }
            key = remote;
            entry = CompletableFuture.completedFuture(ch);
            transport.connections.put(key, entry);
        }
        touch();
        long idle = transport.config().idleTimeout().toNanos();
        if (idle > 0) {
            scheduleIdleCheck(ctx, idle);
        }
        super.channelActive(ctx);
    }

    private void scheduleIdleCheck(ChannelHandlerContext ctx, long delayNanos) {
        idleCheck = ctx.executor().schedule(() -> {
            long idle = transport.config().idleTimeout().toNanos();
            long quiet = System.nanoTime() - lastActivityNanos;
            if (quiet >= idle) {
                LOG.debug("closing idle connection {}", inbound.remote());
                ctx.close();
            } else {
                scheduleIdleCheck(ctx, idle - quiet);
            }
        }, delayNanos, TimeUnit.NANOSECONDS);
    }

    private void touch() {
        lastActivityNanos = System.nanoTime();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        touch();
        if (msg instanceof byte[] frame) {
            transport.onMessage(frame, inbound, ctx.channel());
        } else if (msg instanceof InvalidFrame invalid) {
            transport.onInvalidFrame(invalid, inbound, ctx.channel());
        } else {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
        touch();
        super.write(ctx, msg, promise);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (idleCheck != null) {
            idleCheck.cancel(false);
        }
        if (key != null && entry != null) {
            transport.connections.remove(key, entry);
        }
        if (counted) {
            transport.connections.accepted.decrementAndGet();
        }
        LOG.debug("connection {} closed", inbound == null ? ctx.channel() : inbound.remote());
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("closing connection {} after error", ctx.channel().remoteAddress(), cause);
        ctx.close();
    }
}
