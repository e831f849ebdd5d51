package io.dialtone.rtp.internal;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies each received datagram into a {@code byte[]}, releases the Netty buffer (this handler is its
 * last user) and hands the bytes to the stream with their arrival time. Runs on the stream's event loop.
 */
public final class DatagramHandler extends ChannelInboundHandlerAdapter {

    /** Receiver of datagrams, called on the event loop. */
    @FunctionalInterface
    public interface Receiver {
        /**
         * @param buf          the datagram (owned by the receiver)
         * @param len          its length
         * @param arrivalNanos monotonic arrival time
         * @param from         source address
         */
        void receive(byte[] buf, int len, long arrivalNanos, InetSocketAddress from);
    }

    private static final Logger LOG = LoggerFactory.getLogger(DatagramHandler.class);

    private final LongSupplier nanoTime;
    private final Receiver receiver;

    /**
     * @param nanoTime monotonic clock for arrival times
     * @param receiver where datagrams go
     */
    public DatagramHandler(LongSupplier nanoTime, Receiver receiver) {
        this.nanoTime = nanoTime;
        this.receiver = receiver;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof DatagramPacket packet)) {
            ctx.fireChannelRead(msg);
            return;
        }
        long arrival = nanoTime.getAsLong();
        byte[] bytes;
        try {
            ByteBuf content = packet.content();
            bytes = new byte[content.readableBytes()];
            content.getBytes(content.readerIndex(), bytes);
        } finally {
            packet.release();
        }
        receiver.receive(bytes, bytes.length, arrival, packet.sender());
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // ICMP port unreachable and the like: the peer is not there (yet); RTP carries on.
        LOG.debug("RTP socket {}: {}", ctx.channel().localAddress(), cause.toString());
    }
}
