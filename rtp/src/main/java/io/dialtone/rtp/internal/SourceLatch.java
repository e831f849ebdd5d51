package io.dialtone.rtp.internal;

import java.net.InetSocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where one stream sends RTP: symmetric RTP (RFC 4961), with the source made strict once it has
 * settled.
 *
 * <ul>
 * <li>Until a packet arrives, RTP goes to the address from the peer's SDP ({@link #fromSdp}).
 * <li>Each valid RTP packet from another source moves the destination to that source (the NAT case:
 *     a peer behind NAT sends from its public address, not the one in its SDP).
 * <li>Once {@value #CONNECT_AFTER_PACKETS} valid packets in a row came from the destination, the RTP
 *     socket is connected to it ({@link PacketSender#connectRtp}). From then on the kernel drops
 *     datagrams from any other source before they reach the loop (injected or stray RTP can no longer
 *     take the stream over), and datagrams are read and written without an address: nothing is
 *     allocated per packet on an epoll loop, and the kernel keeps the route.
 * <li>A new address from SDP (a re-INVITE or UPDATE, RFC 3264 §8) that differs, or
 *     {@value #RELEARN_AFTER_MS} ms without a packet from the peer, disconnects the socket, and the
 *     source is learnt again as above: a peer that moves without signalling is heard again once it
 *     has been silent on its old address for that long.
 * </ul>
 *
 * <p>Threading: confined to the stream's event loop, like {@link StreamEngine}.
 */
final class SourceLatch {

    private static final Logger LOG = LoggerFactory.getLogger(SourceLatch.class);
    /** Valid RTP packets in a row from one source before the socket is connected to it (200 ms at 20 ms ptime). */
    static final int CONNECT_AFTER_PACKETS = 10;
    /** Silence from the connected peer after which its socket is disconnected and the source learnt again, ms. */
    static final long RELEARN_AFTER_MS = 2_000;
    private static final long RELEARN_AFTER_NANOS = RELEARN_AFTER_MS * 1_000_000L;

    private final PacketSender socket;
    private InetSocketAddress remote;
    private int run;
    private boolean connected;
    private long lastArrival;

    /** @param socket where the RTP socket is connected and disconnected */
    SourceLatch(PacketSender socket) {
        this.socket = socket;
    }

    /** @return where RTP is sent now, or null before the SDP or a packet gave an address */
    InetSocketAddress remote() {
        return remote;
    }

    /** @return whether the RTP socket is connected to {@link #remote} */
    boolean connected() {
        return connected;
    }

    /** The peer's SDP gave {@code rtp} (the offer or answer, or a later one). */
    void fromSdp(InetSocketAddress rtp) {
        if (connected && !rtp.equals(remote)) {
            disconnect();
        }
        if (!connected) {
            run = 0;
        }
        remote = rtp;
    }

    /**
     * A valid RTP packet (or, with rtcp-mux, RTCP) arrived.
     *
     * @param from         its source
     * @param arrivalNanos its monotonic arrival time
     */
    void onPacket(InetSocketAddress from, long arrivalNanos) {
        lastArrival = arrivalNanos;
        if (connected) {
            return; // the socket delivers nothing but the peer's datagrams
        }
        if (from == remote || from.equals(remote)) {
            if (++run == CONNECT_AFTER_PACKETS && socket.connectRtp(remote)) {
                connected = true;
                LOG.debug("RTP source {} settled: socket connected", remote);
            }
        } else {
            LOG.debug("symmetric RTP: sending to {} (was {})", from, remote);
            remote = from;
            run = 1;
        }
    }

    /** Each media-clock tick: a connected peer silent for {@value #RELEARN_AFTER_MS} ms is let go. */
    void onTick(long nowNanos) {
        if (connected && nowNanos - lastArrival > RELEARN_AFTER_NANOS) {
            LOG.debug("no RTP from {} for {} ms: socket disconnected, learning the source again", remote,
                    RELEARN_AFTER_MS);
            disconnect();
        }
    }

    private void disconnect() {
        connected = false;
        run = 0;
        socket.disconnectRtp();
    }
}
