package io.dialtone.session;

import io.dialtone.message.HeaderNames;
import io.dialtone.message.SipResponse;
import io.dialtone.rtp.AudioSink;
import io.dialtone.rtp.AudioSource;
import io.dialtone.sdp.Answer;
import io.dialtone.sdp.NegotiatedMedia;
import io.dialtone.sdp.OfferAnswer;
import io.dialtone.sdp.SdpParseException;
import io.dialtone.sdp.SessionDescription;
import io.dialtone.session.internal.SessionMedia;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;

/**
 * Early media: the SDP answer to the INVITE's offer in a provisional response, with media flowing
 * before the 2xx (RFC 3261 §13.3.1.1 and §14, RFC 3262 §5, RFC 3264 §5–6).
 *
 * <ul>
 * <li>UAS: {@link #progress} answers the offer in 183 Session Progress (reliable when 100rel is in
 *     use, RFC 3262) and starts the stream. The 2xx then repeats the same SDP when the 183 was
 *     unreliable, and carries none when it was reliable (the offer/answer exchange is complete, §5).</li>
 * <li>UAC: the first provisional with SDP (a new reliable one, or any when 100rel is not in use)
 *     is the answer to our offer: media starts at once and is kept when the 2xx repeats it; a 2xx
 *     without SDP uses it.</li>
 * </ul>
 *
 * <p>Threading: confined to the call executor of its session.
 */
final class EarlyMedia {
    private static final Logger LOG = LoggerFactory.getLogger(EarlyMedia.class);

    private final InviteSession session;
    private NegotiatedMedia negotiated;
    private boolean reliably;

    EarlyMedia(InviteSession session) {
        this.session = session;
    }

    /** True once the INVITE's offer was answered in a provisional (sent as UAS or received as UAC). */
    boolean answered() {
        return negotiated != null;
    }

    /** True when that answer went in a reliable provisional: the offer/answer exchange is complete. */
    boolean answeredReliably() {
        return negotiated != null && reliably;
    }

    // ------------------------------------------------------------------ UAS

    /**
     * UAS: answers the INVITE's offer in 183 Session Progress and starts media.
     *
     * @return false when the offer was unacceptable (the caller rejects with 488)
     * @throws IllegalStateException when the INVITE had no offer or media was already answered early
     */
    boolean progress(ReliableProvisionals provisionals, AudioSource source, AudioSink sink) {
        if (!session.invite().hasBody()) {
            throw new IllegalStateException("early media needs an offer in the INVITE");
        }
        if (answered()) {
            throw new IllegalStateException("early media already answered");
        }
        SessionMedia media = session.media();
        Answer answer;
        try {
            answer = media.answerInitialOffer(session.invite().body());
        } catch (SdpParseException e) {
            return false; // the layer checked the SDP already; unreachable in practice
        }
        if (!answer.isAcceptable()) {
            return false;
        }
        SessionLayer layer = session.layer();
        SipResponse.Builder progress = layer.response(session.invite(), 183, session.localTag())
                .reason("Session Progress")
                .contact(layer.contact(session.transport()))
                .body("application/sdp", answer.toBytes());
        negotiated = answer.media().orElseThrow();
        reliably = provisionals.reliable();
        provisionals.send(progress);
        media.start(negotiated, source, sink);
        return true;
    }

    /** UAS: the 2xx after early media repeats our answer unless it went reliably (RFC 3262 §5). */
    void repeatAnswer(SipResponse.Builder ok) {
        if (!reliably) {
            ok.body("application/sdp", session.media().localSdp().toBytes());
        }
    }

    // ------------------------------------------------------------------ UAC

    /**
     * UAC: a provisional with a To tag arrived; if it carries the answer to our offer, media starts.
     *
     * @param newReliable whether it was a new reliable provisional (just PRACKed)
     */
    void onProvisional(SipResponse rsp, boolean newReliable) {
        boolean retransmittedReliable = rsp.lists(HeaderNames.REQUIRE, "100rel") && !newReliable;
        if (answered() || !rsp.hasBody() || retransmittedReliable) {
            return; // already answered, no SDP, or a retransmitted reliable one
        }
        SessionMedia media = session.media();
        Optional<NegotiatedMedia> m;
        try {
            m = OfferAnswer.negotiate(media.localSdp(), SessionDescription.parse(rsp.body()), true);
        } catch (SdpParseException e) {
            LOG.warn("{}: unparseable SDP in {}: {}", rsp.callId(), rsp.statusCode(), e.getMessage());
            return;
        }
        if (m.isEmpty()) {
            LOG.warn("{}: no acceptable media in the SDP of {}", rsp.callId(), rsp.statusCode());
            return;
        }
        negotiated = m.get();
        reliably = newReliable;
        LOG.debug("{}: early media from {}", rsp.callId(), rsp.statusCode());
        media.start(negotiated, session.source(), session.sink());
    }

    /** UAC: the early answer, for a 2xx without SDP; empty when none came. */
    Optional<NegotiatedMedia> earlyAnswer() {
        return Optional.ofNullable(negotiated);
    }
}
