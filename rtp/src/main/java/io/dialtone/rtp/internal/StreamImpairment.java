package io.dialtone.rtp.internal;

import io.dialtone.rtp.MediaClock;
import io.dialtone.rtp.MediaImpairment;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/**
 * The {@link MediaImpairment} of one stream: four {@link ImpairedPath}s (RTP in, RTP out, RTCP in,
 * RTCP out), each on its own lane of the seed, between the sockets and the {@link StreamEngine}.
 * Delayed packets wait on the stream's event loop; a delayed received packet's arrival time is the
 * time it is delivered, as if the network had held it.
 *
 * <p>Not thread-safe: confined to the stream's event loop.
 */
public final class StreamImpairment {

    private record Inbound(byte[] buf, int len, InetSocketAddress from) {}

    private record Outbound(byte[] packet, InetSocketAddress to) {}

    private final MediaImpairment config;
    private final MediaClock clock;
    private final ImpairedPath.Timer timer;
    private ImpairedPath<Inbound> rtpIn;
    private ImpairedPath<Inbound> rtcpIn;
    private ImpairedPath<Outbound> rtpOut;
    private ImpairedPath<Outbound> rtcpOut;

    /**
     * @param config the impairment
     * @param clock  the stream's media clock: its time and its event loop
     */
    public StreamImpairment(MediaImpairment config, MediaClock clock) {
        this.config = config;
        this.clock = clock;
        this.timer = (task, delayNanos) -> clock.eventLoop().schedule(task, delayNanos, TimeUnit.NANOSECONDS);
    }

    /** @return {@code next} behind the impairment of received RTP (lane 0) */
    public DatagramReceiver.Receiver rtpReceiver(DatagramReceiver.Receiver next) {
        rtpIn = inbound(0, next);
        return (buf, len, arrival, from) -> rtpIn.offer(new Inbound(Arrays.copyOf(buf, len), len, from));
    }

    /** @return {@code next} behind the impairment of received RTCP (lane 2) */
    public DatagramReceiver.Receiver rtcpReceiver(DatagramReceiver.Receiver next) {
        rtcpIn = inbound(2, next);
        return (buf, len, arrival, from) -> rtcpIn.offer(new Inbound(Arrays.copyOf(buf, len), len, from));
    }

    private ImpairedPath<Inbound> inbound(int lane, DatagramReceiver.Receiver next) {
        return new ImpairedPath<>(config, lane, clock::nanoTime, timer,
                p -> next.receive(p.buf(), p.len(), clock.nanoTime(), p.from()));
    }

    /** @return {@code next} behind the impairment of sent RTP (lane 1) and RTCP (lane 3) */
    public PacketSender sender(PacketSender next) {
        rtpOut = new ImpairedPath<>(config, 1, clock::nanoTime, timer, p -> next.sendRtp(p.packet(), 0, p.packet().length, p.to()));
        rtcpOut = new ImpairedPath<>(config, 3, clock::nanoTime, timer, p -> next.sendRtcp(p.packet(), 0, p.packet().length, p.to()));
        return new PacketSender() {
            @Override
            public void sendRtp(byte[] buf, int off, int len, InetSocketAddress to) {
                rtpOut.offer(new Outbound(Arrays.copyOfRange(buf, off, off + len), to)); // held: copied
            }

            @Override
            public void sendRtcp(byte[] buf, int off, int len, InetSocketAddress to) {
                rtcpOut.offer(new Outbound(Arrays.copyOfRange(buf, off, off + len), to));
            }

            @Override
            public boolean connectRtp(InetSocketAddress remote) {
                return next.connectRtp(remote);
            }

            @Override
            public void disconnectRtp() {
                next.disconnectRtp();
            }
        };
    }

    /**
     * On stop: sends what is waiting at once (the RTCP BYE among it) and drops what waits to be
     * received; later packets in either direction are dropped.
     */
    public void close() {
        flushAndClose(rtpOut);
        flushAndClose(rtcpOut);
        if (rtpIn != null) {
            rtpIn.close();
        }
        if (rtcpIn != null) {
            rtcpIn.close();
        }
    }

    private static void flushAndClose(ImpairedPath<?> out) {
        if (out != null) {
            out.flush();
            out.close();
        }
    }
}
