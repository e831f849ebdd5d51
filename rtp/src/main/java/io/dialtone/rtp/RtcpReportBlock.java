package io.dialtone.rtp;

/**
 * One reception report block of an RTCP SR or RR (RFC 3550 §6.4.1), describing how the reporter
 * receives the source {@code ssrc}.
 *
 * @param ssrc               the source this block reports on
 * @param fractionLost       packets lost since the previous report as a fixed-point fraction, 0..255
 *                           (divide by 256)
 * @param cumulativeLost     packets lost since the start, signed 24-bit (duplicates can make it negative)
 * @param extendedHighestSeq cycles × 65536 + highest sequence number received, 0..2³²-1
 * @param jitter             interarrival jitter in RTP timestamp units (RFC 3550 §6.4.1, A.8)
 * @param lsr                middle 32 bits of the NTP timestamp of the last SR received from
 *                           {@code ssrc}, or 0 if none
 * @param dlsr               delay since that SR in units of 1/65536 s, or 0 if none
 */
public record RtcpReportBlock(long ssrc, int fractionLost, int cumulativeLost, long extendedHighestSeq,
        long jitter, long lsr, long dlsr) {

    /** Size on the wire, in bytes. */
    public static final int SIZE_BYTES = 24;

    /** @return {@link #fractionLost()} as a fraction in [0, 1) */
    public double fractionLostRatio() {
        return fractionLost / 256.0;
    }

    /**
     * @param clockRateHz RTP clock rate of the reported stream
     * @return {@link #jitter()} in milliseconds
     */
    public double jitterMs(int clockRateHz) {
        return jitter * 1000.0 / clockRateHz;
    }
}
