package io.dialtone.rtp;

import java.util.Objects;

/**
 * A reusable, mutable view of one RTP packet (RFC 3550 §5.1) in a caller's buffer: {@link #wrap}
 * validates the header as {@link RtpPacket#parse} does and records where things are, without copying
 * or allocating; the accessors then read the buffer. The fast path of a receiving stream, where
 * {@link RtpPacket} would allocate a packet, its payload and its CSRC list for every datagram.
 * {@link #writeHeader} is the matching allocation-free serialiser of a fixed header.
 *
 * <p>The view is valid until the buffer is reused or {@link #wrap} is called again. Not thread-safe:
 * one view per thread (for a stream, per event loop).
 */
public final class RtpPacketView {

    /** Size of the fixed header without CSRCs, in bytes. */
    public static final int FIXED_HEADER_BYTES = RtpPacket.FIXED_HEADER_BYTES;

    private byte[] buf;
    private int off;
    private int len;
    private int payloadOffset;
    private int payloadLength;
    private int extensionOffset = -1;

    /**
     * Points the view at a packet and validates it (RFC 3550 §5.1, §5.3.1; the checks of Appendix A.1
     * that need no state). The buffer is read, never written or retained beyond the view.
     *
     * @param buf bytes as received
     * @param off index of the first byte of the packet
     * @param len packet length in bytes
     * @return this view
     * @throws RtpFormatException if the version is not 2 or the CSRC list, header extension or padding
     *                            count does not fit in {@code len}; the view is then empty
     * @throws IndexOutOfBoundsException if the range falls outside {@code buf}
     */
    public RtpPacketView wrap(byte[] buf, int off, int len) {
        Objects.checkFromIndexSize(off, len, buf.length);
        this.buf = null;
        if (len < FIXED_HEADER_BYTES) {
            throw new RtpFormatException("shorter than the 12-byte fixed header: " + len, 0);
        }
        int b0 = buf[off] & 0xFF;
        if (b0 >> 6 != RtpPacket.VERSION) {
            throw new RtpFormatException("version " + (b0 >> 6) + " is not 2", 0);
        }
        int cc = b0 & 0x0F;
        int pos = FIXED_HEADER_BYTES + 4 * cc;
        if (pos > len) {
            throw new RtpFormatException("CSRC count " + cc + " exceeds packet length " + len, 0);
        }
        int ext = -1;
        if ((b0 & 0x10) != 0) {
            if (pos + 4 > len) {
                throw new RtpFormatException("X bit set but no room for the extension header", pos);
            }
            int words = RtpPacket.u16(buf, off + pos + 2);
            if (pos + 4 + 4 * words > len) {
                throw new RtpFormatException("header extension of " + words + " words exceeds packet length", pos + 2);
            }
            ext = pos;
            pos += 4 + 4 * words;
        }
        int end = len;
        if ((b0 & 0x20) != 0) {
            int count = buf[off + len - 1] & 0xFF;
            if (count == 0 || pos + count > len) {
                throw new RtpFormatException("padding count " + count + " does not fit after the header", len - 1);
            }
            end = len - count;
        }
        this.buf = buf;
        this.off = off;
        this.len = len;
        this.extensionOffset = ext;
        this.payloadOffset = off + pos;
        this.payloadLength = end - pos;
        return this;
    }

    /**
     * Writes a fixed RTP header (version 2, no padding, extension or CSRCs) for an allocation-free send
     * path: the payload goes right after it, at {@code off + }{@value #FIXED_HEADER_BYTES}.
     *
     * @param out            destination
     * @param off            index of the first byte written
     * @param marker         M bit
     * @param payloadType    0..127
     * @param sequenceNumber 0..65535
     * @param timestamp      RTP timestamp, 0..2³²-1
     * @param ssrc           0..2³²-1
     * @return {@value #FIXED_HEADER_BYTES}, the bytes written
     * @throws IllegalArgumentException if a field is out of range
     * @throws IndexOutOfBoundsException if {@code out} has no room for the header
     */
    public static int writeHeader(byte[] out, int off, boolean marker, int payloadType, int sequenceNumber,
            long timestamp, long ssrc) {
        if ((payloadType & ~0x7F) != 0 || (sequenceNumber & ~0xFFFF) != 0 || (timestamp & ~0xFFFFFFFFL) != 0
                || (ssrc & ~0xFFFFFFFFL) != 0) {
            throw new IllegalArgumentException("RTP header field out of range: pt " + payloadType + ", seq "
                    + sequenceNumber + ", ts " + timestamp + ", ssrc " + ssrc);
        }
        Objects.checkFromIndexSize(off, FIXED_HEADER_BYTES, out.length);
        out[off] = (byte) (RtpPacket.VERSION << 6);
        out[off + 1] = (byte) ((marker ? 0x80 : 0) | payloadType);
        RtpPacket.put16(out, off + 2, sequenceNumber);
        RtpPacket.put32(out, off + 4, timestamp);
        RtpPacket.put32(out, off + 8, ssrc);
        return FIXED_HEADER_BYTES;
    }

    private byte[] buf() {
        if (buf == null) {
            throw new IllegalStateException("no packet wrapped");
        }
        return buf;
    }

    /** @return whether the packet carried padding (P bit) */
    public boolean padding() {
        return (buf()[off] & 0x20) != 0;
    }

    /** @return whether a header extension is present (X bit) */
    public boolean extension() {
        return extensionOffset >= 0;
    }

    /** @return number of CSRCs (CC field), 0..15 */
    public int csrcCount() {
        return buf()[off] & 0x0F;
    }

    /**
     * @param index 0 ≤ index &lt; {@link #csrcCount()}
     * @return that CSRC, 0..2³²-1
     * @throws IndexOutOfBoundsException for another index
     */
    public long csrc(int index) {
        Objects.checkIndex(index, csrcCount());
        return RtpPacket.u32(buf, off + FIXED_HEADER_BYTES + 4 * index);
    }

    /** @return the extension's 16-bit profile field, or -1 without extension */
    public int extensionProfile() {
        return extensionOffset < 0 ? -1 : RtpPacket.u16(buf(), off + extensionOffset);
    }

    /** @return index in {@link #buffer()} of the extension data after its 4-byte header; -1 without */
    int extensionDataOffset() {
        return extensionOffset < 0 ? -1 : off + extensionOffset + 4;
    }

    /** @return length of the extension data in bytes, 0 without extension */
    int extensionDataLength() {
        return extensionOffset < 0 ? 0 : 4 * RtpPacket.u16(buf(), off + extensionOffset + 2);
    }

    /** @return the M bit */
    public boolean marker() {
        return (buf()[off + 1] & 0x80) != 0;
    }

    /** @return payload type, 0..127 */
    public int payloadType() {
        return buf()[off + 1] & 0x7F;
    }

    /** @return sequence number, 0..65535 */
    public int sequenceNumber() {
        return RtpPacket.u16(buf(), off + 2);
    }

    /** @return RTP timestamp in clock-rate units, 0..2³²-1 */
    public long timestamp() {
        return RtpPacket.u32(buf(), off + 4);
    }

    /** @return synchronisation source, 0..2³²-1 */
    public long ssrc() {
        return RtpPacket.u32(buf(), off + 8);
    }

    /** @return the wrapped buffer (not a copy) */
    public byte[] buffer() {
        return buf();
    }

    /** @return index in {@link #buffer()} of the first payload byte */
    public int payloadOffset() {
        buf();
        return payloadOffset;
    }

    /** @return payload length in bytes, padding excluded */
    public int payloadLength() {
        buf();
        return payloadLength;
    }

    /** @return the packet length in bytes as wrapped, padding included */
    public int length() {
        buf();
        return len;
    }

    /** @return the packet as an immutable {@link RtpPacket} (copies; for tests and slow paths) */
    public RtpPacket toPacket() {
        return RtpPacket.parse(buf(), off, len);
    }
}
