package io.dialtone.rtp;

import io.dialtone.codec.AudioCodec;
import java.util.Arrays;
import java.util.Objects;

/**
 * One RTP data packet (RFC 3550 §5.1). An immutable value: the arrays passed in and returned are
 * copied, so instances may be shared between threads.
 *
 * <pre>
 *  0                   1                   2                   3
 * |V=2|P|X|  CC   |M|     PT      |       sequence number         |
 * |                           timestamp                           |
 * |           synchronization source (SSRC) identifier            |
 * |            contributing source (CSRC) identifiers  (CC×)      |
 * | profile-defined (16) |  length in 32-bit words (16) | ext...  |   if X
 * | payload ...                                 | padding | count |   if P
 * </pre>
 *
 * <p>Unsigned 16- and 32-bit fields are carried as {@code int} and {@code long} in their natural
 * range. Padding is not kept: {@link #padding()} tells whether the received packet had it, and
 * serialisation never adds any.
 */
public final class RtpPacket {

    /** RTP version number (RFC 3550 §5.1). */
    public static final int VERSION = 2;
    /** Size of the fixed header without CSRCs, in bytes. */
    public static final int FIXED_HEADER_BYTES = 12;

    private final boolean padding;
    private final boolean marker;
    private final int payloadType;
    private final int sequenceNumber;
    private final long timestamp;
    private final long ssrc;
    private final long[] csrcs;
    private final int extensionProfile;
    private final byte[] extension; // null when X = 0
    private final byte[] payload;

    private RtpPacket(boolean padding, boolean marker, int payloadType, int sequenceNumber, long timestamp,
            long ssrc, long[] csrcs, int extensionProfile, byte[] extension, byte[] payload) {
        this.padding = padding;
        this.marker = marker;
        this.payloadType = payloadType;
        this.sequenceNumber = sequenceNumber;
        this.timestamp = timestamp;
        this.ssrc = ssrc;
        this.csrcs = csrcs;
        this.extensionProfile = extensionProfile;
        this.extension = extension;
        this.payload = payload;
    }

    /**
     * Creates a packet with no CSRCs, extension or padding.
     *
     * @param marker         M bit (start of a talkspurt for audio, RFC 3551 §4.1)
     * @param payloadType    0..127
     * @param sequenceNumber 0..65535
     * @param timestamp      RTP timestamp in clock-rate units, 0..2³²-1
     * @param ssrc           0..2³²-1
     * @param payload        copied
     * @return the packet
     * @throws IllegalArgumentException if a field is out of range
     */
    public static RtpPacket of(boolean marker, int payloadType, int sequenceNumber, long timestamp, long ssrc,
            byte[] payload) {
        return of(marker, payloadType, sequenceNumber, timestamp, ssrc, new long[0], -1, null, payload);
    }

    /**
     * Creates a packet with CSRCs and an optional header extension (RFC 3550 §5.3.1).
     *
     * @param csrcs            0..15 contributing sources, each 0..2³²-1; copied
     * @param extensionProfile the 16-bit "defined by profile" field, ignored when {@code extension} is null
     * @param extension        extension data, a multiple of 4 bytes, or null for none; copied
     * @param payload          copied
     * @return the packet
     * @throws IllegalArgumentException if a field is out of range
     * @see #of(boolean, int, int, long, long, byte[])
     */
    public static RtpPacket of(boolean marker, int payloadType, int sequenceNumber, long timestamp, long ssrc,
            long[] csrcs, int extensionProfile, byte[] extension, byte[] payload) {
        check(payloadType >= 0 && payloadType <= 127, "payloadType out of range: " + payloadType);
        check(sequenceNumber >= 0 && sequenceNumber <= 0xFFFF, "sequenceNumber out of range: " + sequenceNumber);
        check(timestamp >= 0 && timestamp <= 0xFFFFFFFFL, "timestamp out of range: " + timestamp);
        check(ssrc >= 0 && ssrc <= 0xFFFFFFFFL, "ssrc out of range: " + ssrc);
        check(csrcs.length <= 15, "more than 15 CSRCs");
        for (long c : csrcs) {
            check(c >= 0 && c <= 0xFFFFFFFFL, "csrc out of range: " + c);
        }
        if (extension != null) {
            check(extension.length % 4 == 0 && extension.length <= 4 * 0xFFFF, "extension length not 32-bit words");
            check(extensionProfile >= 0 && extensionProfile <= 0xFFFF, "extension profile out of range");
        }
        return new RtpPacket(false, marker, payloadType, sequenceNumber, timestamp, ssrc, csrcs.clone(),
                extensionProfile, extension == null ? null : extension.clone(), Objects.requireNonNull(payload).clone());
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    /**
     * Parses and validates one RTP packet (RFC 3550 §5.1, §5.3.1; validity checks of Appendix A.1
     * that need no state). The input is not retained.
     *
     * @param buf bytes as received
     * @param off index of the first byte of the packet
     * @param len packet length in bytes
     * @return the packet, with the payload copied out and padding removed
     * @throws RtpFormatException if the version is not 2 or the CSRC list, header extension or
     *                            padding count does not fit in {@code len}
     */
    public static RtpPacket parse(byte[] buf, int off, int len) {
        RtpPacketView v = new RtpPacketView().wrap(buf, off, len);
        long[] csrcs = new long[v.csrcCount()];
        for (int i = 0; i < csrcs.length; i++) {
            csrcs[i] = v.csrc(i);
        }
        byte[] extension = null;
        if (v.extension()) {
            int data = v.extensionDataOffset();
            extension = Arrays.copyOfRange(buf, data, data + v.extensionDataLength());
        }
        int payload = v.payloadOffset();
        return new RtpPacket(v.padding(), v.marker(), v.payloadType(), v.sequenceNumber(), v.timestamp(), v.ssrc(),
                csrcs, v.extensionProfile(), extension, Arrays.copyOfRange(buf, payload, payload + v.payloadLength()));
    }

    static int u16(byte[] b, int i) {
        return ((b[i] & 0xFF) << 8) | (b[i + 1] & 0xFF);
    }

    static long u32(byte[] b, int i) {
        return ((long) u16(b, i) << 16) | u16(b, i + 2);
    }

    static void put16(byte[] b, int i, int v) {
        b[i] = (byte) (v >>> 8);
        b[i + 1] = (byte) v;
    }

    static void put32(byte[] b, int i, long v) {
        put16(b, i, (int) (v >>> 16) & 0xFFFF);
        put16(b, i + 2, (int) v & 0xFFFF);
    }

    /** @return serialised size in bytes (header, CSRCs, extension and payload; no padding) */
    public int sizeBytes() {
        return FIXED_HEADER_BYTES + 4 * csrcs.length + (extension == null ? 0 : 4 + extension.length)
                + payload.length;
    }

    /**
     * Serialises the packet.
     *
     * @param out destination
     * @param off index of the first byte written
     * @return number of bytes written, {@link #sizeBytes()}
     * @throws IndexOutOfBoundsException if {@code out} is too small
     */
    public int writeTo(byte[] out, int off) {
        int size = sizeBytes();
        Objects.checkFromIndexSize(off, size, out.length);
        out[off] = (byte) ((VERSION << 6) | (extension != null ? 0x10 : 0) | csrcs.length);
        out[off + 1] = (byte) ((marker ? 0x80 : 0) | payloadType);
        put16(out, off + 2, sequenceNumber);
        put32(out, off + 4, timestamp);
        put32(out, off + 8, ssrc);
        int pos = off + FIXED_HEADER_BYTES;
        for (long c : csrcs) {
            put32(out, pos, c);
            pos += 4;
        }
        if (extension != null) {
            put16(out, pos, extensionProfile);
            put16(out, pos + 2, extension.length / 4);
            System.arraycopy(extension, 0, out, pos + 4, extension.length);
            pos += 4 + extension.length;
        }
        System.arraycopy(payload, 0, out, pos, payload.length);
        return size;
    }

    /** @return a new array holding the serialised packet */
    public byte[] toBytes() {
        byte[] out = new byte[sizeBytes()];
        writeTo(out, 0);
        return out;
    }

    /** @return the RTP version, always 2 */
    public int version() {
        return VERSION;
    }

    /** @return whether the received packet carried padding (P bit); always false for built packets */
    public boolean padding() {
        return padding;
    }

    /** @return whether a header extension is present (X bit) */
    public boolean extension() {
        return extension != null;
    }

    /** @return number of CSRCs (CC field), 0..15 */
    public int csrcCount() {
        return csrcs.length;
    }

    /** @return a copy of the CSRC list */
    public long[] csrcs() {
        return csrcs.clone();
    }

    /** @return the extension's 16-bit profile field, or -1 if there is no extension */
    public int extensionProfile() {
        return extensionProfile;
    }

    /** @return a copy of the extension data (without its 4-byte header), or null if none */
    public byte[] extensionData() {
        return extension == null ? null : extension.clone();
    }

    /** @return the M bit */
    public boolean marker() {
        return marker;
    }

    /** @return payload type, 0..127 */
    public int payloadType() {
        return payloadType;
    }

    /** @return sequence number, 0..65535 */
    public int sequenceNumber() {
        return sequenceNumber;
    }

    /** @return RTP timestamp in clock-rate units, 0..2³²-1 */
    public long timestamp() {
        return timestamp;
    }

    /** @return synchronisation source, 0..2³²-1 */
    public long ssrc() {
        return ssrc;
    }

    /** @return a copy of the payload (padding removed) */
    public byte[] payload() {
        return payload.clone();
    }

    /** @return the payload array itself, not a copy: for the jitter buffer, which copies it into a slot */
    byte[] payloadArray() {
        return payload;
    }

    /** @return payload length in bytes, without copying */
    public int payloadLength() {
        return payload.length;
    }

    /**
     * Decodes the payload without copying it.
     *
     * @param codec     the codec negotiated for this payload type
     * @param pcm       destination samples
     * @param pcmOffset index of the first sample written
     */
    public void decodePayload(AudioCodec codec, short[] pcm, int pcmOffset) {
        codec.decode(payload, 0, payload.length, pcm, pcmOffset);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RtpPacket p && marker == p.marker && payloadType == p.payloadType
                && sequenceNumber == p.sequenceNumber && timestamp == p.timestamp && ssrc == p.ssrc
                && Arrays.equals(csrcs, p.csrcs) && extensionProfile == p.extensionProfile
                && Arrays.equals(extension, p.extension) && Arrays.equals(payload, p.payload);
    }

    @Override
    public int hashCode() {
        return Objects.hash(sequenceNumber, timestamp, ssrc, payloadType) * 31 + Arrays.hashCode(payload);
    }

    @Override
    public String toString() {
        return "RtpPacket{pt=" + payloadType + ", seq=" + sequenceNumber + ", ts=" + timestamp + ", ssrc="
                + Long.toHexString(ssrc) + (marker ? ", M" : "") + ", payload=" + payload.length + "B}";
    }
}
