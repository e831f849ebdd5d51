package io.dialtone.rtp.internal;

import io.dialtone.rtp.EModel;
import io.dialtone.rtp.JitterBufferStats;
import io.dialtone.rtp.RemoteReport;
import io.dialtone.rtp.RtcpReportBlock;
import io.dialtone.rtp.VoipMetrics;
import java.util.OptionalDouble;
import java.util.random.RandomGenerator;

/**
 * The RTCP side of one {@link StreamEngine}: when to report (RFC 3550 §6.2, §6.3, Appendix A.7),
 * NTP time for SRs (§4), what the peer's reports say (§6.4.1 round-trip time, RFC 3611 §4.7 VoIP
 * Metrics), and the call quality that follows (ITU-T G.107 via {@link EModel}).
 *
 * <table>
 * <caption>Interval parameters</caption>
 * <tr><th>Name</th><th>Value</th><th>Effect</th></tr>
 * <tr><td>session bandwidth</td><td>{@value #SESSION_BANDWIDTH_BPS} bit/s</td><td>G.711 at 50 packets/s with
 * RTP, UDP and IPv4 headers</td></tr>
 * <tr><td>RTCP bandwidth</td><td>5 % of it</td><td>§6.2</td></tr>
 * <tr><td>minimum</td><td>5 s, 2.5 s before the first report</td><td>§6.2, A.7</td></tr>
 * <tr><td>randomisation</td><td>× [0.5, 1.5] / (e − 3/2)</td><td>§6.3.1, A.7</td></tr>
 * </table>
 *
 * <p>Threading: confined to the stream's event loop, as its engine is.
 */
final class RtcpReporter {

    /** Session bandwidth assumed for the §6.2 RTCP share: (160 + 12 + 8 + 20) bytes × 8 × 50 /s. */
    static final double SESSION_BANDWIDTH_BPS = 80_000;
    /** RTCP share of the session bandwidth (§6.2). */
    static final double RTCP_FRACTION = 0.05;
    /** §6.2 minimum interval, seconds. */
    static final double T_MIN_S = 5;
    /** A.7 compensation for timer reconsideration, e − 3/2. */
    static final double COMPENSATION = Math.E - 1.5;
    /** UDP + IPv4 header bytes counted in the average RTCP size (§6.2). */
    static final int UDP_IP_OVERHEAD = 28;
    /** Received packets needed before R and MOS are reported. */
    static final long MIN_PACKETS_FOR_QUALITY = 250;
    private static final long NTP_EPOCH_OFFSET_S = 2_208_988_800L;

    private final RandomGenerator rng;
    private final long wallAnchorNanos;
    private final long nanoAnchor;
    private final int clockRateHz;
    private final int ptimeMs;

    private double avgRtcpSize = 128; // A.7 initial guess, bytes with UDP/IP headers
    private boolean initial = true;
    private long nextNanos;

    private long lastSrCompactNtp;
    private long lastSrArrivalNanos;
    private RemoteReport lastRemoteReport;
    private VoipMetrics remoteVoipMetrics;
    private double rttMs = Double.NaN;
    private BurstGapModel losses = new BurstGapModel();

    RtcpReporter(RandomGenerator rng, long wallAnchorNanos, long nanoAnchor, int clockRateHz, int ptimeMs) {
        this.rng = rng;
        this.wallAnchorNanos = wallAnchorNanos;
        this.nanoAnchor = nanoAnchor;
        this.clockRateHz = clockRateHz;
        this.ptimeMs = ptimeMs;
    }

    /**
     * A.7 {@code rtcp_interval}: the deterministic interval from members, senders and the average
     * compound size, at least the minimum, then randomised and compensated.
     *
     * @param members        session members, ourselves included (≥ 1)
     * @param senders        members that sent RTP since the last report
     * @param weSent         whether we are one of the senders
     * @param avgRtcpSize    average compound size with UDP/IP headers, bytes
     * @param initial        before our first report (half the minimum)
     * @param random         uniform in [0, 1)
     * @return seconds until the next report
     */
    static double interval(int members, int senders, boolean weSent, double avgRtcpSize, boolean initial,
            double random) {
        double rtcpBw = SESSION_BANDWIDTH_BPS * RTCP_FRACTION / 8; // bytes/s
        double tMin = initial ? T_MIN_S / 2 : T_MIN_S;
        int n = members;
        if (senders > 0 && senders <= members * 0.25) {
            if (weSent) {
                rtcpBw *= 0.25;
                n = senders;
            } else {
                rtcpBw *= 0.75;
                n = members - senders;
            }
        }
        double t = Math.max(tMin, avgRtcpSize * n / rtcpBw);
        t *= random + 0.5;
        return t / COMPENSATION;
    }

    /** Schedules the first report (A.7 {@code initial}). */
    void start(long nowNanos, int members) {
        schedule(nowNanos, members, 0, false);
    }

    /** @return whether a report is due */
    boolean due(long nowNanos) {
        return nowNanos - nextNanos >= 0;
    }

    /** Schedules the next report after one was sent now. */
    void schedule(long nowNanos, int members, int senders, boolean weSent) {
        double s = interval(members, senders, weSent, avgRtcpSize, initial, rng.nextDouble());
        nextNanos = nowNanos + (long) (s * 1e9);
    }

    /** Accounts a compound sent or received of {@code bytes} (A.7 {@code avg_rtcp_size}). */
    void onCompound(int bytes, boolean sent) {
        avgRtcpSize = (1.0 / 16) * (bytes + UDP_IP_OVERHEAD) + (15.0 / 16) * avgRtcpSize;
        if (sent) {
            initial = false;
        }
    }

    /** 64-bit NTP timestamp (RFC 3550 §4) for a monotonic time. */
    long ntp(long nanos) {
        long epochNanos = wallAnchorNanos + (nanos - nanoAnchor);
        long seconds = Math.floorDiv(epochNanos, 1_000_000_000L) + NTP_EPOCH_OFFSET_S;
        long frac = (Math.floorMod(epochNanos, 1_000_000_000L) << 32) / 1_000_000_000L;
        return (seconds << 32) | frac;
    }

    /** A new remote source: forget what the old one sent. */
    void newRemote() {
        lastSrCompactNtp = 0;
        losses = new BurstGapModel();
        remoteVoipMetrics = null;
    }

    /** @return the burst/gap model of the current remote source */
    BurstGapModel losses() {
        return losses;
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
