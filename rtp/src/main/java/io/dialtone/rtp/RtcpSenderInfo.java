package io.dialtone.rtp;

/**
 * Sender information of an RTCP sender report (RFC 3550 §6.4.1).
 *
 * @param ntpTimestamp 64-bit NTP wall-clock time (seconds since 1900 in the high 32 bits, fraction in
 *                     the low 32) at which the report was sent
 * @param rtpTimestamp the same instant in RTP timestamp units, 0..2³²-1
 * @param packetCount  RTP data packets sent since starting, modulo 2³²
 * @param octetCount   payload octets sent since starting, modulo 2³²
 */
public record RtcpSenderInfo(long ntpTimestamp, long rtpTimestamp, long packetCount, long octetCount) {

    /** @return the middle 32 bits of the NTP timestamp, as echoed in LSR (RFC 3550 §6.4.1) */
    public long compactNtp() {
        return (ntpTimestamp >>> 16) & 0xFFFFFFFFL;
    }
}
