package io.dialtone.rtp;

import io.dialtone.rtp.internal.DatagramReceiver;
import io.dialtone.rtp.internal.MediaSocket;
import io.dialtone.rtp.internal.PacketSender;
import io.dialtone.rtp.internal.StreamEngine;
import io.dialtone.rtp.internal.StreamImpairment;
import io.netty.channel.IoEventLoop;
import io.netty.channel.EventLoop;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One audio stream of a call (RFC 3550 RTP session for one m= line): an RTP socket on an even port
 * and an RTCP socket on the next (§11), a codec, a jitter buffer, and the audio source and sink the
 * application supplies.
 *
 * <p>Lifecycle: {@link #open} binds the sockets (so {@link #localPort()} can go into the SDP offer or
 * answer), {@link #remote} sets the peer from its SDP, {@link #start} begins media on the next
 * {@link MediaClock} tick, {@link #stop} sends RTCP BYE and closes the sockets.
 *
 * <p>Symmetric RTP (RFC 4961, "comedia"): once a packet arrives from the peer, RTP (and RTCP) is sent
 * to the address it came from, which makes NATed peers work. Once the peer's source has settled (10
 * packets in a row), the RTP socket is connected to it: datagrams from other sources are dropped by
 * the kernel, until a new remote address from SDP or 2 s of silence from the peer, when the source is
 * learnt again.
 *
 * <p>Threading: the stream lives on its media clock's event loop: the sockets are registered there,
 * so packets arrive on the same thread that ticks, and the jitter buffer needs no locks. Methods may
 * be called from any thread; off the loop they are handed over to it and take effect shortly after
 * they return. {@link #stats()} is exact on the loop, and at most 200 ms old off it.
 */
public final class RtpStream {

    private static final Logger LOG = LoggerFactory.getLogger(RtpStream.class);
    private static final int BIND_ATTEMPTS = 64;
    private static final int STATS_PUBLISH_TICKS = 10;
    /** Longest wait of {@link #stats()} off the loop for a requested stop to run, ms. */
    private static final long FINAL_STATS_WAIT_MS = 200;

    private final RtpStreamConfig config;
    private final MediaClock clock;
    private final EventLoop loop;
    private final MediaSocket rtpSocket;
    private final MediaSocket rtcpSocket;
    private final int localPort;
    private final StreamEngine engine;
    private final StreamImpairment impairment; // null when not impaired
    private final CompletableFuture<Void> closed = new CompletableFuture<>();
    /** Stats after {@link #stop}, completed on the loop; what {@link #stats()} waits for once stopping. */
    private final CompletableFuture<RtpStreamStats> finalStats = new CompletableFuture<>();
    private volatile boolean stopping;
    private int ticks;
    private volatile RtpStreamStats published; // the one cross-thread hand-off: stats for other threads

    private RtpStream(RtpStreamConfig config, MediaClock clock, MediaSocket rtp, MediaSocket rtcp) {
        this.config = config;
        this.clock = clock;
        this.loop = clock.eventLoop();
        this.localPort = rtp.localPort();
        this.rtpSocket = rtp; // one copy, one sendto per datagram
        this.rtcpSocket = rtcp;
        PacketSender sender = new Sockets(rtp, rtcp); // one copy, one sendto per datagram
        this.impairment = config.impairment().enabled() ? new StreamImpairment(config.impairment(), clock) : null;
        this.engine = new StreamEngine(config, impairment == null ? sender : impairment.sender(sender),
                new SplittableRandom(), clock.wallClock().instant(), clock.nanoTime());
        this.published = engine.stats();
        DatagramReceiver.Receiver onRtp = engine::onRtp;
        DatagramReceiver.Receiver onRtcp = engine::onRtcp;
        if (impairment != null) {
            onRtp = impairment.rtpReceiver(onRtp);
            onRtcp = impairment.rtcpReceiver(onRtcp);
        }
        // Each socket is read by a raw handle on the loop: one copy and no Netty objects per datagram,
        // and after each datagram the clock serves a slot that is due (MediaClock.poll)
        IoEventLoop io = (IoEventLoop) loop;
        rtp.register(io, clock::nanoTime, onRtp, clock::poll);
        rtcp.register(io, clock::nanoTime, onRtcp, clock::poll);
    }

    /**
     * The engine's output: the stream's two sockets, held directly (not through the stream), so that
     * a send touches no more objects than it needs.
     */
    private static final class Sockets implements PacketSender {
        private final MediaSocket rtp;
        private final MediaSocket rtcp;

        Sockets(MediaSocket rtp, MediaSocket rtcp) {
            this.rtp = rtp;
            this.rtcp = rtcp;
        }

        @Override
        public void sendRtp(byte[] buf, int off, int len, InetSocketAddress to) {
            rtp.send(buf, off, len, to);
        }

        @Override
        public void sendRtcp(byte[] buf, int off, int len, InetSocketAddress to) {
            rtcp.send(buf, off, len, to);
        }

        @Override
        public boolean connectRtp(InetSocketAddress remote) {
            return rtp.connect(remote);
        }

        @Override
        public void disconnectRtp() {
            rtp.disconnect();
        }
    }

    /**
     * Binds the RTP/RTCP socket pair and registers it on the clock's event loop. Does not block on the
     * loop, so it may be called from the loop itself.
     *
     * @param config stream configuration; with local port 0 a random free even port in the range is
     *               chosen, retrying on bind failure
     * @param clock  the media clock of the event loop the stream will live on
     * @return the stream, not yet sending or playing
     * @throws UncheckedIOException if no port pair could be bound
     * @throws IllegalArgumentException if the clock's event loop is not a Netty NIO or epoll loop
     */
    public static RtpStream open(RtpStreamConfig config, MediaClock clock) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(clock, "clock");
        if (!MediaSocket.supports(clock.eventLoop())) {
            throw new IllegalArgumentException("the media clock's event loop is not a Netty NIO or epoll loop: "
                    + clock.eventLoop());
        }
        IoEventLoop loop = (IoEventLoop) clock.eventLoop();
        int attempts = config.localPort() != 0 ? 1 : BIND_ATTEMPTS;
        IOException last = null;
        for (int i = 0; i < attempts; i++) {
            int port = config.localPort() != 0 ? config.localPort()
                    : ThreadLocalRandom.current().nextInt(config.portMin() / 2, config.portMax() / 2 + 1) * 2;
            MediaSocket rtp = null;
            MediaSocket rtcp = null;
            try {
                rtp = MediaSocket.bind(loop, new InetSocketAddress(config.localAddress(), port));
                rtcp = MediaSocket.bind(loop, new InetSocketAddress(config.localAddress(), port + 1));
                RtpStream stream = new RtpStream(config, clock, rtp, rtcp); // registers both on the loop
                LOG.debug("opened RTP {}:{} SSRC {}", config.localAddress().getHostAddress(), port,
                        Long.toHexString(stream.engine.ssrc()));
                return stream;
            } catch (IOException e) {
                last = e;
                closeQuietly(rtp);
                closeQuietly(rtcp);
            }
        }
        throw new UncheckedIOException("no free RTP/RTCP port pair for " + config.localAddress(),
                last instanceof BindException ? (BindException) last : new BindException(String.valueOf(last)));
    }

    private static void closeQuietly(MediaSocket socket) {
        if (socket != null) {
            socket.close(); // not registered: closes the socket only
        }
    }

    private void onLoop(Runnable task) {
        if (loop.inEventLoop()) {
            task.run();
        } else {
            loop.execute(task);
        }
    }

    /** @return the configuration this stream was opened with */
    public RtpStreamConfig config() {
        return config;
    }

    /** @return the bound RTP port (even); RTCP is this + 1 */
    public int localPort() {
        return localPort;
    }

    /** @return our SSRC (random, RFC 3550 §8.1) */
    public long ssrc() {
        return engine.ssrc();
    }

    /**
     * Sets the remote RTP address from the peer's SDP; RTCP goes to port + 1 (RFC 3550 §11).
     * Symmetric RTP later follows the source of received packets.
     *
     * @param rtp the peer's connection address and m= port
     */
    public void remote(InetSocketAddress rtp) {
        remote(rtp, new InetSocketAddress(rtp.getAddress(), rtp.getPort() + 1));
    }

    /**
     * Sets the remote RTP and RTCP addresses (RTCP from an SDP {@code a=rtcp} attribute, RFC 3605).
     *
     * @param rtp  remote RTP address
     * @param rtcp remote RTCP address
     */
    public void remote(InetSocketAddress rtp, InetSocketAddress rtcp) {
        Objects.requireNonNull(rtp, "rtp");
        Objects.requireNonNull(rtcp, "rtcp");
        onLoop(() -> engine.remote(rtp, rtcp));
    }

    /**
     * Starts media: from the next tick, one frame per ptime is read from {@code source}, encoded and
     * sent (once a remote is known), and one frame is played into {@code sink}. Both are then called on
     * the event loop only and must not block.
     *
     * @param source audio to send
     * @param sink   audio received (silence while nothing arrives); closed by {@link #stop}
     * @throws IllegalStateException (on the loop) if already started
     */
    public void start(AudioSource source, AudioSink sink) {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(sink, "sink");
        onLoop(() -> {
            if (engine.stopped()) {
                throw new IllegalStateException("stream stopped");
            }
            engine.start(source, sink, clock.nanoTime());
            clock.register(this);
        });
    }

    /**
     * Sets the payload format negotiated by offer/answer (RFC 3264 §6.1), before or after
     * {@link #start}. Callable from any thread.
     *
     * @param codec                      the codec chosen (same clock rate as the configured one)
     * @param payloadType                its payload type number as negotiated, 0–127
     * @param telephoneEventPayloadType  RFC 4733 payload type, or -1 for none
     */
    public void format(io.dialtone.codec.AudioCodec codec, int payloadType, int telephoneEventPayloadType) {
        Objects.requireNonNull(codec, "codec");
        if (payloadType < 0 || payloadType > 127) {
            throw new IllegalArgumentException("payload type out of range: " + payloadType);
        }
        onLoop(() -> engine.format(codec, payloadType, telephoneEventPayloadType));
    }

    /**
     * Multiplexes RTCP with RTP on the RTP port (RFC 5761) when offer/answer negotiated
     * {@code a=rtcp-mux}: RTCP is then sent from and to the RTP ports, and RTCP arriving on the RTP
     * port is told apart by its packet type (§4). The RTCP socket stays open but unused. With impairment,
     * multiplexed RTCP goes through the RTP path. Callable from any thread.
     *
     * @param on whether RTCP is multiplexed
     */
    public void rtcpMux(boolean on) {
        onLoop(() -> engine.rtcpMux(on));
    }

    /**
     * Sets the media direction (RFC 3264 §5.1/§6.1: sendrecv, sendonly, recvonly, inactive). RTCP
     * continues in every direction.
     *
     * @param send    whether to send RTP
     * @param receive whether to play received RTP
     */
    public void direction(boolean send, boolean receive) {
        onLoop(() -> engine.direction(send, receive));
    }

    /**
     * Sends a DTMF digit as an RFC 4733 telephone-event (§2.5.1): after any digit queued before it,
     * on the media clock, a first packet with the marker bit, an update every ptime with the growing
     * duration, and three end packets; audio is not sent meanwhile, and two packet intervals of audio
     * separate consecutive digits. Digits wait while the stream does not send (hold) or knows no remote.
     * Callable from any thread.
     *
     * @param digit      {@code 0-9 * # A-D}
     * @param durationMs duration of the tone, ms (100 ms is usual); at most 65535 timestamp units
     *                   (8191 ms at 8 kHz)
     * @return completes (on the media loop) after the digit's last end packet was sent; fails with
     *         IllegalStateException if telephone-event was not negotiated ({@link #format}) or the
     *         stream stops first, with IllegalArgumentException for a bad digit or duration
     */
    public CompletableFuture<Void> sendDtmf(char digit, int durationMs) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        onLoop(() -> {
            try {
                engine.sendDtmf(digit, durationMs, done);
            } catch (IllegalArgumentException e) {
                done.completeExceptionally(e);
            }
        });
        return done;
    }

    /**
     * Sets who receives the DTMF digits of RFC 4733 telephone-events (§2.5.2), each event once, when it
     * ends (see {@link DtmfListener}); the payload type is the one given to {@link #format}. The
     * listener is called on the stream's media event loop and must not block. Callable from any thread.
     *
     * @param listener the listener, or null for none
     */
    public void dtmfListener(DtmfListener listener) {
        onLoop(() -> engine.dtmfListener(listener));
    }

    /**
     * Stops the stream: sends RTCP BYE (RFC 3550 §6.6), stops ticking, closes the sink and both sockets.
     * In a session of more than 50 members the BYE first waits out the §6.3.7 back-off (media stops at
     * once; the sockets close after the BYE). Idempotent.
     *
     * @return completes when both sockets are closed
     */
    public CompletableFuture<Void> stop() {
        stopping = true;
        onLoop(() -> {
            if (engine.stopped()) {
                return;
            }
            try {
                engine.stop(clock.nanoTime());
            } finally {
                if (!engine.leaving()) {
                    close();
                } // else the RFC 3550 §6.3.7 BYE back-off runs: tick closes once the BYE is out
            }
        });
        return closed;
    }

    private void close() {
        if (impairment != null) {
            impairment.close(); // the BYE goes out before the sockets close
        }
        clock.unregister(this);
        published = engine.stats();
        finalStats.complete(published);
        rtpSocket.close(); // on the loop, after the BYE went out
        rtcpSocket.close();
        closed.complete(null);
    }

    /**
     * @return counters; exact when called on the event loop, otherwise a snapshot at most 10 ticks old,
     *         except after {@link #stop}: then the final counters (the ones of the last RTCP report),
     *         waiting at most {@value #FINAL_STATS_WAIT_MS} ms off the loop for the stop to run there
     */
    public RtpStreamStats stats() {
        if (loop.inEventLoop()) {
            return engine.stats();
        }
        if (stopping) {
            try {
                return finalStats.get(FINAL_STATS_WAIT_MS, java.util.concurrent.TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
                return published;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return published;
            }
        }
        return published;
    }

    /** Called by the media clock on the event loop. */
    void tick(long nowNanos) {
        engine.tick(nowNanos);
        if (stopping && engine.stopped() && !finalStats.isDone()) {
            close(); // the BYE of the §6.3.7 back-off went out
            return;
        }
        if (++ticks % STATS_PUBLISH_TICKS == 0) {
            published = engine.stats();
        }
    }

    @Override
    public String toString() {
        return "RtpStream{port=" + localPort + ", ssrc=" + Long.toHexString(engine.ssrc()) + "}";
    }
}
