package io.dialtone.session.internal;

import io.dialtone.codec.AudioCodec;
import io.dialtone.codec.Codecs;
import io.dialtone.rtp.AudioSink;
import io.dialtone.rtp.AudioSource;
import io.dialtone.rtp.DtmfListener;
import io.dialtone.rtp.MediaEngine;
import io.dialtone.rtp.RtpStream;
import io.dialtone.rtp.RtpStreamConfig;
import io.dialtone.rtp.RtpStreamStats;
import io.dialtone.sdp.Answer;
import io.dialtone.sdp.AnswerParams;
import io.dialtone.sdp.MediaDirection;
import io.dialtone.sdp.NegotiatedMedia;
import io.dialtone.sdp.OfferAnswer;
import io.dialtone.sdp.OfferParams;
import io.dialtone.sdp.SdpParseException;
import io.dialtone.sdp.SessionDescription;
import io.dialtone.session.SessionConfig;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The media side of one session: our SDP (RFC 3264 offer or answer, with the origin version
 * incremented whenever it changes, §8) and the RTP stream it describes. Confined to the call
 * executor; the stream itself hops onto its media loop.
 *
 * <p>With {@link SessionConfig#mediaEnabled()} false (signalling only) the SDP is negotiated as
 * usual but every stream is {@code a=inactive} on {@link #DISCARD_PORT}: the call is accepted with
 * our codec and address, and no socket is opened and no stream started.
 */
public final class SessionMedia {
    private final MediaEngine engine;
    private final SessionConfig config;
    private final long sessionId = ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE / 2);
    private long version = sessionId;
    private RtpStream stream;
    /** The SDP we last sent, serialized: a few hundred bytes instead of its object graph for the call's life. */
    private byte[] localSdp;
    private boolean started;
    private DtmfListener dtmfListener;
    private MediaDirection wanted = MediaDirection.SENDRECV;
    private NegotiatedMedia negotiated;
    /** The INVITE's offer as the layer parsed it, until answered; then {@code null}. */
    private SessionDescription initialOffer;

    /** Port in our SDP when media is off: the discard port, with a=inactive (port 0 would refuse the stream). */
    public static final int DISCARD_PORT = 9;

    public SessionMedia(MediaEngine engine, SessionConfig config) {
        this(engine, config, null);
    }

    /**
     * @param initialOffer the offer of the INVITE that creates a UAS session, as the layer parsed it
     *        to check it (RFC 3261 §13.3.1); kept until {@link #answerInitialOffer} so that it is parsed
     *        once per call. {@code null} for a UAC session or an INVITE without an offer.
     */
    public SessionMedia(MediaEngine engine, SessionConfig config, SessionDescription initialOffer) {
        this.engine = engine;
        this.config = config;
        this.initialOffer = initialOffer;
    }

    private RtpStream stream() {
        if (stream == null) {
            try {
                stream = engine.open(RtpStreamConfig.builder()
                        .localAddress(InetAddress.getByName(config.mediaAddress()))
                        .codec(Codecs.byName("PCMU").orElseThrow())
                        .jitterBufferDelayMs(config.jitterBufferMs())
                        .impairment(config.mediaImpairment())
                        .build());
            } catch (UnknownHostException e) {
                throw new IllegalStateException("bad media address " + config.mediaAddress(), e);
            }
            if (dtmfListener != null) {
                stream.dtmfListener(dtmfListener);
            }
        }
        return stream;
    }

    /** Our RTP port: the open stream's, or {@link #DISCARD_PORT} with media off (no socket). */
    private int rtpPort() {
        return config.mediaEnabled() ? stream().localPort() : DISCARD_PORT;
    }

    /** Direction we allow: a=inactive with media off (RFC 3264 §5.1), else what hold/resume asked for. */
    private MediaDirection direction() {
        return config.mediaEnabled() ? wanted : MediaDirection.INACTIVE;
    }

    /**
     * A new offer in an existing session (RFC 3264 §8): same session id, port and codecs, the origin
     * version incremented. With media off the direction stays inactive.
     *
     * @param dir sendrecv to resume, sendonly or inactive to hold (§8.4)
     * @return the offer, now {@link #localSdp()}; see {@link #restore} if it is rejected
     */
    public SessionDescription reoffer(MediaDirection dir) {
        version++;
        return offer(config.mediaEnabled() ? dir : MediaDirection.INACTIVE);
    }

    /** Our SDP returns to {@code previous} after our re-offer was rejected (RFC 3264 §8: nothing changed). */
    public void restore(SessionDescription previous) {
        localSdp = previous == null ? null : previous.toBytes();
    }

    /** The direction we accept in answers from now on: sendrecv, or sendonly/inactive while we hold (§8.4). */
    public void wantedDirection(MediaDirection dir) {
        wanted = dir;
    }

    /** The direction we last offered or allowed (sendrecv unless on hold). */
    public MediaDirection wantedDirection() {
        return wanted;
    }

    /** The stream as last negotiated (started or updated), or {@code null} before. */
    public NegotiatedMedia negotiated() {
        return negotiated;
    }

    /** Our initial offer (RFC 3264 §5); opens the RTP socket pair to learn its port. */
    public SessionDescription offer() {
        return offer(direction());
    }

    private SessionDescription offer(MediaDirection dir) {
        SessionDescription offer = OfferAnswer.createOffer(OfferParams.builder(config.mediaAddress(), rtpPort())
                .codecs(config.codecs()).direction(dir).sessionId(sessionId).sessionVersion(version).username("dialtone")
                .rtcpMux(config.mediaEnabled()).build());
        localSdp = offer.toBytes();
        return offer;
    }

    /**
     * Our answer to the offer in the INVITE (RFC 3264 §6): the offer the layer already parsed, else
     * {@code body} parsed now. Lets go of the parsed offer.
     *
     * @param body the INVITE's body
     * @throws SdpParseException if the offer was not parsed before and does not parse
     */
    public Answer answerInitialOffer(byte[] body) {
        SessionDescription offer = initialOffer != null ? initialOffer : SessionDescription.parse(body);
        initialOffer = null;
        return answer(offer);
    }

    /** Our answer to an initial offer (RFC 3264 §6). An unacceptable offer closes the stream. */
    public Answer answer(SessionDescription remoteOffer) {
        Answer a = OfferAnswer.answer(remoteOffer, AnswerParams.builder(config.mediaAddress(), rtpPort())
                .codecs(config.codecs()).direction(direction()).sessionId(sessionId).sessionVersion(version).username("dialtone")
                .rtcpMux(config.mediaEnabled()).build());
        localSdp = a.toBytes();
        if (!a.isAcceptable()) {
            stop();
        }
        return a;
    }

    /** Our answer to a re-offer (RFC 3264 §8): same port; the version increments only if the SDP changed. */
    public Answer reanswer(SessionDescription remoteOffer) {
        Answer a = OfferAnswer.answer(remoteOffer, AnswerParams.builder(config.mediaAddress(), rtpPort())
                .codecs(config.codecs()).direction(direction()).sessionId(sessionId).sessionVersion(version).username("dialtone")
                .rtcpMux(config.mediaEnabled()).build());
        if (localSdp != null && !sameMedia(a.sdp(), localSdp())) {
            version++;
            a = new Answer(a.sdp().withVersion(version), a.media());
        }
        localSdp = a.toBytes();
        return a;
    }

    private static boolean sameMedia(SessionDescription a, SessionDescription b) {
        return a.media().equals(b.media()) && a.connection().equals(b.connection());
    }

    /** The SDP we last sent (offer or answer), or {@code null} before any. */
    public SessionDescription localSdp() {
        if (localSdp == null) {
            return null;
        }
        try {
            return SessionDescription.parse(localSdp);
        } catch (SdpParseException e) {
            throw new IllegalStateException("our own SDP does not parse", e); // a bug, not bad input
        }
    }

    /** Applies the negotiated format and remote address and starts sending and playing. */
    public void start(NegotiatedMedia m, AudioSource source, AudioSink sink) {
        if (!config.mediaEnabled()) {
            return; // signalling only: nothing to start, nothing to remember
        }
        negotiated = m;
        RtpStream s = stream();
        update(m);
        if (!started) {
            started = true;
            s.start(source, sink);
        }
    }

    /** Applies a renegotiation: remote address, format, and direction (sending pauses unless it sends, §8.4). */
    public void update(NegotiatedMedia m) {
        if (!config.mediaEnabled()) {
            return;
        }
        negotiated = m;
        RtpStream s = stream();
        AudioCodec codec = Codecs.byName(m.encodingName()).orElseThrow(
                () -> new IllegalStateException("negotiated codec we do not have: " + m.encodingName()));
        s.format(codec, m.payloadType(), m.telephoneEventPayloadType().orElse(-1));
        s.rtcpMux(m.rtcpMux()); // RFC 5761: offered and answered
        s.remote(new InetSocketAddress(m.remoteAddress(), m.remotePort()));
        s.direction(m.sends(), m.receives());
    }

    /**
     * Sets who receives DTMF digits (RFC 4733) from the stream, now or once it opens; called on the
     * media loop (see {@link DtmfListener}).
     */
    public void dtmfListener(DtmfListener listener) {
        this.dtmfListener = listener;
        if (stream != null) {
            stream.dtmfListener(listener);
        }
    }

    /**
     * Queues one DTMF digit (RFC 4733) on the started stream; see {@link RtpStream#sendDtmf}.
     *
     * @return completes after the digit's end packets were sent; fails with IllegalStateException
     *         before media started or without negotiated telephone-event
     */
    public CompletableFuture<Void> sendDtmf(char digit, int durationMs) {
        if (!started) {
            return CompletableFuture.failedFuture(new IllegalStateException("no media yet"));
        }
        return stream.sendDtmf(digit, durationMs);
    }

    /** Stops and closes the stream (idempotent), keeping its last statistics. */
    public void stop() {
        if (stream != null) {
            stream.stop();
        }
    }

    /** Statistics, or {@code null} when no stream was opened. */
    public RtpStreamStats stats() {
        return stream == null ? null : stream.stats();
    }
}
