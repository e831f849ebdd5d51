package io.dialtone.rtp;

/**
 * The peer's view of our stream, from the report block about our SSRC in its last SR/RR
 * (RFC 3550 §6.4.1, §6.4.4).
 *
 * @param reporterSsrc   SSRC of the peer that sent the report
 * @param fractionLost   fraction of our packets lost in its last interval, in [0, 1)
 * @param cumulativeLost packets of ours it has lost in total
 * @param jitterMs       interarrival jitter it measured, in milliseconds
 * @param rttMs          round-trip time from LSR/DLSR (§6.4.1), or NaN if it has not seen our SR
 * @param senderReport   true if the report came in an SR (the peer is sending too)
 */
public record RemoteReport(long reporterSsrc, double fractionLost, long cumulativeLost, double jitterMs, double rttMs,
        boolean senderReport) {
}
