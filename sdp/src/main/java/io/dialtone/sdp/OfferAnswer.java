package io.dialtone.sdp;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The SDP offer/answer model (RFC 3264) for a user agent with one audio stream over RTP/AVP.
 * Pure functions over values: no state, no I/O, safe from any thread. The session layer owns the
 * offer/answer state (which offer is pending, the last versions sent) and calls these.
 *
 * <p>Policy, in RFC terms:
 * <ul>
 *   <li>Offer (§5): one {@code m=audio} with the codecs in preference order, an {@code a=rtpmap} for
 *       each (static ones too, as most stacks do), {@code a=fmtp} where the codec has one, {@code a=ptime}
 *       and an explicit direction attribute.</li>
 *   <li>Answer (§6): the same number of m= lines in the same order. The first {@code m=audio} over
 *       {@code RTP/AVP} with a non-zero port and a codec we support is accepted; every other stream
 *       is refused with port 0 and its formats kept (§6). The answer uses the offerer's payload type
 *       numbers and order (§6.1), lists the first common codec (or all, see
 *       {@link AnswerParams#singleCodec()}) plus telephone-event at the same clock rate if offered,
 *       and reverses the offer's direction intersected with ours (§6.1).</li>
 *   <li>Re-offer (§8): build it with {@link #createOffer(OfferParams)} and a higher
 *       {@link OfferParams#sessionVersion()}, or {@link SessionDescription#withVersion(long)}; the
 *       sess-id stays the same.</li>
 * </ul>
 */
public final class OfferAnswer {
    /** Packetization assumed when the peer sends no {@code a=ptime} (RFC 3551 §4.5: 20 ms default for G.711). */
    public static final int DEFAULT_PTIME_MS = 20;

    private OfferAnswer() {}

    /**
     * Creates an offer with one audio stream (RFC 3264 §5).
     * @param p local address, port, codecs in preference order, ptime, direction, o= identity
     * @return the offer, with session-level {@code c=} and {@code t=0 0}
     */
    public static SessionDescription createOffer(OfferParams p) {
        Objects.requireNonNull(p, "params");
        MediaDescription.Builder m = MediaDescription.builder("audio", p.rtpPort(), "RTP/AVP");
        for (Codec c : p.codecs()) m.payloadType(c.payloadType());
        for (Codec c : p.codecs()) {
            m.rtpmap(c.rtpMap());
            if (c.fmtp() != null) m.fmtp(c.payloadType(), c.fmtp());
        }
        m.ptime(p.ptimeMs());
        if (p.rtcpMux()) m.property("rtcp-mux");
        m.direction(p.direction());
        return SessionDescription.builder()
                .origin(Origin.of(p.username(), p.sessionId(), p.sessionVersion(), p.address()))
                .sessionName(p.sessionName())
                .connection(Connection.of(p.address()))
                .media(m.build())
                .build();
    }

    /**
     * Answers an offer (RFC 3264 §6, §6.1); see the class comment for the policy.
     * @param offer the peer's offer
     * @param local what we support and where we receive
     * @return the answer SDP and the accepted stream; empty media means nothing was acceptable (answer 488)
     */
    public static Answer answer(SessionDescription offer, AnswerParams local) {
        Objects.requireNonNull(offer, "offer");
        Objects.requireNonNull(local, "local");
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
        return new Answer(answer, accepted ? negotiate(offer, answer, false) : Optional.empty());
    }

    /** A refused stream: port 0, same media, proto and formats, no attributes (§6). */
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
            if (map.isEmpty()) continue;                                   // dynamic without rtpmap: unusable
            Optional<Codec> ours = local.codecs().stream().filter(c -> c.matches(map.get())).findFirst();
            if (ours.isEmpty()) continue;
            (map.get().isTelephoneEvent() ? events : audio).add(pt);
        }
        if (audio.isEmpty()) return Optional.empty();
        List<Integer> chosen = local.singleCodec() ? audio.subList(0, 1) : audio;
        int rate = m.rtpmap(chosen.get(0)).orElseThrow().clockRateHz();
        // RFC 4733 §2.1: telephone-event at the audio clock rate; else the first offered (peers pair /8000 with opus)
        OptionalInt event = events.stream().filter(pt -> m.rtpmap(pt).orElseThrow().clockRateHz() == rate)
                .mapToInt(Integer::intValue).findFirst();
        if (event.isEmpty() && !events.isEmpty()) event = OptionalInt.of(events.get(0));
        MediaDescription.Builder b = MediaDescription.builder("audio", local.rtpPort(), m.proto());
        for (int pt : m.payloadTypes()) {                                  // offerer's order and numbers (§6.1)
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

    /**
     * Applies an answer to its offer (RFC 3264 §6.1, §7): finds the first audio stream over RTP that
     * the answer accepted (port not 0) and reads what to send where.
     *
     * <p>Payload type: the first format of the answer that the offer also lists and that is not
     * telephone-event (the answerer's preference, in the offerer's numbering). ptime: the remote
     * party's {@code a=ptime} (what it wants to receive), else {@value #DEFAULT_PTIME_MS}. Direction:
     * ours intersected with the reverse of theirs, each inheriting the session level.
     *
     * @param offer the offer
     * @param answer the answer to it
     * @param weAreOfferer true if we sent {@code offer} (the remote party is then the answerer)
     * @return the stream, or empty if every stream was refused, the answer's m= lines do not match the
     *         offer's in number (§6), or the remote side gave no connection address
     */
    public static Optional<NegotiatedMedia> negotiate(SessionDescription offer, SessionDescription answer, boolean weAreOfferer) {
        Objects.requireNonNull(offer, "offer");
        Objects.requireNonNull(answer, "answer");
        if (offer.media().size() != answer.media().size()) return Optional.empty();
        SessionDescription local = weAreOfferer ? offer : answer;
        SessionDescription remote = weAreOfferer ? answer : offer;
        for (int i = 0; i < answer.media().size(); i++) {
            MediaDescription om = offer.media().get(i);
            MediaDescription am = answer.media().get(i);
            if (am.port() == 0 || om.port() == 0 || !am.media().equals("audio") || !am.isRtp() || !om.isRtp()) continue;
            MediaDescription lm = local.media().get(i);
            MediaDescription rm = remote.media().get(i);
            Optional<Connection> conn = rm.effectiveConnection(remote);
            if (conn.isEmpty()) continue;
            List<Integer> offered = om.payloadTypes();
            RtpMap codec = null;
            OptionalInt event = OptionalInt.empty();
            for (int pt : am.payloadTypes()) {
                if (!offered.contains(pt)) continue;                       // answerer must use offered formats
                Optional<RtpMap> map = am.rtpmap(pt).or(() -> om.rtpmap(pt));
                if (map.isEmpty()) continue;
                if (map.get().isTelephoneEvent()) {
                    if (event.isEmpty()) event = OptionalInt.of(pt);
                } else if (codec == null) {
                    codec = map.get();
                }
            }
            if (codec == null) continue;
            MediaDirection ours = lm.effectiveDirection(local).intersect(rm.effectiveDirection(remote).reverse());
            return Optional.of(new NegotiatedMedia(i, conn.get().address(), rm.port(), codec.payloadType(),
                    codec.encodingName(), codec.clockRateHz(), codec.channels(), rm.ptime().orElse(DEFAULT_PTIME_MS),
                    event, ours, om.rtcpMux() && am.rtcpMux()));
        }
        return Optional.empty();
    }
}
