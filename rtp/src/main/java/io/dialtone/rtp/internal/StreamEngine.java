package io.dialtone.rtp.internal;

import io.dialtone.codec.AudioCodec;
import io.dialtone.rtp.AudioSink;
import io.dialtone.rtp.AudioSource;
import io.dialtone.rtp.DtmfListener;
import io.dialtone.rtp.EModel;
import io.dialtone.rtp.JitterBuffer;
import io.dialtone.rtp.JitterBufferStats;
import io.dialtone.rtp.ReceptionStatistics;
import io.dialtone.rtp.RtpFormatException;
import io.dialtone.rtp.RtpPacketView;
import io.dialtone.rtp.RtpStreamConfig;
import io.dialtone.rtp.RtpStreamStats;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.OptionalDouble;
import java.util.concurrent.CompletableFuture;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The socket-free logic of one RTP stream (RFC 3550): packetisation on each media-clock tick,
 * reception into statistics and the adaptive {@link JitterBuffer}, playout with G.711 Appendix I
 * concealment of lost frames ({@link Playout}), RTCP reports (§6.4) with an XR VoIP Metrics block
 * (RFC 3611 §4.7) when the §6.3 timer with its member and sender tables says ({@link RtcpTimer}: forward and
 * reverse reconsideration, member timeouts, BYE back-off), SSRC collision resolution (§8.2),
 * and symmetric RTP (RFC 4961): the remote addresses follow the source of the packets received, and
 * the RTP socket is connected to that source once it has settled ({@link SourceLatch}).
 *
 * <p>DTMF (RFC 4733): {@link #sendDtmf} queues events that {@link TelephoneEventSender} sends on the
 * media clock instead of audio; received events go through {@link TelephoneEventReceiver} to the
 * {@link DtmfListener}. Comfort noise (RFC 3389, static payload type {@value #CN_PAYLOAD_TYPE}) is
 * accepted: the CN packet takes its place in the jitter buffer as an empty frame, and from the point
 * it is played until the next audio frame, silence and concealment are replaced by white noise at the
 * level it gives ({@link ComfortNoise}).
 *
 * <p>RTCP packets, sent and received, are {@link RtcpEndpoint}'s; the engine feeds the §6.3 timer and the
 * {@link RtcpReporter} with each RTP packet itself and asks the timer on each tick whether RTCP is due.
 *
 * <p>Time is the caller's: {@link #tick} and the receive methods take a monotonic time in nanoseconds;
 * NTP timestamps are derived from a wall-clock anchor taken at construction plus monotonic elapsed time.
 *
 * <p>Threading: confined to the stream's event loop; no locks. Not reusable after {@link #stop}.
 */
public final class StreamEngine {

    private static final Logger LOG = LoggerFactory.getLogger(StreamEngine.class);
    /** Ceiling of the adaptive playout delay, ms (the configured delay is its floor). */
    static final int MAX_PLAYOUT_DELAY_MS = 500;
    /** Largest payload played, bytes (a 1500-byte MTU); larger packets are dropped as malformed. */
    static final int MAX_PAYLOAD_BYTES = 1500;
    /** RFC 3389 comfort noise, static payload type of RFC 3551 §6. */
    static final int CN_PAYLOAD_TYPE = 13;
    private static final byte[] EMPTY = new byte[0];

    private final RtpStreamConfig cfg;
    private AudioCodec codec;
    private int payloadType;
    private int telephoneEventPayloadType;
    private final RandomGenerator rng;
    private final RtcpReporter reporter;
    private final RtcpTimer timer;
    private final RtcpEndpoint rtcp;
    private final int samples;
    private final int ticksPerPacket;
    private final RtpSender out;
    /** The packet being received: a view over the caller's bytes, reused. */
    private final RtpPacketView received = new RtpPacketView();


    private AudioSource source;
    private AudioSink sink;
    private boolean started;
    private boolean stopped;
    private boolean leaving; // §6.3.7 BYE back-off running: no media, BYE when the timer allows
    private boolean sentRtp; // §6.3.7: who never sent RTP or RTCP sends no BYE (RTCP: rtcp.sentAny())
    private boolean sending = true;
    private boolean receiving = true;
    private boolean sourceEnded;
    private int tickCount;

    private final SourceLatch latch;
    private boolean rtcpMux; // also here, not only in rtcp: every RTP datagram is tested (RFC 5761 §4)


    private long remoteSsrc = -1;
    private ReceptionStatistics reception;
    private final JitterBuffer jitterBuffer;
    private final Playout playout;
    private long packetsReceived;
    private long octetsReceived;
    private long malformed;
    private long collisions;

    private final TelephoneEventSender events = new TelephoneEventSender();
    // whether the DTMF sender and receiver need their per-tick calls: most ticks of most calls do not,
    // and not touching them keeps two objects per stream out of the cache on a loop of many streams
    private boolean eventsQuiet = true;
    private boolean eventReceiving;
    private final DtmfReporter dtmf;
    private final TelephoneEventReceiver eventReceiver;
    private long comfortNoisePackets;

    /**
     * @param cfg       stream configuration
     * @param sender    output for datagrams
     * @param rng       randomness for SSRC, initial sequence number and timestamp, RTCP intervals
     * @param wallNow   wall-clock time now, for NTP timestamps in SRs
     * @param nowNanos  monotonic time now, same clock as later calls
     */
    public StreamEngine(RtpStreamConfig cfg, PacketSender sender, RandomGenerator rng, Instant wallNow, long nowNanos) {
        this.cfg = cfg;
        this.codec = cfg.codec();
        this.payloadType = cfg.payloadType();
        this.telephoneEventPayloadType = cfg.telephoneEventPayloadType();
        this.latch = new SourceLatch(sender);
        this.rng = rng;
        this.reporter = new RtcpReporter(wallNow.getEpochSecond() * 1_000_000_000L + wallNow.getNano(), nowNanos,
                cfg.codec().clockRateHz(), cfg.ptimeMs());
        this.samples = cfg.samplesPerPacket();
        this.ticksPerPacket = cfg.ptimeMs() / 20;
        this.timer = new RtcpTimer(rng, RtcpReporter.RTCP_BANDWIDTH, RtcpReporter.FIRST_COMPOUND_BYTES);
        this.out = new RtpSender(sender, rng, Math.max(samples * 2, 4), cfg.codec().clockRateHz());
        this.reception = new ReceptionStatistics(codec.clockRateHz());
        int delayFrames = (cfg.jitterBufferDelayMs() + cfg.ptimeMs() / 2) / cfg.ptimeMs();
        int maxFrames = Math.max(delayFrames, MAX_PLAYOUT_DELAY_MS / cfg.ptimeMs());
        this.jitterBuffer = new JitterBuffer(cfg.ptimeMs(), samples, delayFrames, maxFrames);
        this.playout = new Playout(jitterBuffer, codec, samples);
        this.dtmf = new DtmfReporter(codec.clockRateHz());
        this.eventReceiver = new TelephoneEventReceiver(dtmf);
        this.rtcp = new RtcpEndpoint(timer, reporter, sender, latch, out, jitterBuffer, playout, cfg.cname());
    }

    /**
     * Switches the payload format after offer/answer picked it (RFC 3264 §6.1): codec, its payload
     * type number as negotiated, and the telephone-event payload type (-1 for none). The codec must
     * keep the configured clock rate and ptime.
     *
     * @throws IllegalArgumentException if the clock rate differs from the configured codec's
     */
    public void format(AudioCodec newCodec, int newPayloadType, int newTelephoneEventPayloadType) {
        if (newCodec.clockRateHz() != codec.clockRateHz()) {
            throw new IllegalArgumentException("clock rate change " + codec.clockRateHz() + " -> " + newCodec.clockRateHz());
        }
        this.codec = newCodec;
        playout.codec(newCodec);
        this.payloadType = newPayloadType;
        this.telephoneEventPayloadType = newTelephoneEventPayloadType;
    }

    /** @return our SSRC */
    public long ssrc() {
        return out.ssrc();
    }

    /**
     * Sets the remote addresses from SDP; symmetric RTP may later replace them.
     *
     * @param rtp  remote RTP address
     * @param rtcp remote RTCP address (RTP port + 1 unless SDP says otherwise, RFC 3605)
     */
    public void remote(InetSocketAddress rtp, InetSocketAddress rtcp) {
        latch.fromSdp(rtp);
        this.rtcp.remote(rtcp);
    }

    /**
     * Multiplexes RTCP on the RTP port (RFC 5761), once offer/answer agreed on it (§5.1.1): RTCP is
     * sent to the remote RTP address from the RTP socket, and datagrams on the RTP socket whose second
     * byte, without its top bit, is in 64..95 are handled as RTCP (§4).
     *
     * @param on whether RTCP is multiplexed
     */
    public void rtcpMux(boolean on) {
        this.rtcpMux = on;
        rtcp.mux(on);
    }

    /** @return where RTP is sent now, or null */
    public InetSocketAddress remoteRtp() {
        return latch.remote();
    }

    /** @return where RTCP is sent now, or null */
    public InetSocketAddress remoteRtcp() {
        return rtcp.remote();
    }

    /**
     * Starts media: sources are read and sinks written from the next tick.
     *
     * @param source   audio to send
     * @param sink     audio received
     * @param nowNanos monotonic time now
     */
    public void start(AudioSource source, AudioSink sink, long nowNanos) {
        if (started) {
            throw new IllegalStateException("already started");
        }
        this.source = source;
        this.sink = sink;
        this.started = true;
        // RFC 3550 §6.3.2: the first report after half the minimum interval, randomised.
        timer.start(nowNanos);
    }

    /**
     * Sets the media direction (SDP sendrecv/sendonly/recvonly/inactive, RFC 3264 §5.1).
     *
     * @param send    send RTP
     * @param receive play received RTP to the sink
     */
    public void direction(boolean send, boolean receive) {
        if (send && !sending) {
            out.talkspurt();
        }
        if (!receive && receiving) {
            jitterBuffer.reset();
        }
        this.sending = send;
        this.receiving = receive;
    }

    /**
     * One media-clock tick (every 20 ms): sends a packet and plays a frame every ptime, sends RTCP
     * when due.
     *
     * @param nowNanos monotonic time now
     */
    public void tick(long nowNanos) {
        if (!started || stopped) {
            return;
        }
        if (!leaving && ++tickCount % ticksPerPacket == 0) {
            sendFrame(nowNanos);
            if (receiving) {
                playout.play(sink);
            }
        }
        if (eventReceiving) {
            eventReceiver.tick(nowNanos);
            eventReceiving = eventReceiver.active();
        }
        latch.onTick(nowNanos);
        if (timer.due(nowNanos) && rtcp.expire(nowNanos, remoteSsrc, reception)) {
            finish(); // the BYE after the §6.3.7 back-off went out
        }
    }

    private void sendFrame(long nowNanos) {
        InetSocketAddress remoteRtp = latch.remote();
        boolean event = false;
        if (!eventsQuiet) {
            if (events.pending() && telephoneEventPayloadType < 0) {
                events.failAll(new IllegalStateException("telephone-event was not negotiated"));
            }
            event = sending && remoteRtp != null && events.active();
            if (event) {
                sendEvent(nowNanos, remoteRtp);
            } else {
                events.idle();
            }
            eventsQuiet = events.quiet();
        }
        if (!event && sending && !sourceEnded && remoteRtp != null) {
            short[] pcm = LoopBuffers.get().sendPcm(samples); // the loop's: no state between ticks
            if (source.read(pcm, samples)) {
                out.sendAudio(codec, payloadType, pcm, samples, remoteRtp, nowNanos);
                sent(nowNanos);
            } else {
                sourceEnded = true;
                LOG.debug("SSRC {}: source ended, no more RTP", Long.toHexString(out.ssrc()));
            }
        }
        out.advance(samples);
    }

    /**
     * Sends this interval's telephone-event packet (RFC 4733 §2.5.1) in place of audio. The source is
     * still read, and its audio discarded, so that it stays in real time.
     */
    private void sendEvent(long nowNanos, InetSocketAddress remoteRtp) {
        if (!sourceEnded && !source.read(LoopBuffers.get().sendPcm(samples), samples)) {
            sourceEnded = true;
        }
        TelephoneEventSender.Packet e = events.next(out.rtpTimestamp(), samples);
        if (e == null) {
            return;
        }
        out.sendEvent(e.marker(), telephoneEventPayloadType, e.timestamp(), e.payload(), remoteRtp, nowNanos);
        sent(nowNanos);
        if (e.last()) {
            out.talkspurt(); // audio after an event starts a talkspurt
        }
    }

    /** RTP went out at {@code nowNanos}: we_sent (RFC 3550 §6.3.8). */
    private void sent(long nowNanos) {
        sentRtp = true;
        timer.onRtpSent(nowNanos);
    }

    /**
     * Queues a DTMF digit as an RFC 4733 event, sent after any queued before it, on the media clock,
     * while sending and a remote is known.
     *
     * @param digit      {@code 0-9 * # A-D}
     * @param durationMs duration of the event, ms
     * @param done       completed after its last end packet; failed if the stream stops first or
     *                   telephone-event is not negotiated
     * @throws IllegalArgumentException for another character or a duration outside 1..65535 timestamp units
     */
    public void sendDtmf(char digit, int durationMs, CompletableFuture<Void> done) {
        int event = TelephoneEvents.event(digit);
        long units = (long) durationMs * codec.clockRateHz() / 1000;
        if (durationMs <= 0 || units > TelephoneEventSender.MAX_DURATION) {
            throw new IllegalArgumentException("DTMF duration out of range: " + durationMs + " ms");
        }
        if (stopped) {
            done.completeExceptionally(new IllegalStateException("stream stopped"));
            return;
        }
        if (telephoneEventPayloadType < 0) {
            done.completeExceptionally(new IllegalStateException("telephone-event was not negotiated"));
            return;
        }
        events.enqueue(event, (int) units, done);
        eventsQuiet = false;
    }

    /** @param listener receives DTMF digits on this loop, or null for none */
    public void dtmfListener(DtmfListener listener) {
        dtmf.listener(listener);
    }

    /** Turns packet loss concealment off (lost frames become silence), for comparison in tests. */
    void concealment(boolean on) {
        playout.concealment(on);
    }

    /**
     * Handles one datagram from the RTP socket.
     *
     * <p>A packet of the current source in sequence allocates nothing: it is read through a reused
     * {@link RtpPacketView} and its payload copied once, into the jitter buffer's slot.
     *
     * @param buf          datagram bytes (not retained: the caller may reuse them on return)
     * @param len          datagram length
     * @param arrivalNanos monotonic arrival time
     * @param from         source address, which symmetric RTP latches as the RTP destination
     */
    public void onRtp(byte[] buf, int len, long arrivalNanos, InetSocketAddress from) {
        if (stopped) {
            return;
        }
        if (rtcpMux && len >= 2 && (buf[1] & 0x7F) >= 64 && (buf[1] & 0x7F) <= 95) {
            onRtcp(buf, len, arrivalNanos, from); // RFC 5761 §4: RTCP types 192..223
            return;
        }
        RtpPacketView p = received;
        try {
            p.wrap(buf, 0, len);
        } catch (RtpFormatException e) {
            malformed++;
            LOG.debug("dropped malformed RTP from {}: {}", from, e.getMessage());
            return;
        }
        boolean event = p.payloadType() == telephoneEventPayloadType && telephoneEventPayloadType >= 0;
        boolean cn = p.payloadType() == CN_PAYLOAD_TYPE && payloadType != CN_PAYLOAD_TYPE;
        if (!event && !cn && p.payloadType() != payloadType || p.payloadLength() > MAX_PAYLOAD_BYTES
                || cn && p.payloadLength() < 1 || event && p.payloadLength() < 4) {
            malformed++;
            return;
        }
        if (p.ssrc() == out.ssrc()) {
            resolveCollision(arrivalNanos, from);
            return;
        }
        if (p.ssrc() != remoteSsrc) {
            if (remoteSsrc != -1) {
                LOG.debug("remote SSRC changed {} -> {}", Long.toHexString(remoteSsrc), Long.toHexString(p.ssrc()));
            }
            remoteSsrc = p.ssrc();
            reception = new ReceptionStatistics(codec.clockRateHz());
            jitterBuffer.reset();
            eventReceiver.reset();
            reporter.newRemote();
        }
        // An event's timestamp is its start, not the sampling instant: no jitter from it (RFC 4733 §2.3.1).
        if (event ? !reception.updateSequence(p.sequenceNumber())
                : !reception.update(p.sequenceNumber(), p.timestamp(), arrivalNanos)) {
            return;
        }
        reporter.onReceived(reception.extendedHighestSeq());
        timer.onRtp(p.ssrc(), arrivalNanos); // §6.3.3: a member and a sender
        for (int i = 0; i < p.csrcCount(); i++) {
            timer.onContributor(p.csrc(i), arrivalNanos);
        }
        packetsReceived++;
        octetsReceived += p.payloadLength();
        latch.onPacket(from, arrivalNanos);
        if (event) {
            if (receiving) {
                eventReceiver.onPacket(p.marker(), p.timestamp(), buf, p.payloadOffset(), p.payloadLength(),
                        arrivalNanos);
                eventReceiving = true;
            }
        } else if (cn) {
            comfortNoisePackets++;
            playout.comfortNoiseLevel(buf[p.payloadOffset()] & 0x7F); // RFC 3389 §3.1: the noise level, −dBov
            if (receiving) {
                // in sequence with the audio, as an empty frame: playing it starts the noise
                jitterBuffer.put(p.sequenceNumber(), p.timestamp(), p.marker(), EMPTY, 0, 0);
            }
        } else if (receiving) {
            jitterBuffer.put(p.sequenceNumber(), p.timestamp(), p.marker(), buf, p.payloadOffset(), p.payloadLength());
        }
    }

    /**
     * Handles one datagram from the RTCP socket.
     *
     * @param buf          datagram bytes (not retained)
     * @param len          datagram length
     * @param arrivalNanos monotonic arrival time
     * @param from         source address, which symmetric RTCP latches as the RTCP destination
     */
    public void onRtcp(byte[] buf, int len, long arrivalNanos, InetSocketAddress from) {
        if (stopped) {
            return;
        }
        if (rtcp.onRtcp(buf, len, arrivalNanos, from, remoteSsrc)) {
            resolveCollision(arrivalNanos, from); // it carries our SSRC
        }
    }

    /**
     * RFC 3550 §8.2: another source uses our SSRC. We send a BYE for the old SSRC and continue with
     * a new random one; sequence number and timestamp continue (§8.2 does not ask for new ones).
     */
    private void resolveCollision(long nowNanos, InetSocketAddress from) {
        collisions++;
        long old = out.ssrc();
        if (started) {
            rtcp.collisionBye(old);
        }
        long ssrc;
        do {
            ssrc = rng.nextLong(1L << 32);
        } while (ssrc == old || ssrc == remoteSsrc);
        out.newSsrc(ssrc);
        timer.ssrcChanged();
        LOG.warn("SSRC collision with {}: {} -> {}", from, Long.toHexString(old), Long.toHexString(ssrc));
    }

    /**
     * Leaves the session (RFC 3550 §6.3.7, §6.6): media stops at once; an RTCP BYE goes to the remote
     * if we ever sent RTP or RTCP. With more than {@value RtcpTimer#BYE_BACKOFF_MEMBERS} members the BYE
     * waits for the back-off timer, on later {@link #tick}s, and the engine is {@link #stopped} only
     * once it is sent; otherwise at once. The sink is closed then. Idempotent.
     *
     * @param nowNanos monotonic time now
     */
    public void stop(long nowNanos) {
        if (stopped || leaving) {
            return;
        }
        events.failAll(new IllegalStateException("stream stopped"));
        if (!started || !sentRtp && !rtcp.sentAny()) {
            finish(); // §6.3.7: a participant that never sent RTP or RTCP sends no BYE
            return;
        }
        if (rtcp.leave(nowNanos, remoteSsrc, reception)) {
            finish();
        } else {
            leaving = true;
            LOG.debug("SSRC {}: BYE back-off with {} members", Long.toHexString(out.ssrc()), timer.members());
        }
    }

    private void finish() {
        stopped = true;
        if (sink != null) {
            sink.close();
        }
    }

    /** @return RFC 3550 §6.3 members, ourselves included */
    int rtcpMembers() {
        return timer.members();
    }

    /** @return whether {@link #stop} started the RFC 3550 §6.3.7 BYE back-off and the BYE is not sent yet */
    public boolean leaving() {
        return leaving && !stopped;
    }

    /** @return whether the stream has stopped: {@link #stop} ran and any BYE it owed has been sent */
    public boolean stopped() {
        return stopped;
    }

    /** @return a snapshot of the counters */
    public RtpStreamStats stats() {
        JitterBufferStats jb = jitterBuffer.stats();
        boolean conceals = playout.conceals();
        OptionalDouble r = reporter.rFactor(reception.received(), reception.expected(), jb, conceals);
        OptionalDouble mos = r.isPresent() ? OptionalDouble.of(EModel.mos(r.getAsDouble())) : OptionalDouble.empty();
        double rtt = reporter.rttMs();
        return new RtpStreamStats(out.packetsSent(), out.octetsSent(), packetsReceived, octetsReceived,
                reception.cumulativeLost(), reception.jitterMs(), malformed + rtcp.malformed(), jb,
                reporter.lastRemoteReport(),
                events.eventsSent(), dtmf.received(), comfortNoisePackets,
                Double.isNaN(rtt) ? OptionalDouble.empty() : OptionalDouble.of(rtt), r, mos,
                reporter.remoteVoipMetrics(), collisions);
    }
}
