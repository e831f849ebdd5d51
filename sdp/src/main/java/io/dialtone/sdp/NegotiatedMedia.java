package io.dialtone.sdp;

import java.util.Objects;
import java.util.OptionalInt;

/**
 * The outcome of an offer/answer exchange for the one audio stream (RFC 3264 §6.1, §7): where to
 * send RTP, in which format, and in which direction — everything the RTP layer needs.
 *
 * @param mediaIndex index of the accepted m= line in the offer and in the answer
 * @param remoteAddress peer's RTP address: its media-level c=, else its session-level c=
 *        ("0.0.0.0" means the peer is on hold in the RFC 2543 way; don't send)
 * @param remotePort peer's RTP port, 1..65535 (RTCP on remotePort + 1 unless {@code rtcpMux})
 * @param payloadType the payload type to send and expect, in the offerer's numbering
 * @param encodingName e.g. "PCMU"
 * @param clockRateHz RTP clock rate in Hz
 * @param channels audio channels
 * @param ptimeMs packetization to send: the peer's {@code a=ptime}, else 20 ms
 * @param telephoneEventPayloadType RFC 4733 payload type, if both sides agreed on one
 * @param direction our direction: {@code sends()} = we send RTP, {@code receives()} = we expect it
 * @param rtcpMux RTP and RTCP share the port (RFC 5761): offered and answered
 */
public record NegotiatedMedia(int mediaIndex, String remoteAddress, int remotePort, int payloadType, String encodingName,
                              int clockRateHz, int channels, int ptimeMs, OptionalInt telephoneEventPayloadType,
                              MediaDirection direction, boolean rtcpMux) {

    public NegotiatedMedia {
        Objects.requireNonNull(remoteAddress, "remoteAddress");
        Objects.requireNonNull(encodingName, "encodingName");
        Objects.requireNonNull(telephoneEventPayloadType, "telephoneEventPayloadType");
        Objects.requireNonNull(direction, "direction");
    }

    /** @return true if we send RTP to the peer */
    public boolean sends() { return direction.sends(); }

    /** @return true if we expect RTP from the peer */
    public boolean receives() { return direction.receives(); }

    /** @return samples per packet, {@code clockRateHz * ptimeMs / 1000} (160 for G.711 at 20 ms) */
    public int samplesPerPacket() { return clockRateHz * ptimeMs / 1000; }
}
