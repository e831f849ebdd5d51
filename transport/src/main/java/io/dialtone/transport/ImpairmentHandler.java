package io.dialtone.transport;

import io.dialtone.transport.internal.Impairment;
import io.dialtone.transport.internal.Impairment.Decision;
import io.dialtone.transport.internal.Impairment.Delivery;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.channel.socket.DatagramPacket;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Applies an {@link ImpairmentConfig} to the datagrams of the UDP listening point, in front of
 * {@link UdpHandler}: received datagrams before they are read, sent datagrams before the socket
 * write. Each direction has its own {@link Impairment} (independent seeded streams) and keeps its
 * order except where the impairment reorders on purpose. Delayed deliveries wait in a FIFO queue
 * drained by timers on the channel's event loop; time is the event loop's ticker (virtual in
 * {@code EmbeddedChannel} tests).
 *
 * <p>Buffers: a dropped datagram is released here; a delivered one is passed on (the next handler
 * or the socket releases it); a duplicate is a {@code retainedDuplicate} made at decision time.
 * Datagrams still delayed or held when the handler is removed (channel closed) are released, and
 * their write promises failed. A dropped outbound datagram succeeds its promise: the network, not
 * the sender, lost it (so {@link TransportMetrics#messagesOut()} counts it as sent).
 *
 * <p>Not sharable: one instance per channel, confined to its event loop.
 */
final class ImpairmentHandler extends ChannelDuplexHandler {
    /** An outbound datagram and the promise of its write. */
    private record Out(DatagramPacket packet, ChannelPromise promise) {}

    private final ImpairmentConfig config;
    private final TransportMetrics metrics;
    private final Impairment<DatagramPacket> inbound;
    private final Impairment<Out> outbound;
    private final Lane in = new Lane(true);
    private final Lane out = new Lane(false);
    private ChannelHandlerContext ctx;

    ImpairmentHandler(ImpairmentConfig config, TransportMetrics metrics) {
        this.config = config;
        this.metrics = metrics;
        this.inbound = new Impairment<>(config, 0);
        this.outbound = new Impairment<>(config, 1);
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    // ---------------------------------------------------------------- inbound

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof DatagramPacket packet)) {
            ctx.fireChannelRead(msg);
            return;
        }
        long now = now();
        Decision<DatagramPacket> d = inbound.offer(packet, now);
        count(d);
        if (d.dropped()) {
            packet.release();
        } else if (d.held()) {
            ctx.executor().schedule(() -> {
                Delivery<DatagramPacket> x = inbound.releaseHeld(packet, now());
                if (x != null) {
                    in.add(x.packet(), null, x.dueNanos(), false);
                }
            }, ImpairmentConfig.MAX_HOLD_MS, TimeUnit.MILLISECONDS);
        }
        List<Delivery<DatagramPacket>> ds = d.deliveries();
        List<DatagramPacket> packets = new ArrayList<>(ds.size());
        for (Delivery<DatagramPacket> x : ds) { // copies first: the original may be released once passed on
            packets.add(x.copy() ? x.packet().retainedDuplicate() : x.packet());
        }
        for (int i = 0; i < ds.size(); i++) {
            in.add(packets.get(i), null, ds.get(i).dueNanos(), true);
        }
    }

    // ---------------------------------------------------------------- outbound

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (!(msg instanceof DatagramPacket packet)) {
            ctx.write(msg, promise);
            return;
        }
        Out o = new Out(packet, promise);
        long now = now();
        Decision<Out> d = outbound.offer(o, now);
        count(d);
        if (d.dropped()) {
            packet.release();
            promise.trySuccess();
        } else if (d.held()) {
            ctx.executor().schedule(() -> {
                Delivery<Out> x = outbound.releaseHeld(o, now());
                if (x != null) {
                    out.add(o.packet(), o.promise(), x.dueNanos(), false);
                }
            }, ImpairmentConfig.MAX_HOLD_MS, TimeUnit.MILLISECONDS);
        }
        List<Delivery<Out>> ds = d.deliveries();
        List<DatagramPacket> packets = new ArrayList<>(ds.size());
        for (Delivery<Out> x : ds) {
            packets.add(x.copy() ? x.packet().packet().retainedDuplicate() : x.packet().packet());
        }
        for (int i = 0; i < ds.size(); i++) {
            Delivery<Out> x = ds.get(i);
            out.add(packets.get(i), x.copy() ? ctx.voidPromise() : x.packet().promise(), x.dueNanos(), true);
        }
    }

    // ---------------------------------------------------------------- delivery in order, and cleanup

    private long now() {
        return ctx.executor().ticker().nanoTime();
    }

    /** A datagram waiting for its time; inbound when {@code promise} is null. */
    private record Pending(DatagramPacket packet, ChannelPromise promise, long dueNanos) {}

    /**
     * One direction's deliveries, in order: due times never decrease ({@link Impairment}), so a
     * FIFO queue drained by whichever timer fires delivers them in the order decided.
     */
    private final class Lane {
        private final boolean inbound;
        private final ArrayDeque<Pending> queue = new ArrayDeque<>();

        Lane(boolean inbound) {
            this.inbound = inbound;
        }

        /**
         * Delivers at once when nothing waits and it is due, else queues it and arms a timer.
         *
         * @param inline called from channelRead or write, whose readComplete or flush follows
         */
        void add(DatagramPacket packet, ChannelPromise promise, long dueNanos, boolean inline) {
            long now = now();
            if (queue.isEmpty() && dueNanos <= now) {
                if (inbound) {
                    ctx.fireChannelRead(packet);
                    if (!inline) {
                        ctx.fireChannelReadComplete();
                    }
                } else if (inline) {
                    ctx.write(packet, promise);
                } else {
                    ctx.writeAndFlush(packet, promise);
                }
                return;
            }
            queue.add(new Pending(packet, promise, dueNanos));
            ctx.executor().schedule(this::drain, Math.max(0, dueNanos - now), TimeUnit.NANOSECONDS);
            metrics.impairedDelay();
        }

        private void drain() {
            long now = now();
            boolean any = false;
            while (!queue.isEmpty() && queue.peek().dueNanos() <= now) {
                Pending p = queue.poll();
                any = true;
                if (inbound) {
                    ctx.fireChannelRead(p.packet());
                } else {
                    ctx.write(p.packet(), p.promise());
                }
            }
            if (any) {
                if (inbound) {
                    ctx.fireChannelReadComplete();
                } else {
                    ctx.flush();
                }
            }
        }

        void discard() {
            for (Pending p; (p = queue.poll()) != null; ) {
                p.packet().release();
                if (p.promise() != null) {
                    p.promise().tryFailure(new TransportException("channel closed while an impaired datagram was delayed"));
                }
            }
        }
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        in.discard(); // timers still armed find their queue empty
        out.discard();
        DatagramPacket heldIn = inbound.held();
        inbound.clearHeld();
        if (heldIn != null) {
            heldIn.release();
        }
        Out heldOut = outbound.held();
        outbound.clearHeld();
        if (heldOut != null) {
            heldOut.packet().release();
            heldOut.promise().tryFailure(new TransportException("channel closed while an impaired datagram was held"));
        }
    }

    private void count(Decision<?> d) {
        if (d.dropped()) {
            metrics.impairedDrop();
        }
        if (d.held()) {
            metrics.impairedReorder();
        }
        for (Delivery<?> x : d.deliveries()) {
            if (x.copy()) {
                metrics.impairedDuplicate();
            }
        }
    }

    @Override
    public String toString() {
        return "ImpairmentHandler{" + config + '}';
    }
}
