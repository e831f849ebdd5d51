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
 * ({@link QueueDelayProbe}, taken once per burst) for overload shedding, but only while many are
 * waiting: this read burst or the previous one has read more than {@link #BACKLOG_DATAGRAMS}. A long wait behind a few slow messages (a cold JVM's first calls, a
 * slow callback) is not overload, and refusing the next INVITE would not shorten it. Such a burst
 * also tells the probe the listening point is busy ({@link QueueDelayProbe#busy}). One instance
 * serves one channel, on its event loop.
 */
final class UdpHandler extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(UdpHandler.class);

    private final SipTransport transport;
    /** Datagrams read in one burst beyond which the queue counts as holding many. */
    static final int BACKLOG_DATAGRAMS = 8;
    private long burstStartNanos;
    private long burstQueueDelayNanos;
    private int burstDatagrams;
    private boolean lastBurstMany;
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
        lastBurstMany = burstDatagrams > BACKLOG_DATAGRAMS;
        if (lastBurstMany) {
            QueueDelayProbe probe = transport.udpProbe(); // a volatile read only for bursts of many
            if (probe != null) {
                probe.busy(burstStartNanos); // probes at the busy rate while such bursts keep coming
            }
        }
        burstDatagrams = 0;
        burstStartNanos = 0;
        ctx.fireChannelReadComplete();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof DatagramPacket packet)) {
            ReferenceCountUtil.release(msg);
            return;
        }
        burstDatagrams++;
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
        boolean many = lastBurstMany || burstDatagrams > BACKLOG_DATAGRAMS;
        transport.onMessage(bytes, source, ctx.channel(), many ? burstQueueDelayNanos : 0);
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
