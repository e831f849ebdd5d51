package io.dialtone.rtp.internal;

import io.dialtone.rtp.JitterBuffer;
import io.dialtone.rtp.ReceptionStatistics;
import io.dialtone.rtp.RtcpCompound;
import io.dialtone.rtp.RtcpCompoundView;
import io.dialtone.rtp.RtcpReportBlock;
import io.dialtone.rtp.RtcpSenderInfo;
import io.dialtone.rtp.RtpFormatException;
import io.dialtone.rtp.VoipMetrics;
import java.net.InetSocketAddress;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The RTCP packets of one {@link StreamEngine} (RFC 3550 §6): the SR/RR compounds its §6.3 timer
 * ({@link RtcpTimer}) asks for, built (§6.4, with an XR VoIP Metrics block, RFC 3611 §4.7) and sent to
 * the remote RTCP address, or to the RTP address with rtcp-mux (RFC 5761 §4); the BYE when the stream
 * leaves (§6.3.7, §6.6) or its SSRC collided (§8.2); and the compounds received, read into the timer's
 * member tables and the {@link RtcpReporter}, their source latched as the RTCP destination (symmetric
 * RTCP) unless RTCP is multiplexed.
 *
 * <p>The engine itself feeds the timer and the reporter with every RTP packet and asks
 * {@link RtcpTimer#due} on every tick: this class is called only when the timer is due, a compound
 * arrives, or the stream leaves. Building a report allocates the compound (once an interval); a
 * compound received is read through a reused view, and one sent is serialised into a reused buffer.
 *
 * <p>Threading: confined to the stream's event loop, as its engine is; no locks.
 */
final class RtcpEndpoint {

    private static final Logger LOG = LoggerFactory.getLogger(RtcpEndpoint.class);

    private final RtcpTimer timer;
    private final RtcpReporter reporter;
    private final PacketSender sender;
    private final SourceLatch latch;
    private final RtpSender out;
    private final JitterBuffer jitterBuffer;
    private final Playout playout;
    private final String cname;
    /** The compound being received: a view over the caller's bytes, reused. */
    private final RtcpCompoundView received = new RtcpCompoundView();
    /** The compound being sent: serialised in place, reused. */
    private byte[] packet = new byte[512];

    private InetSocketAddress remote;
    private boolean mux;
    private boolean sentAny; // §6.3.7: who never sent RTP or RTCP sends no BYE
    private long malformed;

    /**
     * @param timer        the stream's §6.3 timer, also fed by the engine
     * @param reporter     the stream's report analysis, also fed by the engine
     * @param sender       output for datagrams
     * @param latch        the remote RTP address, where RTCP goes with rtcp-mux
     * @param out          our RTP sender: SSRC and SR sender info
     * @param jitterBuffer the stream's jitter buffer, for XR playout figures
     * @param playout      the stream's playout, for XR concealment
     * @param cname        SDES CNAME
     */
    RtcpEndpoint(RtcpTimer timer, RtcpReporter reporter, PacketSender sender, SourceLatch latch, RtpSender out,
            JitterBuffer jitterBuffer, Playout playout, String cname) {
        this.timer = timer;
        this.reporter = reporter;
        this.sender = sender;
        this.latch = latch;
        this.out = out;
        this.jitterBuffer = jitterBuffer;
        this.playout = playout;
        this.cname = cname;
    }

    /** @param rtcp remote RTCP address from SDP (RFC 3605); received RTCP may later replace it */
    void remote(InetSocketAddress rtcp) {
        this.remote = rtcp;
    }

    /** @return where RTCP is sent without rtcp-mux now, or null */
    InetSocketAddress remote() {
        return remote;
    }

    /** @param on whether RTCP is multiplexed on the RTP port (RFC 5761) */
    void mux(boolean on) {
        this.mux = on;
    }

    /** @return whether an RTCP compound was ever sent */
    boolean sentAny() {
        return sentAny;
    }

    /** @return malformed compounds dropped */
    long malformed() {
        return malformed;
    }

    /**
     * The §6.3 timer is {@link RtcpTimer#due due}: sends the report, or while leaving the BYE, that
     * {@link RtcpTimer#expire} asks for.
     *
     * @param remoteSsrc the remote source, -1 before one is heard
     * @param reception  its reception statistics
     * @return whether the BYE went out, after which the stream is finished
     */
    boolean expire(long nowNanos, long remoteSsrc, ReceptionStatistics reception) {
        return switch (timer.expire(nowNanos)) {
            case REPORT -> {
                int bytes = send(report(nowNanos, false, remoteSsrc, reception));
                if (bytes > 0) {
                    timer.sent(nowNanos, bytes + RtcpReporter.UDP_IP_OVERHEAD);
                } else {
                    timer.notSent(nowNanos);
                }
                yield false;
            }
            case BYE -> {
                send(report(nowNanos, true, remoteSsrc, reception));
                yield true;
            }
            case RESCHEDULED -> false; // §6.3.6 forward reconsideration: tp + T is still ahead
        };
    }

    /**
     * Leaves the session (§6.3.7, §6.6): the BYE goes out now, or with more than
     * {@value RtcpTimer#BYE_BACKOFF_MEMBERS} members the back-off starts and a later {@link #expire}
     * sends it.
     *
     * @return whether the BYE went out now
     */
    boolean leave(long nowNanos, long remoteSsrc, ReceptionStatistics reception) {
        RtcpCompound bye = report(nowNanos, true, remoteSsrc, reception);
        if (timer.leave(nowNanos, bye.sizeBytes() + RtcpReporter.UDP_IP_OVERHEAD)) {
            send(bye);
            return true;
        }
        return false;
    }

    /** Sends a BYE for {@code ssrc}, which another source also uses (§8.2), outside the timer. */
    void collisionBye(long ssrc) {
        send(new RtcpCompound(ssrc, null, List.of(), cname, List.of(ssrc), "SSRC collision"));
    }

    /**
     * Reads one compound received: the timer's member tables (§6.3.3, §6.3.4, BYE §6.3.7), LSR/DLSR from
     * the remote source's SR, the report block and the XR VoIP Metrics block about our SSRC.
     *
     * @param buf          datagram bytes (not retained)
     * @param len          datagram length
     * @param arrivalNanos monotonic arrival time
     * @param from         source address, which symmetric RTCP latches as the RTCP destination
     * @param remoteSsrc   the remote RTP source, -1 before one is heard
     * @return whether it came from our own SSRC: a collision (§8.2) for the caller to resolve, the
     *         compound otherwise unread
     */
    boolean onRtcp(byte[] buf, int len, long arrivalNanos, InetSocketAddress from, long remoteSsrc) {
        RtcpCompoundView c = received;
        try {
            c.wrap(buf, 0, len);
        } catch (RtpFormatException e) {
            malformed++;
            LOG.debug("dropped malformed RTCP from {}: {}", from, e.getMessage());
            return false;
        }
        if (!mux && !from.equals(remote)) {
            remote = from;
        }
        if (c.ssrc() == out.ssrc()) {
            return true;
        }
        if (c.isBye()) {
            LOG.debug("BYE from {} for {} source(s)", Long.toHexString(c.ssrc()), c.byeCount());
            timer.onBye(c, len + RtcpReporter.UDP_IP_OVERHEAD, arrivalNanos); // §6.3.4, §6.3.7
        } else {
            timer.onRtcp(c.ssrc(), len + RtcpReporter.UDP_IP_OVERHEAD, arrivalNanos); // §6.3.3
        }
        if (c.isSenderReport() && c.ssrc() == remoteSsrc) {
            reporter.onSenderReport(c.compactNtp(), arrivalNanos);
        }
        for (int i = 0; i < c.reportCount(); i++) {
            if (c.reportSsrc(i) == out.ssrc()) {
                reporter.onReportBlock(c.ssrc(), c.reportBlock(i), c.isSenderReport(), arrivalNanos);
            }
        }
        if (c.hasVoipMetrics() && c.voipMetricsSsrc() == out.ssrc()) {
            reporter.onVoipMetrics(c.voipMetrics());
        }
        return false;
    }

    /**
     * Builds the SR/RR compound due now (§6.4), with SDES CNAME, an XR VoIP Metrics block (RFC 3611
     * §4.7) about the remote source once one is heard, and, if {@code bye}, BYE (§6.6).
     */
    RtcpCompound report(long nowNanos, boolean bye, long remoteSsrc, ReceptionStatistics reception) {
        RtcpSenderInfo si = null;
        if (timer.weSent()) { // §6.4: an SR from who sent since the report before last
            si = out.senderInfo(reporter.ntp(nowNanos), nowNanos);
        }
        List<RtcpReportBlock> blocks = List.of();
        VoipMetrics xr = null;
        if (remoteSsrc != -1 && reception.hasReceived()) {
            blocks = List.of(reception.report(remoteSsrc, reporter.lsr(), reporter.dlsr(nowNanos)));
            xr = reporter.voipMetrics(remoteSsrc, reception.received(), reception.expected(), jitterBuffer.stats(),
                    playout.conceals(), StreamEngine.MAX_PLAYOUT_DELAY_MS);
        }
        long ssrc = out.ssrc();
        return new RtcpCompound(ssrc, si, blocks, cname, bye ? List.of(ssrc) : List.of(), null, xr, List.of());
    }

    /**
     * Sends a compound to the remote RTCP address, or to the RTP address with rtcp-mux (RFC 5761 §4).
     *
     * @return its size in bytes, 0 if no remote address is known
     */
    private int send(RtcpCompound c) {
        InetSocketAddress to = mux ? latch.remote() : remote;
        if (to == null) {
            return 0;
        }
        int size = c.sizeBytes();
        if (packet.length < size) {
            packet = new byte[size];
        }
        c.writeTo(packet, 0);
        if (mux) {
            sender.sendRtp(packet, 0, size, to);
        } else {
            sender.sendRtcp(packet, 0, size, to);
        }
        sentAny = true;
        return size;
    }
}
