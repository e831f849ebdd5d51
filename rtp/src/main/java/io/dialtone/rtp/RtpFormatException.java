package io.dialtone.rtp;

/**
 * A received RTP or RTCP packet violates RFC 3550 framing (a length, version or count that does not
 * fit). Thrown by {@link RtpPacket#parse} and {@link RtcpCompound#parse}; the receiving stream counts
 * such packets and drops them.
 */
public final class RtpFormatException extends IllegalArgumentException {

    private final int offset;

    /**
     * @param reason what is wrong, naming the field
     * @param offset byte offset into the packet where the fault was found
     */
    public RtpFormatException(String reason, int offset) {
        super(reason + " (at offset " + offset + ")");
        this.offset = offset;
    }

    /**
     * @return byte offset, relative to the start of the packet, where the fault was found
     */
    public int offset() {
        return offset;
    }
}
