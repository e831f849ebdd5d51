package io.dialtone.rtp;

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
 */
public record RtpStreamStats(long packetsSent, long octetsSent, long packetsReceived, long octetsReceived,
        long packetsLost, double jitterMs, long malformed, JitterBufferStats jitterBuffer,
        RemoteReport lastRemoteReport, long dtmfSent, long dtmfReceived, long comfortNoise) {

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
