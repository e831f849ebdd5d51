package io.dialtone.transport;

import io.dialtone.transport.internal.QueueDelayProbe;
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
 * Keep-alive datagrams (only CR, LF, SP or NUL) are ignored. Never closes the channel. Passes on
 * how long the datagrams of the current read burst waited in the socket's queue
 * ({@link QueueDelayProbe}, taken once per burst) for overload shedding; one instance serves one
 * channel, on its event loop.
 */
final class UdpHandler extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(UdpHandler.class);

    private final SipTransport transport;
    private long burstStartNanos;
    private long burstQueueDelayNanos;
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
        burstStartNanos = 0;
        ctx.fireChannelReadComplete();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof DatagramPacket packet)) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (burstStartNanos == 0) {
            burstStartNanos = System.nanoTime();
            QueueDelayProbe probe = transport.udpProbe();
            burstQueueDelayNanos = probe == null ? 0 : probe.delayNanos(burstStartNanos);
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
        transport.onMessage(bytes, source, ctx.channel(), burstQueueDelayNanos);
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
