package io.dialtone.rtp.internal;

import io.dialtone.codec.AudioCodec;
import io.dialtone.rtp.RtcpSenderInfo;
import io.dialtone.rtp.RtpPacketView;
import java.net.InetSocketAddress;
import java.util.random.RandomGenerator;

/**
 * The sending half of an RTP stream's RFC 3550 state: SSRC, sequence number and timestamp (§5.1,
 * random initial values, §8.1), the marker of a talkspurt's first packet (RFC 3551 §4.1), the packet
 * and octet counts and the sampling-clock anchor that an SR's sender info reports (§6.4.1).
 *
 * <p>Packets are written in place: header and payload go into the loop's packet buffer
 * ({@link LoopBuffers#packet}), which the {@link PacketSender} copies before it returns, so a frame
 * sent allocates nothing and a stream holds no packet of its own between ticks.
 *
 * <p>Threading: confined to the stream's event loop, as its engine is.
 */
final class RtpSender {

    private final PacketSender out;
    private final int maxPacketBytes;
    private final int clockRateHz;

    private long ssrc;
    private int seq;
    private long rtpTimestamp;
    private boolean marker = true;
    private long packetsSent;
    private long octetsSent;
    private long lastSendNanos;
    private long timestampAtLastSend;

    /**
     * @param out             where datagrams go
     * @param rng             the random initial SSRC, sequence number and timestamp (§5.1)
     * @param maxPayloadBytes largest payload sent, bytes
     * @param clockRateHz     RTP clock rate
     */
    RtpSender(PacketSender out, RandomGenerator rng, int maxPayloadBytes, int clockRateHz) {
        this.out = out;
        this.maxPacketBytes = RtpPacketView.FIXED_HEADER_BYTES + maxPayloadBytes;
        this.clockRateHz = clockRateHz;
        this.ssrc = rng.nextLong(1L << 32);
        this.seq = rng.nextInt(1 << 16);
        this.rtpTimestamp = rng.nextLong(1L << 32);
    }

    /**
     * Encodes {@code samples} of {@code pcm} straight into the packet after its header and sends it
     * with the current timestamp; the next packet is no longer a talkspurt's first.
     */
    void sendAudio(AudioCodec codec, int payloadType, short[] pcm, int samples, InetSocketAddress to, long nowNanos) {
        byte[] packet = LoopBuffers.get().packet(maxPacketBytes);
        int header = RtpPacketView.writeHeader(packet, 0, marker, payloadType, seq, rtpTimestamp, ssrc);
        codec.encode(pcm, 0, samples, packet, header);
        marker = false;
        sent(packet, header, samples, to, nowNanos);
    }

    /**
     * Sends an RFC 4733 event packet, whose timestamp is the event's start; the SR anchor stays on the
     * sampling clock.
     */
    void sendEvent(boolean eventMarker, int payloadType, long eventTimestamp, byte[] payload, InetSocketAddress to,
            long nowNanos) {
        byte[] packet = LoopBuffers.get().packet(maxPacketBytes);
        int header = RtpPacketView.writeHeader(packet, 0, eventMarker, payloadType, seq, eventTimestamp, ssrc);
        System.arraycopy(payload, 0, packet, header, payload.length);
        sent(packet, header, payload.length, to, nowNanos);
    }

    private void sent(byte[] packet, int header, int payloadBytes, InetSocketAddress to, long nowNanos) {
        out.sendRtp(packet, 0, header + payloadBytes, to);
        seq = (seq + 1) & 0xFFFF;
        packetsSent++;
        octetsSent += payloadBytes;
        lastSendNanos = nowNanos;
        timestampAtLastSend = rtpTimestamp;
    }

    /** One packet interval of {@code samples} passed: the timestamp follows the sampling clock, sent or not (§5.1). */
    void advance(int samples) {
        rtpTimestamp = (rtpTimestamp + samples) & 0xFFFFFFFFL;
    }

    /** The next audio packet starts a talkspurt (M bit). */
    void talkspurt() {
        marker = true;
    }

    /**
     * A new SSRC after a collision (§8.2): the SR counters belong to the SSRC and restart; sequence
     * number and timestamp continue; the next packet starts a talkspurt.
     */
    void newSsrc(long newSsrc) {
        ssrc = newSsrc;
        packetsSent = 0;
        octetsSent = 0;
        marker = true;
    }

    /**
     * The SR sender info now (§6.4.1): the RTP timestamp of {@code nowNanos} on the sampling clock,
     * extrapolated from the last packet sent.
     *
     * @param ntp NTP timestamp of {@code nowNanos}
     */
    RtcpSenderInfo senderInfo(long ntp, long nowNanos) {
        long elapsed = (nowNanos - lastSendNanos) * clockRateHz / 1_000_000_000L;
        return new RtcpSenderInfo(ntp, (timestampAtLastSend + elapsed) & 0xFFFFFFFFL, packetsSent & 0xFFFFFFFFL,
                octetsSent & 0xFFFFFFFFL);
    }

    long ssrc() {
        return ssrc;
    }

    long rtpTimestamp() {
        return rtpTimestamp;
    }

    long packetsSent() {
        return packetsSent;
    }

    long octetsSent() {
        return octetsSent;
    }
}
