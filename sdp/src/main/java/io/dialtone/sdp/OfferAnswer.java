package io.dialtone.sdp;

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
     *
     * <p>The answer is written straight to its wire bytes ({@link Answer#toBytes()}), the same bytes
     * {@link SessionDescription#toBytes()} gives for {@link Answer#sdp()}; the session part is a
     * template cached per local identity. The negotiated stream is what
     * {@link #negotiate(SessionDescription, SessionDescription, boolean) negotiate(offer, answer, false)}
     * reads from the two, computed while answering.
     *
     * @param offer the peer's offer
     * @param local what we support and where we receive
     * @return the answer SDP and the accepted stream; empty media means nothing was acceptable (answer 488)
     * @throws IllegalArgumentException if {@code local}'s username, address or session name cannot be written
     */
    public static Answer answer(SessionDescription offer, AnswerParams local) {
        Objects.requireNonNull(offer, "offer");
        Objects.requireNonNull(local, "local");
        AnswerWriter out = new AnswerWriter(local);
        boolean accepted = false;
        NegotiatedMedia negotiated = null;
        List<MediaDescription> media = offer.media();
        for (int i = 0; i < media.size(); i++) {
            MediaDescription m = media.get(i);
            Acceptance a = accepted ? null : Acceptance.of(m, local);
            if (a == null) {
                out.refused(m);
                continue;
            }
            accepted = true;
            MediaDirection direction = m.effectiveDirection(offer).reverse().intersect(local.direction());
            boolean rtcpMux = m.rtcpMux() && local.rtcpMux();
            a.write(out, m, local, rtcpMux, direction);
            negotiated = a.negotiated(offer, m, i, direction, rtcpMux);
        }
        return new Answer(out.toBytes(), Optional.ofNullable(negotiated));
    }

    /**
     * The formats of one offered stream we accept (§6.1): per offered format, its encoding and our
     * codec for it; which formats the answer lists (the first common codec, or all common ones, and
     * telephone-event at the audio clock rate, RFC 4733 §2.1). Arrays, not lists: one per answer.
     */
    private static final class Acceptance {
        final int[] payloadTypes;
        final RtpMap[] maps;
        final Codec[] ours;
        final boolean[] included;
        /** Index of the first accepted audio format: the codec the stream uses. */
        final int codec;
        /** The telephone-event payload type listed, or -1. */
        final int event;

        private Acceptance(int[] payloadTypes, RtpMap[] maps, Codec[] ours, boolean[] included, int codec, int event) {
            this.payloadTypes = payloadTypes;
            this.maps = maps;
            this.ours = ours;
            this.included = included;
            this.codec = codec;
            this.event = event;
        }

        /** @return the acceptance, or {@code null} if the stream is to be refused */
        static Acceptance of(MediaDescription m, AnswerParams local) {
            if (!m.media().equals("audio") || !m.proto().equalsIgnoreCase("RTP/AVP") || m.port() == 0) return null;
            int[] pts = m.payloadTypeArray();
            int n = pts.length;
            RtpMap[] maps = new RtpMap[n];
            Codec[] ours = new Codec[n];
            int firstAudio = -1;
            for (int i = 0; i < n; i++) {
                RtpMap map = m.rtpmapOrNull(pts[i]);
                if (map == null) continue;                                 // dynamic without rtpmap: unusable
                Codec c = supported(local.codecs(), map);
                if (c == null) continue;
                maps[i] = map;
                ours[i] = c;
                if (firstAudio < 0 && !map.isTelephoneEvent()) firstAudio = i;
            }
            if (firstAudio < 0) return null;
            int rate = maps[firstAudio].clockRateHz();
            // RFC 4733 §2.1: telephone-event at the audio clock rate; else the first offered (peers pair /8000 with opus)
            int event = -1;
            int anyEvent = -1;
            for (int i = 0; i < n && event < 0; i++) {
                if (maps[i] == null || !maps[i].isTelephoneEvent()) continue;
                if (anyEvent < 0) anyEvent = pts[i];
                if (maps[i].clockRateHz() == rate) event = pts[i];
            }
            if (event < 0) event = anyEvent;
            boolean[] included = new boolean[n];
            for (int i = 0; i < n; i++) {                                  // offerer's order and numbers (§6.1)
                boolean audio = maps[i] != null && !maps[i].isTelephoneEvent();
                included[i] = local.singleCodec() ? pts[i] == pts[firstAudio] || pts[i] == event : audio || pts[i] == event;
            }
            return new Acceptance(pts, maps, ours, included, firstAudio, event);
        }

        private static Codec supported(List<Codec> codecs, RtpMap map) {
            for (int i = 0; i < codecs.size(); i++) if (codecs.get(i).matches(map)) return codecs.get(i);
            return null;
        }

        /** Writes the accepted m= section: m=, an rtpmap per listed format, their fmtps, ptime, rtcp-mux, direction. */
        void write(AnswerWriter out, MediaDescription m, AnswerParams local, boolean rtcpMux, MediaDirection direction) {
            out.acceptedMLine(local.rtpPort(), m.proto(), payloadTypes, included);
            for (int i = 0; i < payloadTypes.length; i++) if (included[i]) out.rtpmap(maps[i]);
            for (int i = 0; i < payloadTypes.length; i++) {
                if (!included[i]) continue;
                String fmtp = ours[i].fmtp() != null ? ours[i].fmtp() : m.fmtpOrNull(payloadTypes[i]);
                if (fmtp != null) out.fmtp(payloadTypes[i], fmtp);
            }
            out.acceptedTail(rtcpMux, direction);
        }

        /**
         * What {@link #negotiate} reads from the offer and this answer (§6.1): the offerer's address
         * and port, our first listed codec and telephone-event, the offerer's ptime, our answered
         * direction (ours intersected with the reversed offer: already in {@code direction}).
         * @return the stream, or {@code null} where negotiate finds none (no c=, a proto it does not read as RTP)
         */
        NegotiatedMedia negotiated(SessionDescription offer, MediaDescription m, int index, MediaDirection direction,
                                   boolean rtcpMux) {
            if (!m.isRtp()) return null;
            Connection conn = m.connection().isPresent() ? m.connection().get() : offer.connection().orElse(null);
            if (conn == null) return null;
            RtpMap c = maps[codec];
            OptionalInt te = event < 0 ? OptionalInt.empty() : OptionalInt.of(event);
            return new NegotiatedMedia(index, conn.address(), m.port(), c.payloadType(), c.encodingName(), c.clockRateHz(),
                    c.channels(), m.ptime().orElse(DEFAULT_PTIME_MS), te, direction, rtcpMux);
        }
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
