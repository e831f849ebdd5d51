package io.dialtone.rtp;

import static io.dialtone.rtp.RtpPacket.put16;
import static io.dialtone.rtp.RtpPacket.put32;
import static io.dialtone.rtp.RtpPacket.u16;
import static io.dialtone.rtp.RtpPacket.u32;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
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
        ByteArrayOutputStream out = new ByteArrayOutputStream(128);
        int words = 1 + (senderInfo != null ? 5 : 0) + 6 * reportBlocks.size();
        byte[] report = new byte[4 + 4 * words];
        report[0] = (byte) (0x80 | reportBlocks.size());
        report[1] = (byte) (senderInfo != null ? PT_SR : PT_RR);
        put16(report, 2, words);
        put32(report, 4, ssrc);
        int pos = 8;
        if (senderInfo != null) {
            put32(report, pos, senderInfo.ntpTimestamp() >>> 32);
            put32(report, pos + 4, senderInfo.ntpTimestamp() & 0xFFFFFFFFL);
            put32(report, pos + 8, senderInfo.rtpTimestamp());
            put32(report, pos + 12, senderInfo.packetCount());
            put32(report, pos + 16, senderInfo.octetCount());
            pos += 20;
        }
        for (RtcpReportBlock b : reportBlocks) {
            put32(report, pos, b.ssrc());
            put32(report, pos + 4, ((long) (b.fractionLost() & 0xFF) << 24) | (b.cumulativeLost() & 0xFFFFFF));
            put32(report, pos + 8, b.extendedHighestSeq());
            put32(report, pos + 12, b.jitter());
            put32(report, pos + 16, b.lsr());
            put32(report, pos + 20, b.dlsr());
            pos += RtcpReportBlock.SIZE_BYTES;
        }
        out.writeBytes(report);
        if (cname != null) {
            byte[] text = cname.getBytes(StandardCharsets.UTF_8);
            // chunk: SSRC, CNAME item (type 1, length, text), END (≥ 1 zero byte) padded to 32 bits (§6.5)
            int chunk = (4 + 2 + text.length + 1 + 3) & ~3;
            byte[] sdes = new byte[4 + chunk];
            sdes[0] = (byte) 0x81;
            sdes[1] = (byte) PT_SDES;
            put16(sdes, 2, chunk / 4);
            put32(sdes, 4, ssrc);
            sdes[8] = 1;
            sdes[9] = (byte) text.length;
            System.arraycopy(text, 0, sdes, 10, text.length);
            out.writeBytes(sdes);
        }
        if (voipMetrics != null) {
            out.writeBytes(voipMetrics.toXrPacket(ssrc));
        }
        for (RtcpApp app : apps) {
            out.writeBytes(app.toBytes());
        }
        if (!byeSsrcs.isEmpty()) {
            byte[] reason = byeReason == null ? new byte[0] : byeReason.getBytes(StandardCharsets.UTF_8);
            int reasonBytes = byeReason == null ? 0 : (1 + reason.length + 3) & ~3;
            byte[] bye = new byte[4 + 4 * byeSsrcs.size() + reasonBytes];
            bye[0] = (byte) (0x80 | byeSsrcs.size());
            bye[1] = (byte) PT_BYE;
            put16(bye, 2, bye.length / 4 - 1);
            for (int i = 0; i < byeSsrcs.size(); i++) {
                put32(bye, 4 + 4 * i, byeSsrcs.get(i));
            }
            if (byeReason != null) {
                int at = 4 + 4 * byeSsrcs.size();
                bye[at] = (byte) reason.length;
                System.arraycopy(reason, 0, bye, at + 1, reason.length);
            }
            out.writeBytes(bye);
        }
        return out.toByteArray();
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
        Objects.checkFromIndexSize(off, len, buf.length);
        long ssrc = -1;
        RtcpSenderInfo senderInfo = null;
        List<RtcpReportBlock> blocks = List.of();
        String cname = null;
        List<Long> bye = new ArrayList<>();
        String reason = null;
        VoipMetrics xr = null;
        List<RtcpApp> apps = new ArrayList<>();
        int pos = 0;
        boolean first = true;
        while (pos < len) {
            if (pos + 4 > len) {
                throw new RtpFormatException("truncated RTCP header", pos);
            }
            int b0 = buf[off + pos] & 0xFF;
            int pt = buf[off + pos + 1] & 0xFF;
            int count = b0 & 0x1F;
            int size = 4 * (u16(buf, off + pos + 2) + 1);
            if (b0 >> 6 != 2) {
                throw new RtpFormatException("RTCP version " + (b0 >> 6) + " is not 2", pos);
            }
            if (pos + size > len) {
                throw new RtpFormatException("RTCP length " + size + " exceeds compound length", pos + 2);
            }
            if (first && pt != PT_SR && pt != PT_RR) {
                throw new RtpFormatException("compound does not start with SR or RR but " + pt, pos + 1);
            }
            int body = size;
            if ((b0 & 0x20) != 0) {
                if (pos + size != len) {
                    throw new RtpFormatException("padding on a packet that is not the last in the compound", pos);
                }
                int pad = buf[off + pos + size - 1] & 0xFF;
                if (pad == 0 || pad > size - 4) {
                    throw new RtpFormatException("padding count " + pad + " does not fit", pos + size - 1);
                }
                body = size - pad;
            }
            int p = off + pos;
            switch (pt) {
                case PT_SR, PT_RR -> {
                    int need = 8 + (pt == PT_SR ? 20 : 0) + RtcpReportBlock.SIZE_BYTES * count;
                    if (need > body) {
                        throw new RtpFormatException("report count " + count + " exceeds packet length", pos);
                    }
                    if (ssrc == -1) {
                        ssrc = u32(buf, p + 4);
                        int q = p + 8;
                        if (pt == PT_SR) {
                            senderInfo = new RtcpSenderInfo((u32(buf, q) << 32) | u32(buf, q + 4), u32(buf, q + 8),
                                    u32(buf, q + 12), u32(buf, q + 16));
                            q += 20;
                        }
                        blocks = new ArrayList<>(count);
                        for (int i = 0; i < count; i++, q += RtcpReportBlock.SIZE_BYTES) {
                            int lost = (int) (u32(buf, q + 4) & 0xFFFFFF);
                            blocks.add(new RtcpReportBlock(u32(buf, q), buf[q + 4] & 0xFF, (lost << 8) >> 8,
                                    u32(buf, q + 8), u32(buf, q + 12), u32(buf, q + 16), u32(buf, q + 20)));
                        }
                    }
                }
                case PT_SDES -> {
                    String name = parseCname(buf, off, pos, body, count);
                    if (cname == null) {
                        cname = name;
                    }
                }
                case PT_BYE -> {
                    if (4 + 4 * count > body) {
                        throw new RtpFormatException("BYE source count " + count + " exceeds packet length", pos);
                    }
                    for (int i = 0; i < count; i++) {
                        bye.add(u32(buf, p + 4 + 4 * i));
                    }
                    int at = 4 + 4 * count;
                    if (at < body) {
                        int rl = buf[p + at] & 0xFF;
                        if (at + 1 + rl > body) {
                            throw new RtpFormatException("BYE reason length " + rl + " exceeds packet", pos + at);
                        }
                        reason = new String(buf, p + at + 1, rl, StandardCharsets.UTF_8);
                    }
                }
                case RtcpApp.PT_APP -> {
                    if (body < 12) {
                        throw new RtpFormatException("APP packet shorter than 12 bytes", pos);
                    }
                    int dataLen = (body - 12) & ~3;
                    apps.add(new RtcpApp(count, u32(buf, p + 4),
                            new String(buf, p + 8, 4, StandardCharsets.ISO_8859_1).chars()
                                    .map(ch -> ch < 0x80 ? ch : '?').collect(StringBuilder::new,
                                            StringBuilder::appendCodePoint, StringBuilder::append).toString(),
                            java.util.Arrays.copyOfRange(buf, p + 12, p + 12 + dataLen)));
                }
                case VoipMetrics.PT_XR -> {
                    VoipMetrics m = VoipMetrics.parseXr(buf, p, body, pos);
                    if (xr == null) {
                        xr = m;
                    }
                }
                default -> {
                    // RTPFB/PSFB and unknown types: not modelled; skipped whole.
                }
            }
            first = false;
            pos += size;
        }
        if (first) {
            throw new RtpFormatException("empty RTCP compound", 0);
        }
        return new RtcpCompound(ssrc, senderInfo, blocks, cname, bye, reason, xr, apps);
    }

    /** Walks SDES chunks (§6.5), checking every item length; returns the first chunk's CNAME or null. */
    private static String parseCname(byte[] buf, int off, int pos, int body, int chunks) {
        String cname = null;
        int q = 4;
        for (int c = 0; c < chunks; c++) {
            if (q + 4 > body) {
                throw new RtpFormatException("SDES chunk exceeds packet length", pos + q);
            }
            q += 4;
            while (true) {
                if (q >= body) {
                    throw new RtpFormatException("SDES chunk without END item", pos + q);
                }
                int type = buf[off + pos + q] & 0xFF;
                if (type == 0) {
                    q = (q + 4) & ~3; // END, then padding to the next 32-bit boundary
                    break;
                }
                if (q + 2 > body || q + 2 + (buf[off + pos + q + 1] & 0xFF) > body) {
                    throw new RtpFormatException("SDES item length exceeds packet length", pos + q);
                }
                int itemLen = buf[off + pos + q + 1] & 0xFF;
                if (type == 1 && c == 0 && cname == null) {
                    cname = new String(buf, off + pos + q + 2, itemLen, StandardCharsets.UTF_8);
                }
                q += 2 + itemLen;
            }
        }
        return cname;
    }
}
