package io.dialtone.rtp.internal;

import io.dialtone.codec.AudioCodec;
import io.dialtone.codec.G711Plc;
import io.dialtone.rtp.AudioSink;
import io.dialtone.rtp.AudioSource;
import io.dialtone.rtp.DtmfListener;
import io.dialtone.rtp.JitterBuffer;
import io.dialtone.rtp.ReceptionStatistics;
import io.dialtone.rtp.RemoteReport;
import io.dialtone.rtp.RtcpCompound;
import io.dialtone.rtp.RtcpReportBlock;
import io.dialtone.rtp.RtcpSenderInfo;
import io.dialtone.rtp.RtpFormatException;
import io.dialtone.rtp.RtpPacket;
import io.dialtone.rtp.RtpStreamConfig;
import io.dialtone.rtp.RtpStreamStats;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The socket-free logic of one RTP stream (RFC 3550): packetisation on each media-clock tick,
 * reception into statistics and the adaptive {@link JitterBuffer}, playout with G.711 Appendix I
 * concealment ({@link G711Plc}) of lost frames, RTCP reports (§6.4) with the interval rule
 * of §6.3.1 simplified to a fixed 5 s mean randomised over [0.5, 1.5], and symmetric RTP (RFC 4961):
 * the remote addresses follow the source of the packets received.
 *
 * <p>DTMF (RFC 4733): {@link #sendDtmf} queues events that {@link TelephoneEventSender} sends on the
 * media clock instead of audio; received events go through {@link TelephoneEventReceiver} to the
 * {@link DtmfListener}. Comfort noise (RFC 3389, static payload type {@value #CN_PAYLOAD_TYPE}) is
 * accepted: the CN packet takes its place in the jitter buffer as an empty frame, and from the point
 * it is played until the next audio frame, silence and concealment are replaced by white noise at the
 * level it gives ({@link ComfortNoise}).
 *
 * <p>Time is the caller's: {@link #tick} and the receive methods take a monotonic time in nanoseconds;
 * NTP timestamps are derived from a wall-clock anchor taken at construction plus monotonic elapsed time.
 *
 * <p>Threading: confined to the stream's event loop; no locks. Not reusable after {@link #stop}.
 */
public final class StreamEngine {

    private static final Logger LOG = LoggerFactory.getLogger(StreamEngine.class);
    /** Mean RTCP interval (RFC 3550 §6.2 minimum of 5 s). */
    static final long RTCP_INTERVAL_NANOS = 5_000_000_000L;
    private static final long NTP_EPOCH_OFFSET_S = 2_208_988_800L;
    /** Ceiling of the adaptive playout delay, ms (the configured delay is its floor). */
    static final int MAX_PLAYOUT_DELAY_MS = 500;
    /** Largest payload played, bytes (a 1500-byte MTU); larger packets are dropped as malformed. */
    static final int MAX_PAYLOAD_BYTES = 1500;
    /** Mean absolute sample value below which a frame counts as quiet (about −50 dBFS). */
    private static final int QUIET_MEAN_ABS = 100;
    /** RFC 3389 comfort noise, static payload type of RFC 3551 §6. */
    static final int CN_PAYLOAD_TYPE = 13;
    private static final byte[] EMPTY = new byte[0];

    private final RtpStreamConfig cfg;
    private AudioCodec codec;
    private int payloadType;
    private int telephoneEventPayloadType;
    private final PacketSender sender;
    private final RandomGenerator rng;
    private final long wallAnchorNanos; // epoch nanos at nanoAnchor
    private final long nanoAnchor;
    private final int samples;
    private final int ticksPerPacket;
    private final short[] pcm;
    private final byte[] encoded;

    private final long ssrc;
    private int seq;
    private long rtpTimestamp;
    private boolean marker = true;

    private AudioSource source;
    private AudioSink sink;
    private boolean started;
    private boolean stopped;
    private boolean sending = true;
    private boolean receiving = true;
    private boolean sourceEnded;
    private int tickCount;

    private InetSocketAddress remoteRtp;
    private InetSocketAddress remoteRtcp;

    private long packetsSent;
    private long octetsSent;
    private long lastSendNanos;
    private long timestampAtLastSend;
    private boolean sentSinceReport;

    private long remoteSsrc = -1;
    private ReceptionStatistics reception;
    private final JitterBuffer jitterBuffer;
    private final byte[] playoutPayload = new byte[MAX_PAYLOAD_BYTES];
    private final short[] quietPcm = new short[MAX_PAYLOAD_BYTES];
    private final G711Plc plc; // null when the clock rate or frame size does not suit it
    private boolean concealment = true;
    private long packetsReceived;
    private long octetsReceived;
    private long malformed;
    private long lastSrCompactNtp;
    private long lastSrArrivalNanos;
    private RemoteReport lastRemoteReport;

    private final TelephoneEventSender events = new TelephoneEventSender();
    private final TelephoneEventReceiver eventReceiver = new TelephoneEventReceiver(this::onEvent);
    private DtmfListener dtmfListener;
    private long dtmfReceived;
    private final ComfortNoise comfortNoise = new ComfortNoise();
    private int cnLevel = -1; // level of the last CN packet received, −dBov; -1 before any
    private boolean noisePlaying; // a CN frame was played and no audio since
    private long comfortNoisePackets;

    private long nextRtcpNanos;

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
        this.sender = sender;
        this.rng = rng;
        this.wallAnchorNanos = wallNow.getEpochSecond() * 1_000_000_000L + wallNow.getNano();
        this.nanoAnchor = nowNanos;
        this.samples = cfg.samplesPerPacket();
        this.ticksPerPacket = cfg.ptimeMs() / 20;
        this.pcm = new short[samples];
        this.encoded = new byte[samples * 2];
        this.ssrc = rng.nextLong(1L << 32);
        this.seq = rng.nextInt(1 << 16);
        this.rtpTimestamp = rng.nextLong(1L << 32);
        this.reception = new ReceptionStatistics(codec.clockRateHz());
        int delayFrames = (cfg.jitterBufferDelayMs() + cfg.ptimeMs() / 2) / cfg.ptimeMs();
        int maxFrames = Math.max(delayFrames, MAX_PLAYOUT_DELAY_MS / cfg.ptimeMs());
        this.jitterBuffer = new JitterBuffer(cfg.ptimeMs(), samples, delayFrames, maxFrames);
        this.jitterBuffer.quietTest(this::quiet);
        this.plc = codec.clockRateHz() == G711Plc.SAMPLE_RATE_HZ && samples % G711Plc.BLOCK_SAMPLES == 0
                ? new G711Plc() : null;
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
        this.payloadType = newPayloadType;
        this.telephoneEventPayloadType = newTelephoneEventPayloadType;
    }

    /** @return our SSRC */
    public long ssrc() {
        return ssrc;
    }

    /**
     * Sets the remote addresses from SDP; symmetric RTP may later replace them.
     *
     * @param rtp  remote RTP address
     * @param rtcp remote RTCP address (RTP port + 1 unless SDP says otherwise, RFC 3605)
     */
    public void remote(InetSocketAddress rtp, InetSocketAddress rtcp) {
        this.remoteRtp = rtp;
        this.remoteRtcp = rtcp;
    }

    /** @return where RTP is sent now, or null */
    public InetSocketAddress remoteRtp() {
        return remoteRtp;
    }

    /** @return where RTCP is sent now, or null */
    public InetSocketAddress remoteRtcp() {
        return remoteRtcp;
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
        // RFC 3550 §6.3.1/§6.2: the first report after half the minimum interval, randomised.
        this.nextRtcpNanos = nowNanos + rtcpInterval() / 2;
    }

    /**
     * Sets the media direction (SDP sendrecv/sendonly/recvonly/inactive, RFC 3264 §5.1).
     *
     * @param send    send RTP
     * @param receive play received RTP to the sink
     */
    public void direction(boolean send, boolean receive) {
        if (send && !sending) {
            marker = true; // a new talkspurt
        }
        if (!receive && receiving) {
            jitterBuffer.reset();
        }
        this.sending = send;
        this.receiving = receive;
    }

    private long rtcpInterval() {
        return (long) (RTCP_INTERVAL_NANOS * (0.5 + rng.nextDouble()));
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
        if (++tickCount % ticksPerPacket == 0) {
            sendFrame(nowNanos);
            playFrame();
        }
        eventReceiver.tick(nowNanos);
        if (nowNanos - nextRtcpNanos >= 0) {
            sendRtcp(nowNanos, false);
            nextRtcpNanos = nowNanos + rtcpInterval();
        }
    }

    private void sendFrame(long nowNanos) {
        if (events.pending() && telephoneEventPayloadType < 0) {
            events.failAll(new IllegalStateException("telephone-event was not negotiated"));
        }
        boolean event = sending && remoteRtp != null && events.active();
        if (event) {
            sendEvent(nowNanos);
        } else {
            events.idle();
        }
        if (!event && sending && !sourceEnded && remoteRtp != null) {
            if (source.read(pcm, samples)) {
                codec.encode(pcm, 0, samples, encoded, 0);
                RtpPacket p = RtpPacket.of(marker, payloadType, seq, rtpTimestamp, ssrc,
                        Arrays.copyOf(encoded, samples));
                sender.sendRtp(p.toBytes(), remoteRtp);
                marker = false;
                seq = (seq + 1) & 0xFFFF;
                packetsSent++;
                octetsSent += samples;
                lastSendNanos = nowNanos;
                timestampAtLastSend = rtpTimestamp;
                sentSinceReport = true;
            } else {
                sourceEnded = true;
                LOG.debug("SSRC {}: source ended, no more RTP", Long.toHexString(ssrc));
            }
        }
        // The timestamp follows the sampling clock even while we are silent (RFC 3550 §5.1).
        rtpTimestamp = (rtpTimestamp + samples) & 0xFFFFFFFFL;
    }

    /**
     * Sends this interval's telephone-event packet (RFC 4733 §2.5.1) in place of audio. The source is
     * still read, and its audio discarded, so that it stays in real time.
     */
    private void sendEvent(long nowNanos) {
        if (!sourceEnded && !source.read(pcm, samples)) {
            sourceEnded = true;
        }
        TelephoneEventSender.Packet e = events.next(rtpTimestamp, samples);
        if (e == null) {
            return;
        }
        RtpPacket p = RtpPacket.of(e.marker(), telephoneEventPayloadType, seq, e.timestamp(), ssrc, e.payload());
        sender.sendRtp(p.toBytes(), remoteRtp);
        seq = (seq + 1) & 0xFFFF;
        packetsSent++;
        octetsSent += e.payload().length;
        lastSendNanos = nowNanos;
        timestampAtLastSend = rtpTimestamp; // the sampling clock, for SRs, not the event's start
        sentSinceReport = true;
        if (e.last()) {
            marker = true; // audio after an event starts a talkspurt
        }
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
    }

    /** @param listener receives DTMF digits on this loop, or null for none */
    public void dtmfListener(DtmfListener listener) {
        this.dtmfListener = listener;
    }

    private void onEvent(int event, long durationSamples) {
        char digit = TelephoneEvents.digit(event);
        if (digit == 0) {
            return; // not DTMF (e.g. flash, RFC 4733 §3.2 event 16)
        }
        dtmfReceived++;
        int ms = (int) Math.min(Integer.MAX_VALUE, durationSamples * 1000 / codec.clockRateHz());
        LOG.debug("SSRC {}: DTMF {} ({} ms)", Long.toHexString(remoteSsrc), digit, ms);
        if (dtmfListener != null) {
            dtmfListener.onDtmf(digit, ms);
        }
    }

    /**
     * Plays one frame: the next packet from the jitter buffer, or its concealment (G.711 Appendix I)
     * when the frame is missing, or silence while idle. No allocation.
     */
    private void playFrame() {
        if (!receiving) {
            return;
        }
        boolean conceals = plc != null && concealment;
        switch (jitterBuffer.poll(playoutPayload)) {
            case PLAY -> {
                if (jitterBuffer.payloadLength() == 0 && cnLevel >= 0) {
                    noisePlaying = true; // the CN frame: noise from here until audio
                    playNoise(conceals);
                    break;
                }
                noisePlaying = false;
                int len = Math.min(jitterBuffer.payloadLength(), samples); // another ptime: what fits
                codec.decode(playoutPayload, 0, len, pcm, 0);
                Arrays.fill(pcm, len, samples, (short) 0);
                if (conceals) {
                    plc.good(pcm, 0, samples);
                }
            }
            case CONCEAL -> {
                if (noisePlaying) {
                    playNoise(conceals); // the silence after CN, not a loss
                } else if (conceals) {
                    plc.conceal(pcm, 0, samples);
                } else {
                    Arrays.fill(pcm, 0, samples, (short) 0);
                }
            }
            case SILENCE -> {
                if (noisePlaying) {
                    playNoise(conceals);
                    break;
                }
                Arrays.fill(pcm, 0, samples, (short) 0);
                if (conceals) {
                    plc.good(pcm, 0, samples); // keeps the concealer's history and delay in step
                }
            }
        }
        sink.write(pcm, samples);
    }

    private void playNoise(boolean conceals) {
        comfortNoise.fill(pcm, samples);
        if (conceals) {
            plc.good(pcm, 0, samples); // keeps the concealer's history and delay in step
        }
    }

    /** Jitter-buffer quiet test: mean absolute decoded sample below {@link #QUIET_MEAN_ABS}. */
    private boolean quiet(byte[] payload, int offset, int length) {
        int n = Math.min(length, quietPcm.length);
        codec.decode(payload, offset, n, quietPcm, 0);
        long sum = 0;
        for (int i = 0; i < n; i++) {
            sum += Math.abs(quietPcm[i]);
        }
        return sum < (long) QUIET_MEAN_ABS * n;
    }

    /** Turns packet loss concealment off (lost frames become silence), for comparison in tests. */
    void concealment(boolean on) {
        this.concealment = on;
    }

    /**
     * Handles one datagram from the RTP socket.
     *
     * @param buf          datagram bytes (not retained)
     * @param len          datagram length
     * @param arrivalNanos monotonic arrival time
     * @param from         source address, which symmetric RTP latches as the RTP destination
     */
    public void onRtp(byte[] buf, int len, long arrivalNanos, InetSocketAddress from) {
        if (stopped) {
            return;
        }
        RtpPacket p;
        try {
            p = RtpPacket.parse(buf, 0, len);
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
        if (p.ssrc() != remoteSsrc) {
            if (remoteSsrc != -1) {
                LOG.debug("remote SSRC changed {} -> {}", Long.toHexString(remoteSsrc), Long.toHexString(p.ssrc()));
            }
            remoteSsrc = p.ssrc();
            reception = new ReceptionStatistics(codec.clockRateHz());
            jitterBuffer.reset();
            eventReceiver.reset();
            lastSrCompactNtp = 0;
        }
        // An event's timestamp is its start, not the sampling instant: no jitter from it (RFC 4733 §2.3.1).
        if (event ? !reception.updateSequence(p.sequenceNumber())
                : !reception.update(p.sequenceNumber(), p.timestamp(), arrivalNanos)) {
            return;
        }
        packetsReceived++;
        octetsReceived += p.payloadLength();
        if (!from.equals(remoteRtp)) {
            LOG.debug("symmetric RTP: sending to {} (was {})", from, remoteRtp);
            remoteRtp = from;
        }
        if (event) {
            if (receiving) {
                eventReceiver.onPacket(p.marker(), p.timestamp(), p.payload(), arrivalNanos);
            }
        } else if (cn) {
            comfortNoisePackets++;
            cnLevel = p.payload()[0] & 0x7F; // RFC 3389 §3.1: the noise level, −dBov
            comfortNoise.level(cnLevel);
            if (receiving) {
                // in sequence with the audio, as an empty frame: playing it starts the noise
                jitterBuffer.put(p.sequenceNumber(), p.timestamp(), p.marker(), EMPTY, 0, 0);
            }
        } else if (receiving) {
            jitterBuffer.put(p);
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
        RtcpCompound c;
        try {
            c = RtcpCompound.parse(buf, 0, len);
        } catch (RtpFormatException e) {
            malformed++;
            LOG.debug("dropped malformed RTCP from {}: {}", from, e.getMessage());
            return;
        }
        if (!from.equals(remoteRtcp)) {
            remoteRtcp = from;
        }
        if (c.senderInfo() != null && c.ssrc() == remoteSsrc) {
            lastSrCompactNtp = c.senderInfo().compactNtp();
            lastSrArrivalNanos = arrivalNanos;
        }
        for (RtcpReportBlock b : c.reportBlocks()) {
            if (b.ssrc() == ssrc) {
                double rtt = Double.NaN;
                if (b.lsr() != 0) {
                    long a = (ntp(arrivalNanos) >>> 16) & 0xFFFFFFFFL;
                    long units = (a - b.lsr() - b.dlsr()) & 0xFFFFFFFFL; // §6.4.1, 1/65536 s
                    rtt = units < 0x80000000L ? units * 1000.0 / 65536 : Double.NaN;
                }
                lastRemoteReport = new RemoteReport(c.ssrc(), b.fractionLostRatio(), b.cumulativeLost(),
                        b.jitterMs(codec.clockRateHz()), rtt, c.isSenderReport());
            }
        }
        if (c.isBye() && c.byeSsrcs().contains(remoteSsrc)) {
            LOG.debug("remote SSRC {} said BYE", Long.toHexString(remoteSsrc));
        }
    }

    /** 64-bit NTP timestamp (RFC 3550 §4) for a monotonic time. */
    long ntp(long nanos) {
        long epochNanos = wallAnchorNanos + (nanos - nanoAnchor);
        long seconds = Math.floorDiv(epochNanos, 1_000_000_000L) + NTP_EPOCH_OFFSET_S;
        long frac = (Math.floorMod(epochNanos, 1_000_000_000L) << 32) / 1_000_000_000L;
        return (seconds << 32) | frac;
    }

    /** Builds the SR/RR compound due now (§6.4), with SDES CNAME and, if {@code bye}, BYE (§6.6). */
    RtcpCompound report(long nowNanos, boolean bye) {
        RtcpSenderInfo si = null;
        if (sentSinceReport) {
            long elapsed = (nowNanos - lastSendNanos) * codec.clockRateHz() / 1_000_000_000L;
            si = new RtcpSenderInfo(ntp(nowNanos), (timestampAtLastSend + elapsed) & 0xFFFFFFFFL,
                    packetsSent & 0xFFFFFFFFL, octetsSent & 0xFFFFFFFFL);
        }
        List<RtcpReportBlock> blocks = List.of();
        if (remoteSsrc != -1 && reception.hasReceived()) {
            long dlsr = lastSrCompactNtp == 0 ? 0 : ((nowNanos - lastSrArrivalNanos) << 16) / 1_000_000_000L;
            blocks = List.of(reception.report(remoteSsrc, lastSrCompactNtp, dlsr & 0xFFFFFFFFL));
        }
        return new RtcpCompound(ssrc, si, blocks, cfg.cname(), bye ? List.of(ssrc) : List.of(), null);
    }

    private void sendRtcp(long nowNanos, boolean bye) {
        RtcpCompound c = report(nowNanos, bye);
        sentSinceReport = false;
        if (remoteRtcp != null) {
            sender.sendRtcp(c.toBytes(), remoteRtcp);
        }
    }

    /**
     * Stops the stream: sends RTCP BYE (§6.6) if a remote is known and closes the sink.
     * Idempotent.
     *
     * @param nowNanos monotonic time now
     */
    public void stop(long nowNanos) {
        if (stopped) {
            return;
        }
        if (started) {
            sendRtcp(nowNanos, true);
        }
        stopped = true;
        events.failAll(new IllegalStateException("stream stopped"));
        if (sink != null) {
            sink.close();
        }
    }

    /** @return whether {@link #stop} has run */
    public boolean stopped() {
        return stopped;
    }

    /** @return a snapshot of the counters */
    public RtpStreamStats stats() {
        return new RtpStreamStats(packetsSent, octetsSent, packetsReceived, octetsReceived,
                reception.cumulativeLost(), reception.jitterMs(), malformed, jitterBuffer.stats(), lastRemoteReport,
                events.eventsSent(), dtmfReceived, comfortNoisePackets);
    }
}
