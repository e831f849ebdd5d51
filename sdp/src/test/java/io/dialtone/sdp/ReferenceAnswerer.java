package io.dialtone.sdp;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The general answer builder: {@link OfferAnswer#answer} as it was written before the per-call
 * fast path (RFC 3264 §6, §6.1), through the value builders and
 * {@link OfferAnswer#negotiate}. Kept as the oracle the fast path must match byte for byte.
 */
final class ReferenceAnswerer {
    private ReferenceAnswerer() {}

    record Result(SessionDescription sdp, Optional<NegotiatedMedia> media) {}

    static Result answer(SessionDescription offer, AnswerParams local) {
        SessionDescription.Builder sdp = SessionDescription.builder()
                .origin(Origin.of(local.username(), local.sessionId(), local.sessionVersion(), local.address()))
                .sessionName(local.sessionName())
                .connection(Connection.of(local.address()));
        boolean accepted = false;
        for (MediaDescription m : offer.media()) {
            Optional<MediaDescription> a = accepted ? Optional.empty() : accept(offer, m, local);
            accepted |= a.isPresent();
            sdp.media(a.orElseGet(() -> refuse(m)));
        }
        SessionDescription answer = sdp.build();
        return new Result(answer, accepted ? OfferAnswer.negotiate(offer, answer, false) : Optional.empty());
    }

    private static MediaDescription refuse(MediaDescription offered) {
        MediaDescription.Builder b = MediaDescription.builder(offered.media(), 0, offered.proto());
        for (String f : offered.formats()) b.format(f);
        return b.build();
    }

    private static Optional<MediaDescription> accept(SessionDescription offer, MediaDescription m, AnswerParams local) {
        if (!m.media().equals("audio") || !m.proto().equalsIgnoreCase("RTP/AVP") || m.port() == 0) return Optional.empty();
        List<Integer> audio = new ArrayList<>();
        List<Integer> events = new ArrayList<>();
        List<Codec> fmtps = new ArrayList<>();
        for (int pt : m.payloadTypes()) {
            Optional<RtpMap> map = m.rtpmap(pt);
            if (map.isEmpty()) continue;
            Optional<Codec> ours = local.codecs().stream().filter(c -> c.matches(map.get())).findFirst();
            if (ours.isEmpty()) continue;
            (map.get().isTelephoneEvent() ? events : audio).add(pt);
        }
        if (audio.isEmpty()) return Optional.empty();
        List<Integer> chosen = local.singleCodec() ? audio.subList(0, 1) : audio;
        int rate = m.rtpmap(chosen.get(0)).orElseThrow().clockRateHz();
        OptionalInt event = events.stream().filter(pt -> m.rtpmap(pt).orElseThrow().clockRateHz() == rate)
                .mapToInt(Integer::intValue).findFirst();
        if (event.isEmpty() && !events.isEmpty()) event = OptionalInt.of(events.get(0));
        MediaDescription.Builder b = MediaDescription.builder("audio", local.rtpPort(), m.proto());
        for (int pt : m.payloadTypes()) {
            if (!chosen.contains(pt) && !(event.isPresent() && event.getAsInt() == pt)) continue;
            RtpMap map = m.rtpmap(pt).orElseThrow();
            Codec ours = local.codecs().stream().filter(c -> c.matches(map)).findFirst().orElseThrow();
            b.payloadType(pt).rtpmap(map);
            String fmtp = ours.fmtp() != null ? ours.fmtp() : m.fmtp(pt).orElse(null);
            if (fmtp != null) fmtps.add(ours.withPayloadType(pt).withFmtp(fmtp));
        }
        for (Codec c : fmtps) b.fmtp(c.payloadType(), c.fmtp());
        b.ptime(local.ptimeMs());
        if (m.rtcpMux() && local.rtcpMux()) b.property("rtcp-mux");
        b.direction(m.effectiveDirection(offer).reverse().intersect(local.direction()));
        return Optional.of(b.build());
    }
}
