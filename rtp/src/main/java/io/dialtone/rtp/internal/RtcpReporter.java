package io.dialtone.rtp.internal;

import io.dialtone.rtp.EModel;
import io.dialtone.rtp.JitterBufferStats;
import io.dialtone.rtp.ReceptionStatistics;
import io.dialtone.rtp.RemoteReport;
import io.dialtone.rtp.RtcpReportBlock;
import io.dialtone.rtp.VoipMetrics;
import java.util.OptionalDouble;

/**
 * The RTCP side of one {@link StreamEngine} apart from when to report ({@link RtcpTimer}): the
 * session's RTCP bandwidth (RFC 3550 §6.2), NTP time for SRs (§4), what the peer's reports say (§6.4.1 round-trip time, RFC 3611 §4.7 VoIP
 * Metrics), and the call quality that follows (ITU-T G.107 via {@link EModel}).
 *
 * <table>
 * <caption>Bandwidth</caption>
 * <tr><th>Name</th><th>Value</th><th>Effect</th></tr>
 * <tr><td>session bandwidth</td><td>{@value #SESSION_BANDWIDTH_BPS} bit/s</td><td>G.711 at 50 packets/s with
 * RTP, UDP and IPv4 headers</td></tr>
 * <tr><td>RTCP bandwidth</td><td>5 % of it</td><td>§6.2</td></tr>
 * </table>
 *
 * <p>Threading: confined to the stream's event loop, as its engine is.
 */
final class RtcpReporter {

    /** Session bandwidth assumed for the §6.2 RTCP share: (160 + 12 + 8 + 20) bytes × 8 × 50 /s. */
    static final double SESSION_BANDWIDTH_BPS = 80_000;
    /** RTCP share of the session bandwidth (§6.2). */
    static final double RTCP_FRACTION = 0.05;
    /** RTCP bandwidth of the session, bytes/s. */
    static final double RTCP_BANDWIDTH = SESSION_BANDWIDTH_BPS * RTCP_FRACTION / 8;
    /** A.7's first guess of the average compound size with UDP/IP headers, bytes (§6.3.2). */
    static final double FIRST_COMPOUND_BYTES = 128;
    /** UDP + IPv4 header bytes counted in the average RTCP size (§6.2). */
    static final int UDP_IP_OVERHEAD = 28;
    /** Received packets needed before R and MOS are reported. */
    static final long MIN_PACKETS_FOR_QUALITY = 250;
    private static final long NTP_EPOCH_OFFSET_S = 2_208_988_800L;
    /** Longest run of losses fed to the burst/gap model at once (a restart is not a burst). */
    private static final long MAX_LOSS_RUN = ReceptionStatistics.MAX_DROPOUT;

    private final long wallAnchorNanos;
    private final long nanoAnchor;
    private final int clockRateHz;
    private final int ptimeMs;

    private long lastSrCompactNtp;
    private long lastSrArrivalNanos;
    private RemoteReport lastRemoteReport;
    private VoipMetrics remoteVoipMetrics;
    private double rttMs = Double.NaN;
    private BurstGapModel losses = new BurstGapModel();
    private long highestSeen = -1; // extended sequence number last accounted in the loss model

    RtcpReporter(long wallAnchorNanos, long nanoAnchor, int clockRateHz, int ptimeMs) {
        this.wallAnchorNanos = wallAnchorNanos;
        this.nanoAnchor = nanoAnchor;
        this.clockRateHz = clockRateHz;
        this.ptimeMs = ptimeMs;
    }

    /** 64-bit NTP timestamp (RFC 3550 §4) for a monotonic time. */
    long ntp(long nanos) {
        long epochNanos = wallAnchorNanos + (nanos - nanoAnchor);
        long seconds = Math.floorDiv(epochNanos, 1_000_000_000L) + NTP_EPOCH_OFFSET_S;
        long frac = (Math.floorMod(epochNanos, 1_000_000_000L) << 32) / 1_000_000_000L;
        return (seconds << 32) | frac;
    }

    /**
     * A packet of the remote source was received in sequence terms (RFC 3550 A.1): feeds the burst/gap
     * model (RFC 3611 §4.7.2) with the sequence numbers skipped since the highest seen, then this one.
     *
     * @param extendedHighestSeq the reception statistics' extended highest sequence number after it
     */
    void onReceived(long extendedHighestSeq) {
        long highest = extendedHighestSeq;
        if (highestSeen < 0 || highest < highestSeen - ReceptionStatistics.MAX_MISORDER) {
            highestSeen = highest; // first packet, or a restart (A.1)
        } else if (highest > highestSeen) {
            for (long s = Math.max(highestSeen + 1, highest - MAX_LOSS_RUN); s < highest; s++) {
                losses.lost(); // the skipped sequence numbers (§4.7.2 counts them)
            }
            highestSeen = highest;
        }
        losses.received();
    }

    /** A new remote source: forget what the old one sent. */
    void newRemote() {
        highestSeen = -1;
        lastSrCompactNtp = 0;
        losses = new BurstGapModel();
        remoteVoipMetrics = null;
    }

    /** An SR from the remote source arrived (for LSR/DLSR, §6.4.1). */
    void onSenderReport(long compactNtp, long arrivalNanos) {
        lastSrCompactNtp = compactNtp;
        lastSrArrivalNanos = arrivalNanos;
    }

    /** @return LSR for our next report block, 0 before any SR */
    long lsr() {
        return lastSrCompactNtp;
    }

    /** @return DLSR for our next report block in 1/65536 s, 0 before any SR */
    long dlsr(long nowNanos) {
        return lastSrCompactNtp == 0 ? 0 : (((nowNanos - lastSrArrivalNanos) << 16) / 1_000_000_000L) & 0xFFFFFFFFL;
    }

    /** The report block about our SSRC in the peer's SR/RR: RTT from LSR/DLSR (§6.4.1). */
    void onReportBlock(long reporterSsrc, RtcpReportBlock b, boolean senderReport, long arrivalNanos) {
        double rtt = Double.NaN;
        if (b.lsr() != 0) {
            long a = (ntp(arrivalNanos) >>> 16) & 0xFFFFFFFFL;
            long units = (a - b.lsr() - b.dlsr()) & 0xFFFFFFFFL; // 1/65536 s
            rtt = units < 0x80000000L ? units * 1000.0 / 65536 : Double.NaN;
        }
        if (!Double.isNaN(rtt)) {
            rttMs = rtt;
        }
        lastRemoteReport = new RemoteReport(reporterSsrc, b.fractionLostRatio(), b.cumulativeLost(),
                b.jitterMs(clockRateHz), rtt, senderReport);
    }

    /** The peer's XR VoIP Metrics block about our SSRC. */
    void onVoipMetrics(VoipMetrics m) {
        remoteVoipMetrics = m;
    }

    RemoteReport lastRemoteReport() {
        return lastRemoteReport;
    }

    VoipMetrics remoteVoipMetrics() {
        return remoteVoipMetrics;
    }

    /** @return the last round-trip time measured, ms, or NaN before any */
    double rttMs() {
        return rttMs;
    }

    /**
     * G.107 R for what we receive: loss and discards as Ppl, BurstR from the burst/gap chain, Ta from
     * RTT, playout delay and packetisation; empty until {@value #MIN_PACKETS_FOR_QUALITY} packets and
     * an RTT measurement exist.
     */
    OptionalDouble rFactor(long received, long expected, JitterBufferStats jb, boolean plc) {
        if (received < MIN_PACKETS_FOR_QUALITY || Double.isNaN(rttMs) || expected <= 0) {
            return OptionalDouble.empty();
        }
        double impaired = Math.max(0, expected - received) + discarded(jb);
        double ppl = Math.min(100, 100.0 * impaired / expected);
        double ta = EModel.oneWayDelayMs(rttMs, jb.delayMs());
        return OptionalDouble.of(EModel.rFactor(ppl, losses.burstRatio(), ta, plc));
    }

    /** Builds our VoIP Metrics block about the remote source (RFC 3611 §4.7). */
    VoipMetrics voipMetrics(long remoteSsrc, long received, long expected, JitterBufferStats jb, boolean plc,
            int maxPlayoutDelayMs) {
        OptionalDouble r = rFactor(received, expected, jb, plc);
        int rValue = r.isPresent() ? (int) Math.round(r.getAsDouble()) : VoipMetrics.UNAVAILABLE;
        int mos = r.isPresent() ? (int) Math.round(10 * EModel.mos(r.getAsDouble())) : VoipMetrics.UNAVAILABLE;
        long lost = Math.max(0, expected - received);
        int rtt = Double.isNaN(rttMs) ? 0 : (int) Math.min(65535, Math.round(rttMs));
        return new VoipMetrics(remoteSsrc, rate(lost, expected), rate(discarded(jb), expected),
                fraction(losses.burstDensity()), fraction(losses.gapDensity()),
                ms(losses.meanBurstPackets() * ptimeMs), ms(losses.meanGapPackets() * ptimeMs), rtt,
                ms(jb.delayMs() + (double) ptimeMs), VoipMetrics.UNAVAILABLE, VoipMetrics.UNAVAILABLE,
                VoipMetrics.UNAVAILABLE, BurstGapModel.GMIN, rValue, VoipMetrics.UNAVAILABLE, mos, mos,
                plc ? VoipMetrics.RX_CONFIG_ENHANCED_PLC_ADAPTIVE : 0x30, ms(jb.delayMs()), ms(maxPlayoutDelayMs),
                ms(maxPlayoutDelayMs));
    }

    /** RFC 3611 §4.7.1 discards: late and overflow (duplicates are not losses). */
    private static long discarded(JitterBufferStats jb) {
        return jb.late() + jb.overflow();
    }

    private static int rate(long n, long of) {
        return of <= 0 ? 0 : (int) Math.min(255, n * 256 / of);
    }

    private static int fraction(double f) {
        return (int) Math.min(255, Math.round(f * 256));
    }

    private static int ms(double v) {
        return (int) Math.min(65535, Math.max(0, Math.round(v)));
    }
}
