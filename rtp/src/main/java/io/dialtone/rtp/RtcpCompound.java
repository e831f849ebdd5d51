package io.dialtone.rtp;

import static io.dialtone.rtp.RtpPacket.put16;
import static io.dialtone.rtp.RtpPacket.put32;
import static io.dialtone.rtp.RtpPacket.u16;
import static io.dialtone.rtp.RtpPacket.u32;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

/**
 * An RTCP compound packet (RFC 3550 §6.1) as this stack sends and understands it: an SR (when
 * {@link #senderInfo()} is present) or RR, optionally an SDES with the CNAME item (§6.5.1), and
 * optionally an XR with a VoIP Metrics block (RFC 3611 §4.7), APP packets (§6.7), and optionally a
 * BYE (§6.6), in that order. An immutable value.
 *
 * <p>Parsing keeps APP packets, the first VoIP Metrics block of XR packets, and skips the packet and
 * XR block types it does not model (feedback, other XR blocks) after checking their lengths; it keeps
 * only the first SR/RR and the first SDES chunk's CNAME. It enforces the validity checks of RFC 3550 Appendix A.2: version
 * 2 everywhere, first packet SR or RR, padding only on the last packet, and every length inside the
 * compound.
 *
 * @param ssrc         SSRC of the sender of this compound, 0..2³²-1
 * @param senderInfo   sender info for an SR, or null for an RR
 * @param reportBlocks 0..31 reception report blocks
 * @param cname        canonical name for SDES, or null to omit SDES
 * @param byeSsrcs     sources leaving the session; empty for no BYE
 * @param byeReason    optional BYE reason (at most 255 UTF-8 bytes), or null
 * @param voipMetrics  XR VoIP Metrics block, or null for no XR
 * @param apps         APP packets
 */
public record RtcpCompound(long ssrc, RtcpSenderInfo senderInfo, List<RtcpReportBlock> reportBlocks, String cname,
        List<Long> byeSsrcs, String byeReason, VoipMetrics voipMetrics, List<RtcpApp> apps) {

    /** A compound without XR or APP. */
    public RtcpCompound(long ssrc, RtcpSenderInfo senderInfo, List<RtcpReportBlock> reportBlocks, String cname,
            List<Long> byeSsrcs, String byeReason) {
        this(ssrc, senderInfo, reportBlocks, cname, byeSsrcs, byeReason, null, List.of());
    }

    /** RTCP packet type SR (RFC 3550 §12.1). */
    public static final int PT_SR = 200;
    /** RTCP packet type RR. */
    public static final int PT_RR = 201;
    /** RTCP packet type SDES. */
    public static final int PT_SDES = 202;
    /** RTCP packet type BYE. */
    public static final int PT_BYE = 203;

    /** Validates and copies the lists. */
    public RtcpCompound {
        reportBlocks = List.copyOf(reportBlocks);
        byeSsrcs = List.copyOf(byeSsrcs);
        apps = List.copyOf(apps);
        if (reportBlocks.size() > 31 || byeSsrcs.size() > 31) {
            throw new IllegalArgumentException("at most 31 report blocks / BYE sources per packet");
        }
        if (cname != null && cname.getBytes(StandardCharsets.UTF_8).length > 255) {
            throw new IllegalArgumentException("CNAME longer than 255 bytes");
        }
        if (byeReason != null && byeReason.getBytes(StandardCharsets.UTF_8).length > 255) {
            throw new IllegalArgumentException("BYE reason longer than 255 bytes");
        }
    }

    /** @return whether this compound starts with a sender report */
    public boolean isSenderReport() {
        return senderInfo != null;
    }

    /** @return whether this compound carries a BYE */
    public boolean isBye() {
        return !byeSsrcs.isEmpty();
    }

    /** @return the compound serialised to wire format */
    public byte[] toBytes() {
        byte[] out = new byte[sizeBytes()];
        writeTo(out, 0);
        return out;
    }

    /** @return serialised size in bytes */
    public int sizeBytes() {
        int size = 8 + (senderInfo != null ? 20 : 0) + RtcpReportBlock.SIZE_BYTES * reportBlocks.size();
        if (cname != null) {
            size += 4 + sdesChunkBytes(Utf8.length(cname));
        }
        if (voipMetrics != null) {
            size += VoipMetrics.XR_PACKET_BYTES;
        }
        for (int i = 0; i < apps.size(); i++) {
            size += apps.get(i).sizeBytes();
        }
        if (!byeSsrcs.isEmpty()) {
            size += 4 + 4 * byeSsrcs.size() + byeReasonBytes();
        }
        return size;
    }

    /** SDES chunk: SSRC, CNAME item (type 1, length, text), END (≥ 1 zero byte) padded to 32 bits (§6.5). */
    private static int sdesChunkBytes(int cnameBytes) {
        return (4 + 2 + cnameBytes + 1 + 3) & ~3;
    }

    private int byeReasonBytes() {
        return byeReason == null ? 0 : (1 + Utf8.length(byeReason) + 3) & ~3;
    }

    /**
     * Serialises the compound into a caller's buffer without allocating: the path a stream sends its
     * reports on.
     *
     * @param out destination
     * @param off index of the first byte written
     * @return the bytes written, {@link #sizeBytes()}
     * @throws IndexOutOfBoundsException if {@code out} is too small
     */
    public int writeTo(byte[] out, int off) {
        int total = sizeBytes();
        Objects.checkFromIndexSize(off, total, out.length);
        int blocks = reportBlocks.size();
        int words = 1 + (senderInfo != null ? 5 : 0) + 6 * blocks;
        out[off] = (byte) (0x80 | blocks);
        out[off + 1] = (byte) (senderInfo != null ? PT_SR : PT_RR);
        put16(out, off + 2, words);
        put32(out, off + 4, ssrc);
        int pos = off + 8;
        if (senderInfo != null) {
            put32(out, pos, senderInfo.ntpTimestamp() >>> 32);
            put32(out, pos + 4, senderInfo.ntpTimestamp() & 0xFFFFFFFFL);
            put32(out, pos + 8, senderInfo.rtpTimestamp());
            put32(out, pos + 12, senderInfo.packetCount());
            put32(out, pos + 16, senderInfo.octetCount());
            pos += 20;
        }
        for (int i = 0; i < blocks; i++) {
            RtcpReportBlock b = reportBlocks.get(i);
            put32(out, pos, b.ssrc());
            put32(out, pos + 4, ((long) (b.fractionLost() & 0xFF) << 24) | (b.cumulativeLost() & 0xFFFFFF));
            put32(out, pos + 8, b.extendedHighestSeq());
            put32(out, pos + 12, b.jitter());
            put32(out, pos + 16, b.lsr());
            put32(out, pos + 20, b.dlsr());
            pos += RtcpReportBlock.SIZE_BYTES;
        }
        if (cname != null) {
            int textBytes = Utf8.length(cname);
            int chunk = sdesChunkBytes(textBytes);
            out[pos] = (byte) 0x81;
            out[pos + 1] = (byte) PT_SDES;
            put16(out, pos + 2, chunk / 4);
            put32(out, pos + 4, ssrc);
            out[pos + 8] = 1;
            out[pos + 9] = (byte) textBytes;
            int end = Utf8.write(cname, out, pos + 10);
            java.util.Arrays.fill(out, end, pos + 4 + chunk, (byte) 0); // END and padding
            pos += 4 + chunk;
        }
        if (voipMetrics != null) {
            pos += voipMetrics.writeXr(out, pos, ssrc);
        }
        for (int i = 0; i < apps.size(); i++) {
            pos += apps.get(i).writeTo(out, pos);
        }
        if (!byeSsrcs.isEmpty()) {
            int n = byeSsrcs.size();
            int size = 4 + 4 * n + byeReasonBytes();
            out[pos] = (byte) (0x80 | n);
            out[pos + 1] = (byte) PT_BYE;
            put16(out, pos + 2, size / 4 - 1);
            for (int i = 0; i < n; i++) {
                put32(out, pos + 4 + 4 * i, byeSsrcs.get(i));
            }
            if (byeReason != null) {
                int at = pos + 4 + 4 * n;
                out[at] = (byte) Utf8.length(byeReason);
                int end = Utf8.write(byeReason, out, at + 1);
                java.util.Arrays.fill(out, end, pos + size, (byte) 0);
            }
            pos += size;
        }
        return pos - off;
    }

    /**
     * Parses and validates a compound RTCP packet (RFC 3550 §6.1, Appendix A.2). The input is not
     * retained.
     *
     * @param buf bytes as received
     * @param off index of the first byte
     * @param len length of the compound in bytes
     * @return the parsed compound
     * @throws RtpFormatException if any header, count or length is invalid
     */
    public static RtcpCompound parse(byte[] buf, int off, int len) {
        return new RtcpCompoundView().wrap(buf, off, len).toCompound();
    }
}
