package io.dialtone.transport;

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
 * Keep-alive datagrams (only CR, LF, SP or NUL) are ignored. Never closes the channel.
 */
@ChannelHandler.Sharable
final class UdpHandler extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(UdpHandler.class);

    private final SipTransport transport;

    UdpHandler(SipTransport transport) {
        this.transport = transport;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof DatagramPacket packet)) {
            ReferenceCountUtil.release(msg);
            return;
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
        transport.onMessage(bytes, new Inbound("UDP", sender, (InetSocketAddress) ctx.channel().localAddress()),
                ctx.channel());
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
