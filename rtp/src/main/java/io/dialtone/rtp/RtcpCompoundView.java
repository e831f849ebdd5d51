package io.dialtone.rtp;

import static io.dialtone.rtp.RtpPacket.u16;
import static io.dialtone.rtp.RtpPacket.u32;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntFunction;
import java.util.Objects;

/**
 * A reusable, mutable view of one compound RTCP packet (RFC 3550 §6.1) in a caller's buffer:
 * {@link #wrap} applies every check {@link RtcpCompound#parse} applies (Appendix A.2: version 2
 * everywhere, SR or RR first, padding only on the last packet, every length, SDES item and XR block
 * inside the compound) and records where the parts are, without allocating; the accessors then read
 * the buffer. What it exposes is what {@link RtcpCompound} models: the first SR/RR and its report
 * blocks, the first SDES chunk's CNAME, the sources of every BYE and the last BYE's reason, the first
 * XR VoIP Metrics block (RFC 3611 §4.7) and the APP packets.
 *
 * <p>Accessors returning a record or a {@code String} ({@link #reportBlock}, {@link #cname},
 * {@link #voipMetrics}, ...) build it; the primitive ones do not. Valid until the buffer is reused or
 * {@link #wrap} is called again. Not thread-safe: one view per thread (for a stream, per event loop).
 */
public final class RtcpCompoundView {

    private static final int[] NONE = new int[0];

    private byte[] buf;
    private int off;
    private int len;
    private long ssrc;
    private int report; // index in buf of the first SR/RR packet
    private boolean senderReport;
    private int reportCount;
    private int cname; // index of the CNAME text, -1 if none
    private int cnameLength;
    private int[] bye = NONE; // indexes of BYE SSRCs, allocated at the first BYE
    private int byeCount;
    private int reason; // index of the last BYE reason text, -1 if none
    private int reasonLength;
    private int voipMetrics; // index of the first VoIP Metrics block, -1 if none
    private int[] apps = NONE; // indexes of APP packets, allocated at the first APP
    private int[] appLengths = NONE;
    private int appCount;

    /**
     * Points the view at a compound and validates it.
     *
     * @param buf bytes as received (read, never written or retained beyond the view)
     * @param off index of the first byte
     * @param len length of the compound in bytes
     * @return this view
     * @throws RtpFormatException if any header, count or length is invalid; the view is then empty
     * @throws IndexOutOfBoundsException if the range falls outside {@code buf}
     */
    public RtcpCompoundView wrap(byte[] buf, int off, int len) {
        Objects.checkFromIndexSize(off, len, buf.length);
        this.buf = null;
        report = -1;
        cname = -1;
        reason = -1;
        voipMetrics = -1;
        byeCount = 0;
        appCount = 0;
        int pos = 0;
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
            if (pos == 0 && pt != RtcpCompound.PT_SR && pt != RtcpCompound.PT_RR) {
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
                case RtcpCompound.PT_SR, RtcpCompound.PT_RR -> {
                    boolean sr = pt == RtcpCompound.PT_SR;
                    if (8 + (sr ? 20 : 0) + RtcpReportBlock.SIZE_BYTES * count > body) {
                        throw new RtpFormatException("report count " + count + " exceeds packet length", pos);
                    }
                    if (report < 0) {
                        report = p;
                        senderReport = sr;
                        reportCount = count;
                        ssrc = u32(buf, p + 4);
                    }
                }
                case RtcpCompound.PT_SDES -> sdes(buf, p, pos, body, count);
                case RtcpCompound.PT_BYE -> {
                    if (4 + 4 * count > body) {
                        throw new RtpFormatException("BYE source count " + count + " exceeds packet length", pos);
                    }
                    if (byeCount + count > bye.length) {
                        bye = Arrays.copyOf(bye, Math.max(Math.max(2 * bye.length, 31), byeCount + count));
                    }
                    for (int i = 0; i < count; i++) {
                        bye[byeCount++] = p + 4 + 4 * i;
                    }
                    int at = 4 + 4 * count;
                    if (at < body) {
                        int rl = buf[p + at] & 0xFF;
                        if (at + 1 + rl > body) {
                            throw new RtpFormatException("BYE reason length " + rl + " exceeds packet", pos + at);
                        }
                        reason = p + at + 1;
                        reasonLength = rl;
                    }
                }
                case RtcpApp.PT_APP -> {
                    if (body < 12) {
                        throw new RtpFormatException("APP packet shorter than 12 bytes", pos);
                    }
                    if (appCount == apps.length) {
                        apps = Arrays.copyOf(apps, Math.max(2, 2 * appCount));
                        appLengths = Arrays.copyOf(appLengths, apps.length);
                    }
                    apps[appCount] = p;
                    appLengths[appCount++] = body;
                }
                case VoipMetrics.PT_XR -> {
                    int block = VoipMetrics.findXr(buf, p, body, pos);
                    if (voipMetrics < 0) {
                        voipMetrics = block;
                    }
                }
                default -> {
                    // RTPFB/PSFB and unknown types: not modelled; skipped whole.
                }
            }
            pos += size;
        }
        if (pos == 0) {
            throw new RtpFormatException("empty RTCP compound", 0);
        }
        this.buf = buf;
        this.off = off;
        this.len = len;
        return this;
    }

    /** Walks SDES chunks (§6.5), checking every item length; keeps the first chunk's CNAME. */
    private void sdes(byte[] buf, int p, int pos, int body, int chunks) {
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
                int type = buf[p + q] & 0xFF;
                if (type == 0) {
                    q = (q + 4) & ~3; // END, then padding to the next 32-bit boundary
                    break;
                }
                if (q + 2 > body || q + 2 + (buf[p + q + 1] & 0xFF) > body) {
                    throw new RtpFormatException("SDES item length exceeds packet length", pos + q);
                }
                int itemLen = buf[p + q + 1] & 0xFF;
                if (type == 1 && c == 0 && cname < 0) {
                    cname = p + q + 2;
                    cnameLength = itemLen;
                }
                q += 2 + itemLen;
            }
        }
    }

    private byte[] buf() {
        if (buf == null) {
            throw new IllegalStateException("no compound wrapped");
        }
        return buf;
    }

    /** @return SSRC of the sender of the first SR/RR, 0..2³²-1 */
    public long ssrc() {
        buf();
        return ssrc;
    }

    /** @return the compound length in bytes as wrapped */
    public int length() {
        buf();
        return len;
    }

    /** @return whether the compound starts with an SR */
    public boolean isSenderReport() {
        buf();
        return senderReport;
    }

    /** @return index in buf of the SR's sender info */
    private int senderInfoOffset() {
        if (!isSenderReport()) {
            throw new IllegalStateException("not a sender report");
        }
        return report + 8;
    }

    /**
     * @return the SR's 64-bit NTP timestamp (§6.4.1)
     * @throws IllegalStateException for an RR
     */
    public long ntpTimestamp() {
        int q = senderInfoOffset();
        return (u32(buf, q) << 32) | u32(buf, q + 4);
    }

    /**
     * @return the middle 32 bits of the SR's NTP timestamp, as echoed in LSR (§6.4.1)
     * @throws IllegalStateException for an RR
     */
    public long compactNtp() {
        return (ntpTimestamp() >>> 16) & 0xFFFFFFFFL;
    }

    /** @return the SR's sender info as a record (allocates), or null for an RR */
    public RtcpSenderInfo senderInfo() {
        if (!isSenderReport()) {
            return null;
        }
        int q = report + 8;
        return new RtcpSenderInfo(ntpTimestamp(), u32(buf, q + 8), u32(buf, q + 12), u32(buf, q + 16));
    }

    /** @return number of report blocks in the first SR/RR, 0..31 */
    public int reportCount() {
        buf();
        return reportCount;
    }

    private int block(int index) {
        Objects.checkIndex(index, reportCount());
        return report + 8 + (senderReport ? 20 : 0) + RtcpReportBlock.SIZE_BYTES * index;
    }

    /** @return the SSRC that report block {@code index} is about */
    public long reportSsrc(int index) {
        return u32(buf, block(index));
    }

    /** @return report block {@code index} as a record (allocates) */
    public RtcpReportBlock reportBlock(int index) {
        int q = block(index);
        int lost = (int) (u32(buf, q + 4) & 0xFFFFFF);
        return new RtcpReportBlock(u32(buf, q), buf[q + 4] & 0xFF, (lost << 8) >> 8, u32(buf, q + 8),
                u32(buf, q + 12), u32(buf, q + 16), u32(buf, q + 20));
    }

    /** @return the first SDES chunk's CNAME (allocates), or null */
    public String cname() {
        buf();
        return cname < 0 ? null : new String(buf, cname, cnameLength, StandardCharsets.UTF_8);
    }

    /** @return whether a BYE is present */
    public boolean isBye() {
        return byeCount() > 0;
    }

    /** @return number of sources in all BYE packets */
    public int byeCount() {
        buf();
        return byeCount;
    }

    /** @return BYE source {@code index}, 0..2³²-1 */
    public long byeSsrc(int index) {
        Objects.checkIndex(index, byeCount());
        return u32(buf, bye[index]);
    }

    /** @return the last BYE's reason (allocates), or null */
    public String byeReason() {
        buf();
        return reason < 0 ? null : new String(buf, reason, reasonLength, StandardCharsets.UTF_8);
    }

    /** @return whether an XR VoIP Metrics block is present */
    public boolean hasVoipMetrics() {
        buf();
        return voipMetrics >= 0;
    }

    /**
     * @return the SSRC the first VoIP Metrics block is about
     * @throws IllegalStateException if there is none
     */
    public long voipMetricsSsrc() {
        if (!hasVoipMetrics()) {
            throw new IllegalStateException("no VoIP Metrics block");
        }
        return u32(buf, voipMetrics + 4);
    }

    /** @return the first VoIP Metrics block (allocates), or null */
    public VoipMetrics voipMetrics() {
        return hasVoipMetrics() ? VoipMetrics.read(buf, voipMetrics) : null;
    }

    /** @return number of APP packets */
    public int appCount() {
        buf();
        return appCount;
    }

    /** @return APP packet {@code index} (allocates) */
    public RtcpApp app(int index) {
        Objects.checkIndex(index, appCount());
        int p = apps[index];
        int dataLen = (appLengths[index] - 12) & ~3;
        char[] name = new char[4];
        for (int i = 0; i < 4; i++) {
            int ch = buf[p + 8 + i] & 0xFF;
            name[i] = ch < 0x80 ? (char) ch : '?';
        }
        return new RtcpApp(buf[p] & 0x1F, u32(buf, p + 4), new String(name), Arrays.copyOfRange(buf, p + 12,
                p + 12 + dataLen));
    }

    /** @return the compound as an immutable {@link RtcpCompound} (allocates; for tests and slow paths) */
    public RtcpCompound toCompound() {
        buf();
        return new RtcpCompound(ssrc, senderInfo(), list(reportCount, this::reportBlock), cname(),
                list(byeCount, this::byeSsrc), byeReason(), voipMetrics(), list(appCount, this::app));
    }

    /** An immutable list of {@code n} elements, without an intermediate array for none or one. */
    private static <T> List<T> list(int n, IntFunction<T> element) {
        if (n == 0) {
            return List.of();
        }
        if (n == 1) {
            return List.of(element.apply(0));
        }
        List<T> all = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            all.add(element.apply(i));
        }
        return all;
    }
}
