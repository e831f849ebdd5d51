package io.dialtone.transport;

import io.dialtone.transport.internal.ReceiveBacklog;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DatagramPacket;
import io.netty.util.ReferenceCountUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;

/**
 * Reads datagrams on the UDP listening point (RFC 3261 §18): copies each into a {@code byte[]},
 * releases the packet (it is the last to touch it) and hands the bytes to {@link SipTransport}.
 * Keep-alive datagrams (only CR, LF, SP or NUL) are ignored. Never closes the channel. Tracks how
 * long the socket's receive queue has stayed non-empty ({@link ReceiveBacklog}) for overload
 * shedding, so one instance serves one channel, on its event loop.
 */
final class UdpHandler extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(UdpHandler.class);

    private final SipTransport transport;
    private final ReceiveBacklog backlog = new ReceiveBacklog(SipTransport.UDP_READ_BURST);
    private long burstStartNanos;
    /**
     * The {@link Inbound} of the last datagram, reused while datagrams keep coming from the same
     * address (a proxy, a trunk, a load generator): every transaction keeps its source for 64·T1,
     * and one shared instance costs nothing per transaction, where one per datagram cost ~150 B.
     */
    private Inbound lastSource;

    UdpHandler(SipTransport transport) {
        this.transport = transport;
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        backlog.onBurstEnd(System.nanoTime());
        burstStartNanos = 0;
        ctx.fireChannelReadComplete();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof DatagramPacket packet)) {
            ReferenceCountUtil.release(msg);
            return;
        }
        backlog.onRead();
        if (burstStartNanos == 0) {
            burstStartNanos = System.nanoTime();
        }
        byte[] bytes;
        InetSocketAddress sender = packet.sender();
        try {
            ByteBuf content = packet.content();
            bytes = new byte[content.readableBytes()];
            content.getBytes(content.readerIndex(), bytes);
        } finally {
            packet.release();
        }
        if (isKeepAlive(bytes)) {
            return;
        }
        Inbound source = lastSource;
        if (source == null || !source.remote().equals(sender)) {
            source = new Inbound("UDP", sender, (InetSocketAddress) ctx.channel().localAddress());
            lastSource = source;
        }
        transport.onMessage(bytes, source, ctx.channel(), backlog.delayNanos(burstStartNanos));
    }

    private static boolean isKeepAlive(byte[] b) {
        for (byte x : b) {
            if (x != '\r' && x != '\n' && x != ' ' && x != 0) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("UDP error on {}", ctx.channel().localAddress(), cause); // e.g. ICMP port unreachable
    }
}
