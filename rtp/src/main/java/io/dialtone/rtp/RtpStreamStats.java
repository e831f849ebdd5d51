package io.dialtone.rtp;

import java.util.OptionalDouble;

/**
 * Snapshot of one stream's counters.
 *
 * @param packetsSent      RTP packets sent
 * @param octetsSent       RTP payload octets sent (RFC 3550 §6.4.1 sender's octet count)
 * @param packetsReceived  valid RTP packets received from the current remote source
 * @param octetsReceived   payload octets of those packets
 * @param packetsLost      cumulative packets lost, RFC 3550 A.3 (expected − received)
 * @param jitterMs         interarrival jitter of the remote source, RFC 3550 A.8, in milliseconds
 * @param malformed        packets dropped as unparseable or of an unexpected payload type
 * @param jitterBuffer     playout counters
 * @param lastRemoteReport what the peer last reported about our stream, or null if no report yet
 * @param dtmfSent         RFC 4733 DTMF events completely sent (their three end packets included)
 * @param dtmfReceived     RFC 4733 DTMF events received and reported, each once
 * @param comfortNoise     RFC 3389 comfort noise packets received
 * @param rttMs            last round-trip time from LSR/DLSR (RFC 3550 §6.4.1), ms; empty before any
 * @param rFactor          ITU-T G.107 R of what we receive ({@link EModel}); empty until 250 packets
 *                         and an RTT measurement exist, never a default
 * @param mos              MOS from {@code rFactor} (G.107 Annex B); empty when it is
 * @param remoteVoipMetrics the peer's last RTCP XR VoIP Metrics block about our stream (RFC 3611 §4.7),
 *                         or null
 * @param ssrcCollisions   times another source used our SSRC and we changed it (RFC 3550 §8.2)
 */
public record RtpStreamStats(long packetsSent, long octetsSent, long packetsReceived, long octetsReceived,
        long packetsLost, double jitterMs, long malformed, JitterBufferStats jitterBuffer,
        RemoteReport lastRemoteReport, long dtmfSent, long dtmfReceived, long comfortNoise, OptionalDouble rttMs,
        OptionalDouble rFactor, OptionalDouble mos, VoipMetrics remoteVoipMetrics, long ssrcCollisions) {

    /** Counters without quality figures (those empty). */
    public RtpStreamStats(long packetsSent, long octetsSent, long packetsReceived, long octetsReceived,
            long packetsLost, double jitterMs, long malformed, JitterBufferStats jitterBuffer,
            RemoteReport lastRemoteReport, long dtmfSent, long dtmfReceived, long comfortNoise) {
        this(packetsSent, octetsSent, packetsReceived, octetsReceived, packetsLost, jitterMs, malformed, jitterBuffer,
                lastRemoteReport, dtmfSent, dtmfReceived, comfortNoise, OptionalDouble.empty(), OptionalDouble.empty(),
                OptionalDouble.empty(), null, 0);
    }

    /** Counters of a stream without telephone-events or comfort noise (those counters zero). */
    public RtpStreamStats(long packetsSent, long octetsSent, long packetsReceived, long octetsReceived,
            long packetsLost, double jitterMs, long malformed, JitterBufferStats jitterBuffer,
            RemoteReport lastRemoteReport) {
        this(packetsSent, octetsSent, packetsReceived, octetsReceived, packetsLost, jitterMs, malformed, jitterBuffer,
                lastRemoteReport, 0, 0, 0);
    }

    /** @return frames replaced by packet loss concealment */
    public long concealedFrames() {
        return jitterBuffer.concealed();
    }

    /** @return current playout delay of the jitter buffer, in ms */
    public int playoutDelayMs() {
        return jitterBuffer.delayMs();
    }

    /** @return packets that arrived too late to be played */
    public long latePackets() {
        return jitterBuffer.late();
    }

    /** @return packets discarded by the jitter buffer (late, duplicate, overflow) */
    public long discardedPackets() {
        return jitterBuffer.discarded();
    }
}
