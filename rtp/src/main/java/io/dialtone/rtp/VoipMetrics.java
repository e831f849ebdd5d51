package io.dialtone.rtp;

import static io.dialtone.rtp.RtpPacket.put16;
import static io.dialtone.rtp.RtpPacket.put32;
import static io.dialtone.rtp.RtpPacket.u16;
import static io.dialtone.rtp.RtpPacket.u32;

/**
 * The RTCP XR VoIP Metrics report block (RFC 3611 §4.7), in its wire units. An immutable value.
 *
 * <table>
 * <caption>Fields</caption>
 * <tr><th>Field</th><th>Unit</th><th>Unavailable</th></tr>
 * <tr><td>lossRate, discardRate, burstDensity, gapDensity</td><td>fraction × 256, 0..255</td><td>—</td></tr>
 * <tr><td>burstDurationMs, gapDurationMs, roundTripDelayMs, endSystemDelayMs</td><td>ms, 0..65535</td><td>0</td></tr>
 * <tr><td>signalLevel, noiseLevel</td><td>dBm0, signed</td><td>{@value #UNAVAILABLE}</td></tr>
 * <tr><td>rerl</td><td>dB</td><td>{@value #UNAVAILABLE}</td></tr>
 * <tr><td>rFactor, extRFactor</td><td>0..100</td><td>{@value #UNAVAILABLE}</td></tr>
 * <tr><td>mosLq, mosCq</td><td>MOS × 10, 10..50</td><td>{@value #UNAVAILABLE}</td></tr>
 * <tr><td>jbNominalMs, jbMaximumMs, jbAbsMaxMs</td><td>ms</td><td>—</td></tr>
 * </table>
 *
 * @param ssrc             the source this block reports on
 * @param lossRate         packets lost / expected
 * @param discardRate      packets discarded (late, duplicate, overflow) / expected
 * @param burstDensity     lost or discarded / packets within bursts (Gmin rule, §4.7.2)
 * @param gapDensity       lost or discarded / packets within gaps
 * @param burstDurationMs  mean burst duration
 * @param gapDurationMs    mean gap duration
 * @param roundTripDelayMs round-trip time (RFC 3550 §6.4.1)
 * @param endSystemDelayMs delay inside this end system (jitter buffer + packetisation)
 * @param signalLevel      received signal level
 * @param noiseLevel       received noise level
 * @param rerl             residual echo return loss
 * @param gmin             the Gmin used for burst/gap, usually 16
 * @param rFactor          listening-quality R of the call (ITU-T G.107)
 * @param extRFactor       R from an external network segment
 * @param mosLq            listening quality MOS × 10
 * @param mosCq            conversational quality MOS × 10
 * @param rxConfig         receiver configuration byte: PLC (bits 7-6), JBA (5-4), JB rate (3-0)
 * @param jbNominalMs      jitter buffer nominal (current) delay
 * @param jbMaximumMs      jitter buffer maximum delay now
 * @param jbAbsMaxMs       jitter buffer absolute maximum delay
 */
public record VoipMetrics(long ssrc, int lossRate, int discardRate, int burstDensity, int gapDensity,
        int burstDurationMs, int gapDurationMs, int roundTripDelayMs, int endSystemDelayMs, int signalLevel,
        int noiseLevel, int rerl, int gmin, int rFactor, int extRFactor, int mosLq, int mosCq, int rxConfig,
        int jbNominalMs, int jbMaximumMs, int jbAbsMaxMs) {

    /** RTCP packet type XR (RFC 3611 §2). */
    public static final int PT_XR = 207;
    /** XR block type of VoIP Metrics (RFC 3611 §4.7). */
    public static final int BLOCK_TYPE = 7;
    /** Value of the signal, noise, RERL, R and MOS fields when unknown (RFC 3611 §4.7). */
    public static final int UNAVAILABLE = 127;
    /** Size of the block on the wire, header included, bytes. */
    public static final int SIZE_BYTES = 36;
    /** rxConfig: enhanced PLC (bits 7-6 = 11), adaptive jitter buffer (bits 5-4 = 11). */
    public static final int RX_CONFIG_ENHANCED_PLC_ADAPTIVE = 0xF0;

    /** @return the XR packet (RFC 3611 §2) carrying only this block, sent by {@code senderSsrc} */
    byte[] toXrPacket(long senderSsrc) {
        byte[] out = new byte[XR_PACKET_BYTES];
        writeXr(out, 0, senderSsrc);
        return out;
    }

    /** Size of an XR packet holding only this block, bytes. */
    static final int XR_PACKET_BYTES = 8 + SIZE_BYTES;

    /**
     * Writes the XR packet (RFC 3611 §2) carrying only this block, sent by {@code senderSsrc}.
     *
     * @return {@value #XR_PACKET_BYTES}, the bytes written
     */
    int writeXr(byte[] out, int off, long senderSsrc) {
        java.util.Objects.checkFromIndexSize(off, XR_PACKET_BYTES, out.length);
        out[off] = (byte) 0x80;
        out[off + 1] = (byte) PT_XR;
        put16(out, off + 2, XR_PACKET_BYTES / 4 - 1);
        put32(out, off + 4, senderSsrc);
        int q = off + 8;
        out[q] = (byte) BLOCK_TYPE;
        out[q + 1] = 0;
        put16(out, q + 2, 8);
        put32(out, q + 4, ssrc);
        out[q + 8] = (byte) lossRate;
        out[q + 9] = (byte) discardRate;
        out[q + 10] = (byte) burstDensity;
        out[q + 11] = (byte) gapDensity;
        put16(out, q + 12, burstDurationMs);
        put16(out, q + 14, gapDurationMs);
        put16(out, q + 16, roundTripDelayMs);
        put16(out, q + 18, endSystemDelayMs);
        out[q + 20] = (byte) signalLevel;
        out[q + 21] = (byte) noiseLevel;
        out[q + 22] = (byte) rerl;
        out[q + 23] = (byte) gmin;
        out[q + 24] = (byte) rFactor;
        out[q + 25] = (byte) extRFactor;
        out[q + 26] = (byte) mosLq;
        out[q + 27] = (byte) mosCq;
        out[q + 28] = (byte) rxConfig;
        out[q + 29] = 0;
        put16(out, q + 30, jbNominalMs);
        put16(out, q + 32, jbMaximumMs);
        put16(out, q + 34, jbAbsMaxMs);
        return XR_PACKET_BYTES;
    }

    /**
     * Finds the first VoIP Metrics block in the body of an XR packet, checking every block length.
     *
     * @param buf  bytes
     * @param p    index of the XR packet's first byte
     * @param body length of the packet without padding
     * @param pos  offset of the packet in the compound, for errors
     * @return index in {@code buf} of the block (read it with {@link #read}), or -1 if the packet holds none
     * @throws RtpFormatException if a block length exceeds the packet
     */
    static int findXr(byte[] buf, int p, int body, int pos) {
        if (body < 8) {
            throw new RtpFormatException("XR packet shorter than its header", pos);
        }
        int found = -1;
        int q = 8;
        while (q < body) {
            if (q + 4 > body) {
                throw new RtpFormatException("truncated XR block header", pos + q);
            }
            int bt = buf[p + q] & 0xFF;
            int size = 4 + 4 * u16(buf, p + q + 2);
            if (q + size > body) {
                throw new RtpFormatException("XR block length " + size + " exceeds packet length", pos + q + 2);
            }
            if (bt == BLOCK_TYPE && found < 0) {
                if (size != SIZE_BYTES) {
                    throw new RtpFormatException("VoIP Metrics block of " + size + " bytes, not 36", pos + q + 2);
                }
                found = p + q;
            }
            q += size;
        }
        return found;
    }

    /** Reads the 36-byte VoIP Metrics block at {@code buf[b]}, already length-checked. */
    static VoipMetrics read(byte[] buf, int b) {
        return new VoipMetrics(u32(buf, b + 4), buf[b + 8] & 0xFF, buf[b + 9] & 0xFF, buf[b + 10] & 0xFF,
                buf[b + 11] & 0xFF, u16(buf, b + 12), u16(buf, b + 14), u16(buf, b + 16), u16(buf, b + 18),
                buf[b + 20], buf[b + 21], buf[b + 22] & 0xFF, buf[b + 23] & 0xFF, buf[b + 24] & 0xFF,
                buf[b + 25] & 0xFF, buf[b + 26] & 0xFF, buf[b + 27] & 0xFF, buf[b + 28] & 0xFF,
                u16(buf, b + 30), u16(buf, b + 32), u16(buf, b + 34));
    }

    /** @return {@link #rFactor()} or NaN when unavailable */
    public double rFactorValue() {
        return rFactor == UNAVAILABLE ? Double.NaN : rFactor;
    }

    /** @return {@link #mosLq()} / 10, or NaN when unavailable */
    public double mosLqValue() {
        return mosLq == UNAVAILABLE ? Double.NaN : mosLq / 10.0;
    }
}
