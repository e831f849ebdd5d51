package io.dialtone.rtp;

/**
 * The ITU-T G.107 E-model, reduced to what a G.711 endpoint can measure: every parameter at its
 * G.107 Table 2 default except delay, loss and burstiness, and talker/listener echo taken as
 * cancelled (so delay impairment is Idd alone). Pure functions; thread-safe.
 *
 * <table>
 * <caption>Terms</caption>
 * <tr><th>Term</th><th>Value</th><th>Source</th></tr>
 * <tr><td>Ro − Is</td><td>{@value #DEFAULT_R}</td><td>G.107 defaults</td></tr>
 * <tr><td>Ie</td><td>0</td><td>G.113 Appendix I, G.711</td></tr>
 * <tr><td>Bpl</td><td>{@value #BPL_G711_PLC} with PLC, {@value #BPL_G711_NO_PLC} without</td><td>G.113 Appendix I</td></tr>
 * <tr><td>Ie,eff</td><td>Ie + (95 − Ie)·Ppl / (Ppl/BurstR + Bpl)</td><td>G.107 (7-29)</td></tr>
 * <tr><td>Idd</td><td>0 for Ta ≤ 100 ms, else 25·((1+X⁶)^⅙ − 3(1+(X/3)⁶)^⅙ + 2), X = log₂(Ta/100)</td><td>G.107 (7-27)</td></tr>
 * <tr><td>A</td><td>0</td><td>wired access</td></tr>
 * <tr><td>MOS</td><td>1 + 0.035R + R(R−60)(100−R)·7·10⁻⁶, 1 below R = 0, 4.5 above 100</td><td>G.107 Annex B</td></tr>
 * </table>
 */
public final class EModel {

    /** R with every G.107 parameter at its default (Ro − Is − Id(0) − Ie,eff(0) + A). */
    public static final double DEFAULT_R = 93.2;
    /** Packet-loss robustness of G.711 with PLC (G.113 Appendix I). */
    public static final double BPL_G711_PLC = 25.1;
    /** Packet-loss robustness of G.711 without PLC. */
    public static final double BPL_G711_NO_PLC = 4.3;
    /** Packetisation delay of one 20 ms G.711 frame, ms. */
    public static final double PTIME_MS = 20;

    private EModel() {
    }

    /**
     * @param lossPercent      Ppl, packet loss (lost and discarded) in percent, 0..100
     * @param burstR           BurstR, 1 for random loss, greater when losses cluster
     * @param oneWayDelayMs    Ta, mouth-to-ear delay, ms
     * @param plc              whether lost frames are concealed (selects Bpl)
     * @return the transmission rating R, 0..100
     */
    public static double rFactor(double lossPercent, double burstR, double oneWayDelayMs, boolean plc) {
        if (lossPercent < 0 || lossPercent > 100 || !(burstR > 0) || oneWayDelayMs < 0) {
            throw new IllegalArgumentException("loss " + lossPercent + " %, BurstR " + burstR + ", delay "
                    + oneWayDelayMs + " ms");
        }
        double bpl = plc ? BPL_G711_PLC : BPL_G711_NO_PLC;
        double ie = 0;
        double ieEff = ie + (95 - ie) * lossPercent / (lossPercent / burstR + bpl);
        double r = DEFAULT_R - delayImpairment(oneWayDelayMs) - ieEff;
        return Math.max(0, Math.min(100, r));
    }

    /** @return Idd (G.107 (7-27)) for a one-way delay Ta in ms */
    public static double delayImpairment(double oneWayDelayMs) {
        if (oneWayDelayMs <= 100) {
            return 0;
        }
        double x = Math.log(oneWayDelayMs / 100) / Math.log(2);
        return 25 * (Math.pow(1 + Math.pow(x, 6), 1.0 / 6) - 3 * Math.pow(1 + Math.pow(x / 3, 6), 1.0 / 6) + 2);
    }

    /** @return the estimated MOS (conversational quality) for R, G.107 Annex B, 1..4.5 */
    public static double mos(double r) {
        if (r <= 0) {
            return 1;
        }
        if (r >= 100) {
            return 4.5;
        }
        return 1 + 0.035 * r + r * (r - 60) * (100 - r) * 7e-6;
    }

    /**
     * Ta of a G.711 stream as this stack can estimate it: half the round trip (the network one way),
     * the jitter buffer's playout delay, and one ptime of packetisation.
     *
     * @param rttMs           round-trip time, ms
     * @param playoutDelayMs  jitter buffer delay, ms
     * @return Ta, ms
     */
    public static double oneWayDelayMs(double rttMs, double playoutDelayMs) {
        return rttMs / 2 + playoutDelayMs + PTIME_MS;
    }
}
