package io.dialtone.sdp;

import java.util.List;

/**
 * An RTP payload format we can offer or accept: encoding name, our payload type number, RTP clock
 * rate and optional {@code a=fmtp} parameters (RFC 3264 §5.1, RFC 8866 §6.6, §6.15).
 *
 * @param encodingName e.g. "PCMU", compared ignoring case
 * @param payloadType the number we use when we offer (RFC 3551 static numbers for PCMU/PCMA);
 *        when answering, the offerer's number is used instead (RFC 3264 §6.1)
 * @param clockRateHz RTP clock rate in Hz
 * @param channels audio channels, usually 1
 * @param fmtp format parameters without the payload type, e.g. "0-16", or {@code null} for none
 */
public record Codec(String encodingName, int payloadType, int clockRateHz, int channels, String fmtp) {
    /** G.711 μ-law, static payload type 0 (RFC 3551 §4.5.14). */
    public static final Codec PCMU = new Codec("PCMU", 0, 8000, 1, null);
    /** G.711 A-law, static payload type 8 (RFC 3551 §4.5.14). */
    public static final Codec PCMA = new Codec("PCMA", 8, 8000, 1, null);
    /** DTMF events 0-16 at 8 kHz on dynamic payload type 101 (RFC 4733 §2.4.1, §3). */
    public static final Codec TELEPHONE_EVENT = new Codec("telephone-event", 101, 8000, 1, "0-16");
    /** The default preference list: PCMU, PCMA, telephone-event. */
    public static final List<Codec> DEFAULTS = List.of(PCMU, PCMA, TELEPHONE_EVENT);

    public Codec {
        new RtpMap(payloadType, encodingName, clockRateHz, channels); // validates the fields
        if (fmtp != null) SdpText.requireLine(fmtp, "fmtp");
    }

    /** @return a mono codec without fmtp */
    public static Codec of(String encodingName, int payloadType, int clockRateHz) {
        return new Codec(encodingName, payloadType, clockRateHz, 1, null);
    }

    /** @return a copy with these format parameters ({@code null} for none) */
    public Codec withFmtp(String params) { return new Codec(encodingName, payloadType, clockRateHz, channels, params); }

    /** @return a copy with another payload type number */
    public Codec withPayloadType(int pt) { return new Codec(encodingName, pt, clockRateHz, channels, fmtp); }

    /** @return the rtpmap this codec is offered with */
    public RtpMap rtpMap() { return new RtpMap(payloadType, encodingName, clockRateHz, channels); }

    /** @return true for RFC 4733 telephone-event */
    public boolean isTelephoneEvent() { return encodingName.equalsIgnoreCase("telephone-event"); }

    /** @return true if {@code m} names this codec: same encoding name (ignoring case), clock rate and channels */
    public boolean matches(RtpMap m) { return rtpMap().sameCodec(m); }
}
