package io.dialtone.codec;

/**
 * ITU-T G.711 companding: μ-law (PCMU) and A-law (PCMA), bit-exact with the classic G.711
 * reference implementation (the CCITT/Sun {@code g711.c} that ITU-T G.191 also reproduces).
 *
 * <p>Linear samples are signed 16-bit PCM ({@code short}). G.711 itself is specified on 14-bit
 * (μ-law) and 13-bit (A-law) linear input (G.711 §2, Tables 1a/2a); the 16-bit input is reduced by an
 * arithmetic shift ({@code >> 2} for μ-law, {@code >> 3} for A-law) exactly as the reference does:
 * <ul>
 *   <li>μ-law: magnitude of the 14-bit value, clipped to 8159, plus the bias 33 (0x84 on the 16-bit
 *       scale), segment = position of the highest set bit, code bits inverted (positive codes have
 *       the sign bit set, 0xFF is +0).</li>
 *   <li>A-law: 13-bit value, negative values one's-complemented ({@code -v - 1}), segment search,
 *       even bits toggled with 0x55 (0xD5 for positive values).</li>
 * </ul>
 *
 * <p>Both directions are table lookups built once at class initialisation (decode: 256 entries;
 * encode: 16384 entries for μ-law, 8192 for A-law, indexed by the shifted input). The class is
 * stateless and thread-safe; all methods are allocation-free.
 *
 * <p>Known quirk: μ-law code 0x7F ("−0") decodes to 0, which re-encodes as 0xFF ("+0"); every other
 * code of both laws round-trips decode → encode unchanged.
 */
public final class G711 {

    private static final int ULAW_BIAS = 0x84;
    private static final int ULAW_CLIP = 8159;

    private static final short[] ULAW_DECODE = new short[256];
    private static final short[] ALAW_DECODE = new short[256];
    /**
     * Encode tables indexed by the sample's 16 bits as unsigned ({@code pcm & 0xFFFF}): one load per
     * sample, no shift and no bounds check (the JIT reads the {@code short} zero-extended and knows the
     * index is below the length). 64 KiB per law; a 16384-entry table on {@code pcm >> 2} costs a shift
     * and a mask more per sample, about 1.3× the time per frame (benchmarks/RESULTS.md).
     */
    private static final byte[] ULAW_ENCODE = new byte[1 << 16];
    private static final byte[] ALAW_ENCODE = new byte[1 << 16];

    static {
        for (int code = 0; code < 256; code++) {
            ULAW_DECODE[code] = (short) ulawToLinear(code);
            ALAW_DECODE[code] = (short) alawToLinear(code);
        }
        for (int i = 0; i < 1 << 16; i++) {
            ULAW_ENCODE[i] = (byte) linear14ToUlaw((short) i >> 2); // G.711 μ-law uses the top 14 bits
            ALAW_ENCODE[i] = (byte) linear13ToAlaw((short) i >> 3); // A-law the top 13
        }
    }

    private G711() {
    }

    /**
     * Encodes one sample to μ-law (G.711 §3, Table 2a).
     *
     * @param pcm signed 16-bit linear sample
     * @return the 8-bit μ-law code as transmitted on the wire
     */
    public static byte ulawEncode(short pcm) {
        return ULAW_ENCODE[pcm & 0xFFFF];
    }

    /**
     * Decodes one μ-law code (G.711 §3, Table 2a) to 16-bit linear.
     *
     * @param code the 8-bit μ-law code as received
     * @return the signed 16-bit reconstruction value, in [-32124, 32124]
     */
    public static short ulawDecode(byte code) {
        return ULAW_DECODE[code & 0xFF];
    }

    /**
     * Encodes one sample to A-law (G.711 §2, Table 1a).
     *
     * @param pcm signed 16-bit linear sample
     * @return the 8-bit A-law code (even bits already toggled) as transmitted on the wire
     */
    public static byte alawEncode(short pcm) {
        return ALAW_ENCODE[pcm & 0xFFFF];
    }

    /**
     * Decodes one A-law code (G.711 §2, Table 1a) to 16-bit linear.
     *
     * @param code the 8-bit A-law code as received
     * @return the signed 16-bit reconstruction value, in [-32256, 32256]
     */
    public static short alawDecode(byte code) {
        return ALAW_DECODE[code & 0xFF];
    }

    /** Reference μ-law compression of a 14-bit two's complement value. */
    private static int linear14ToUlaw(int v) {
        int mask;
        int magnitude;
        if (v < 0) {
            magnitude = -v;
            mask = 0x7F;
        } else {
            magnitude = v;
            mask = 0xFF;
        }
        if (magnitude > ULAW_CLIP) {
            magnitude = ULAW_CLIP;
        }
        magnitude += ULAW_BIAS >> 2;
        // magnitude is in [33, 8192]; segment = index of the highest set bit above bit 5.
        int seg = 31 - Integer.numberOfLeadingZeros(magnitude) - 5;
        if (seg >= 8) {
            return 0x7F ^ mask;
        }
        int code = (seg << 4) | ((magnitude >> (seg + 1)) & 0x0F);
        return code ^ mask;
    }

    /** Reference A-law compression of a 13-bit two's complement value. */
    private static int linear13ToAlaw(int v) {
        int mask;
        int magnitude;
        if (v >= 0) {
            mask = 0xD5;
            magnitude = v;
        } else {
            mask = 0x55;
            magnitude = -v - 1;
        }
        // magnitude is in [0, 4095]; segment 0 covers [0, 32).
        int seg = magnitude < 32 ? 0 : 31 - Integer.numberOfLeadingZeros(magnitude) - 4;
        int code = seg << 4;
        code |= seg < 2 ? (magnitude >> 1) & 0x0F : (magnitude >> seg) & 0x0F;
        return code ^ mask;
    }

    /** Reference μ-law expansion. */
    private static int ulawToLinear(int code) {
        int u = ~code & 0xFF;
        int t = ((u & 0x0F) << 3) + ULAW_BIAS;
        t <<= (u & 0x70) >> 4;
        return (u & 0x80) != 0 ? ULAW_BIAS - t : t - ULAW_BIAS;
    }

    /** Reference A-law expansion. */
    private static int alawToLinear(int code) {
        int a = (code ^ 0x55) & 0xFF;
        int t = (a & 0x0F) << 4;
        int seg = (a & 0x70) >> 4;
        switch (seg) {
            case 0 -> t += 8;
            case 1 -> t += 0x108;
            default -> {
                t += 0x108;
                t <<= seg - 1;
            }
        }
        return (a & 0x80) != 0 ? t : -t;
    }
}
