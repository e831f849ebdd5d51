package io.dialtone.benchmarks;

import io.dialtone.message.SipMessage;
import io.dialtone.message.SipParser;
import io.dialtone.message.SipParserLimits;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * Parse and serialize cost of the message layer, per message. Method names follow
 * {@code <library>_<message>} so results can be read mechanically; peers (JAIN-SIP RI, pkts-sip)
 * join in the same run with issue 3.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar MessageBenchmark -rf json -rff out.json}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class MessageBenchmark {
    /** A typical INVITE with SDP, about 900 bytes. */
    static final byte[] INVITE = ("INVITE sip:bob@biloxi.example.com SIP/2.0\r\n"
            + "Via: SIP/2.0/UDP pc33.atlanta.example.com:5060;branch=z9hG4bK776asdhds;rport\r\n"
            + "Max-Forwards: 70\r\n"
            + "To: Bob <sip:bob@biloxi.example.com>\r\n"
            + "From: Alice <sip:alice@atlanta.example.com>;tag=1928301774\r\n"
            + "Call-ID: a84b4c76e66710@pc33.atlanta.example.com\r\n"
            + "CSeq: 314159 INVITE\r\n"
            + "Contact: <sip:alice@pc33.atlanta.example.com>\r\n"
            + "Allow: INVITE, ACK, BYE, CANCEL, OPTIONS, UPDATE, INFO\r\n"
            + "Supported: timer, replaces\r\n"
            + "Session-Expires: 1800\r\n"
            + "Min-SE: 90\r\n"
            + "User-Agent: Example/1.0\r\n"
            + "Content-Type: application/sdp\r\n"
            + "Content-Length: 229\r\n"
            + "\r\n"
            + "v=0\r\n"
            + "o=alice 2890844526 2890844526 IN IP4 pc33.atlanta.example.com\r\n"
            + "s=-\r\n"
            + "c=IN IP4 192.0.2.101\r\n"
            + "t=0 0\r\n"
            + "m=audio 49172 RTP/AVP 0 8 101\r\n"
            + "a=rtpmap:0 PCMU/8000\r\n"
            + "a=rtpmap:8 PCMA/8000\r\n"
            + "a=rtpmap:101 telephone-event/8000\r\n"
            + "a=fmtp:101 0-16\r\n"
            + "a=ptime:20\r\n").getBytes(StandardCharsets.UTF_8);

    static final byte[] OK = ("SIP/2.0 200 OK\r\n"
            + "Via: SIP/2.0/UDP pc33.atlanta.example.com:5060;branch=z9hG4bK776asdhds;received=192.0.2.101;rport=5060\r\n"
            + "To: Bob <sip:bob@biloxi.example.com>;tag=a6c85cf\r\n"
            + "From: Alice <sip:alice@atlanta.example.com>;tag=1928301774\r\n"
            + "Call-ID: a84b4c76e66710@pc33.atlanta.example.com\r\n"
            + "CSeq: 314159 INVITE\r\n"
            + "Contact: <sip:bob@192.0.2.4>\r\n"
            + "Content-Length: 0\r\n"
            + "\r\n").getBytes(StandardCharsets.UTF_8);

    private final SipMessage parsedInvite = SipParser.parse(INVITE);

    @Benchmark
    public SipMessage dialtone_invite() {
        return SipParser.parse(INVITE, 0, INVITE.length, SipParserLimits.DEFAULT);
    }

    @Benchmark
    public SipMessage dialtone_ok() {
        return SipParser.parse(OK, 0, OK.length, SipParserLimits.DEFAULT);
    }

    @Benchmark
    public byte[] dialtone_serializeInvite() {
        return ((io.dialtone.message.SipRequest) parsedInvite).toBuilder().build().toBytes();
    }
}
