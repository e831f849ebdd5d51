package io.dialtone.benchmarks;

import io.dialtone.sdp.Answer;
import io.dialtone.sdp.AnswerParams;
import io.dialtone.sdp.MediaDirection;
import io.dialtone.sdp.OfferAnswer;
import io.dialtone.sdp.SessionDescription;
import io.dialtone.session.SessionConfig;
import io.dialtone.session.internal.SessionMedia;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * The SDP work of one UAS call in the load test (issue 4): SIPp's built-in {@code uac} scenario
 * ({@code sipp -sd uac}) offers PCMU only; the UAS answers it as {@code DialtoneUas --media none}
 * does (PCMU on port 9, {@code a=inactive}).
 *
 * <ul>
 *   <li>{@code uasCall}: what the session layer does per call, through {@link SessionMedia} as
 *       {@code SessionLayer.onInitialInvite} and {@code UasInvite.answer} call it: parse the offer
 *       (once: the layer hands the offer it checked to the session), negotiate, write the answer,
 *       and the bytes of the 200's body. (Before this session's change it parsed the offer twice and
 *       serialized the answer twice, through {@code answer.sdp().toBytes()}.)</li>
 *   <li>{@code parseOffer}, {@code answerOffer}: the two halves through the public sdp API.</li>
 *   <li>{@code answerOfferRich}: a softphone-like offer (PCMU, PCMA, G722, opus, telephone-event,
 *       ptime, rtcp-mux, sendrecv) answered with media on.</li>
 * </ul>
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar SdpBenchmark -f 1 -wi 3 -i 5 -prof gc}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SdpBenchmark {
    /** The body SIPp's {@code uac} scenario sends, with its keywords filled in as on the load machine. */
    static final byte[] SIPP_OFFER = ("v=0\r\n"
            + "o=user1 53655765 2353687637 IN IP4 127.0.0.1\r\n"
            + "s=-\r\n"
            + "c=IN IP4 127.0.0.1\r\n"
            + "t=0 0\r\n"
            + "m=audio 6000 RTP/AVP 0\r\n"
            + "a=rtpmap:0 PCMU/8000\r\n").getBytes(StandardCharsets.US_ASCII);

    /** A softphone-like offer (baresip, Linphone shape). */
    static final byte[] RICH_OFFER = ("v=0\r\n"
            + "o=- 1733312345 1733312345 IN IP4 192.0.2.10\r\n"
            + "s=baresip\r\n"
            + "c=IN IP4 192.0.2.10\r\n"
            + "t=0 0\r\n"
            + "m=audio 40000 RTP/AVP 0 8 9 111 101\r\n"
            + "b=AS:128\r\n"
            + "a=rtpmap:0 PCMU/8000\r\n"
            + "a=rtpmap:8 PCMA/8000\r\n"
            + "a=rtpmap:9 G722/8000\r\n"
            + "a=rtpmap:111 opus/48000/2\r\n"
            + "a=fmtp:111 stereo=1;sprop-stereo=1\r\n"
            + "a=rtpmap:101 telephone-event/8000\r\n"
            + "a=fmtp:101 0-15\r\n"
            + "a=ptime:20\r\n"
            + "a=rtcp-mux\r\n"
            + "a=ssrc:2838192911 cname:4f0a7c1e\r\n"
            + "a=sendrecv\r\n").getBytes(StandardCharsets.US_ASCII);

    private final SessionConfig signallingOnly = SessionConfig.builder().mediaEnabled(false).build();
    private final SessionDescription sippOffer = SessionDescription.parse(SIPP_OFFER);
    private final SessionDescription richOffer = SessionDescription.parse(RICH_OFFER);
    private final AnswerParams inactive = AnswerParams.builder("127.0.0.1", SessionMedia.DISCARD_PORT)
            .direction(MediaDirection.INACTIVE).sessionId(4242424242L).username("dialtone").build();
    private final AnswerParams sendrecv = AnswerParams.builder("192.0.2.20", 30000)
            .sessionId(4242424242L).username("dialtone").rtcpMux(true).build();

    @Benchmark
    public void uasCall(Blackhole bh) {
        SessionDescription offer = SessionDescription.parse(SIPP_OFFER);    // SessionLayer.onInitialInvite: 400 on bad SDP
        SessionMedia media = new SessionMedia(null, signallingOnly, offer); // no engine: media off opens nothing
        Answer answer = media.answerInitialOffer(SIPP_OFFER);               // UasInvite.answer
        bh.consume(answer.media());
        bh.consume(answer.toBytes());                                       // the 200's body
    }

    @Benchmark
    public SessionDescription parseOffer() {
        return SessionDescription.parse(SIPP_OFFER);
    }

    @Benchmark
    public byte[] answerOffer() {
        return OfferAnswer.answer(sippOffer, inactive).toBytes();
    }

    @Benchmark
    public byte[] answerOfferRich() {
        return OfferAnswer.answer(richOffer, sendrecv).toBytes();
    }
}
