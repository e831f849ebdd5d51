package io.dialtone.sdp;

import java.util.Objects;
import java.util.Optional;

/**
 * An {@code a=rtpmap:<payload type> <encoding name>/<clock rate>[/<encoding parameters>]} attribute
 * (RFC 8866 §6.6), or the static mapping RFC 3551 §6 Table 4/5 gives a payload type without one.
 *
 * @param payloadType 0..127
 * @param encodingName e.g. "PCMU", "opus", "telephone-event"; compare ignoring case (RFC 4855 §3)
 * @param clockRateHz RTP clock rate in Hz
 * @param channels audio channels, 1 when omitted
 */
public record RtpMap(int payloadType, String encodingName, int clockRateHz, int channels) {

    public RtpMap {
        if (payloadType < 0 || payloadType > 127) throw new IllegalArgumentException("payload type out of range: " + payloadType);
        SdpText.requireToken(encodingName, "encodingName");
        if (clockRateHz <= 0) throw new IllegalArgumentException("clock rate must be positive: " + clockRateHz);
        if (channels <= 0) throw new IllegalArgumentException("channels must be positive: " + channels);
    }

    /** @return the mono mapping {@code <pt> <name>/<rate>} */
    public static RtpMap of(int payloadType, String encodingName, int clockRateHz) {
        return new RtpMap(payloadType, encodingName, clockRateHz, 1);
    }

    /**
     * The static audio/video payload types of RFC 3551 §6 (0 = PCMU/8000, 8 = PCMA/8000, 9 = G722/8000, ...).
     * @return the static mapping, or empty for a dynamic or unassigned payload type
     */
    public static Optional<RtpMap> ofStatic(int payloadType) {
        return Optional.ofNullable(staticOrNull(payloadType));
    }

    /** RFC 3551 §6 static assignments, indexed by payload type; built once (the records are immutable). */
    private static final RtpMap[] STATIC = new RtpMap[35];

    static {
        STATIC[0] = of(0, "PCMU", 8000);
        STATIC[3] = of(3, "GSM", 8000);
        STATIC[4] = of(4, "G723", 8000);
        STATIC[5] = of(5, "DVI4", 8000);
        STATIC[6] = of(6, "DVI4", 16000);
        STATIC[7] = of(7, "LPC", 8000);
        STATIC[8] = of(8, "PCMA", 8000);
        STATIC[9] = of(9, "G722", 8000);   // RTP clock 8000 though sampled at 16 kHz (RFC 3551 §4.5.2)
        STATIC[10] = new RtpMap(10, "L16", 44100, 2);
        STATIC[11] = of(11, "L16", 44100);
        STATIC[12] = of(12, "QCELP", 8000);
        STATIC[13] = of(13, "CN", 8000);
        STATIC[14] = of(14, "MPA", 90000);
        STATIC[15] = of(15, "G728", 8000);
        STATIC[16] = of(16, "DVI4", 11025);
        STATIC[17] = of(17, "DVI4", 22050);
        STATIC[18] = of(18, "G729", 8000);
        STATIC[25] = of(25, "CelB", 90000);
        STATIC[26] = of(26, "JPEG", 90000);
        STATIC[28] = of(28, "nv", 90000);
        STATIC[31] = of(31, "H261", 90000);
        STATIC[32] = of(32, "MPV", 90000);
        STATIC[33] = of(33, "MP2T", 90000);
        STATIC[34] = of(34, "H263", 90000);
    }

    /** @return {@link #ofStatic(int)}, or {@code null} for none */
    static RtpMap staticOrNull(int payloadType) {
        return payloadType >= 0 && payloadType < STATIC.length ? STATIC[payloadType] : null;
    }

    /**
     * Parses the value of an {@code a=rtpmap} attribute, e.g. "111 opus/48000/2".
     * @return the mapping, or empty if the value is malformed (the attribute is then kept but ignored)
     */
    public static Optional<RtpMap> parse(String value) {
        Objects.requireNonNull(value, "value");
        return Optional.ofNullable(parseOrNull(value));
    }

    /** @return {@link #parse(String)}, or {@code null} if malformed */
    static RtpMap parseOrNull(String value) {
        int sp = value.indexOf(' ');
        if (sp <= 0) return null;
        int pt = SdpNumbers.parseInt(value, 0, sp);
        int nameEnd = value.indexOf('/', sp + 1);
        if (pt < 0 || pt > 127 || nameEnd <= sp + 1) return null;
        int rateEnd = value.indexOf('/', nameEnd + 1);
        int end = rateEnd < 0 ? value.length() : rateEnd;
        int rate = SdpNumbers.parseInt(value, nameEnd + 1, end);
        int channels = rateEnd < 0 ? 1 : SdpNumbers.parseInt(value, rateEnd + 1, value.length());
        if (rate <= 0 || channels <= 0) return null;
        int from = sp + 1;
        int to = nameEnd;
        while (from < to && value.charAt(from) <= ' ') from++;               // String.trim()
        while (to > from && value.charAt(to - 1) <= ' ') to--;
        int space = value.indexOf(' ', from);
        if (from == to || (space >= 0 && space < to)) return null;
        String name = commonName(value, from, to);
        return new RtpMap(pt, name != null ? name : value.substring(from, to), rate, channels);
    }

    /** Encoding names seen in nearly every offer, shared instead of copied. */
    private static final String[] COMMON_NAMES = {"PCMU", "PCMA", "telephone-event", "opus", "G722", "G729", "CN"};

    private static String commonName(String value, int from, int to) {
        for (String n : COMMON_NAMES) if (n.length() == to - from && value.startsWith(n, from)) return n;
        return null;
    }

    /** @return true if the encoding names match ignoring case and clock rate and channels are equal */
    public boolean sameCodec(RtpMap other) {
        return encodingName.equalsIgnoreCase(other.encodingName) && clockRateHz == other.clockRateHz && channels == other.channels;
    }

    /** @return true for RFC 4733 "telephone-event" */
    public boolean isTelephoneEvent() { return encodingName.equalsIgnoreCase("telephone-event"); }

    /** @return the attribute value, e.g. "0 PCMU/8000" or "111 opus/48000/2" */
    public String value() {
        return payloadType + " " + encodingName + '/' + clockRateHz + (channels == 1 ? "" : "/" + channels);
    }

    /** @return the {@code a=rtpmap} attribute */
    public Attribute toAttribute() { return Attribute.of("rtpmap", value()); }
}
