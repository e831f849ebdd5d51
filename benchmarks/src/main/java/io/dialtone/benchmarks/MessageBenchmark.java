package io.dialtone.benchmarks;

import gov.nist.javax.sip.message.SIPMessage;
import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.parser.StringMsgParser;
import io.dialtone.message.SipMessage;
import io.dialtone.message.SipParser;
import io.dialtone.message.SipParserLimits;
import io.dialtone.message.SipRequest;
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
 * Parse and serialize cost of the message layer per message, against JAIN-SIP RI and pkts-sip in the
 * same run (issue 3). Method names follow {@code <library>_<message>} so results can be read
 * mechanically. Every parse benchmark ends with the same typed access in each library: top Via
 * branch, Call-ID, CSeq number and method, From tag, To tag, Content-Length and the body; pkts-sip
 * frames lazily, so these reads force it to parse those headers.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar MessageBenchmark -prof gc -rf json -rff out.json}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
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
            + "Contact: <sip:alice@pc33.atlanta.example.com;transport=udp>\r\n"
            + "Allow: INVITE, ACK, BYE, CANCEL, OPTIONS, UPDATE, INFO, PRACK, REFER, NOTIFY\r\n"
            + "Supported: timer, replaces, 100rel\r\n"
            + "Allow-Events: talk, hold, refer\r\n"
            + "Session-Expires: 1800;refresher=uac\r\n"
            + "Min-SE: 90\r\n"
            + "Accept: application/sdp\r\n"
            + "User-Agent: Example/1.0 (softphone)\r\n"
            + "Content-Type: application/sdp\r\n"
            + "Content-Length: 241\r\n"
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

    /** A REGISTER with digest credentials (RFC 3261 §22.4, RFC 8760 algorithm). */
    static final byte[] REGISTER = ("REGISTER sip:registrar.biloxi.example.com SIP/2.0\r\n"
            + "Via: SIP/2.0/UDP bobspc.biloxi.example.com:5060;branch=z9hG4bKnashds7\r\n"
            + "Max-Forwards: 70\r\n"
            + "To: Bob <sip:bob@biloxi.example.com>\r\n"
            + "From: Bob <sip:bob@biloxi.example.com>;tag=456248\r\n"
            + "Call-ID: 843817637684230@998sdasdh09\r\n"
            + "CSeq: 1826 REGISTER\r\n"
            + "Contact: <sip:bob@192.0.2.4>\r\n"
            + "Expires: 7200\r\n"
            + "Authorization: Digest username=\"bob\", realm=\"biloxi.example.com\", "
            + "nonce=\"dcd98b7102dd2f0e8b11d0f600bfb0c093\", uri=\"sip:registrar.biloxi.example.com\", "
            + "response=\"245f23415f11432b3434341c022\", algorithm=SHA-256, cnonce=\"0a4f113b\", qop=auth, nc=00000001, "
            + "opaque=\"5ccc069c403ebaf9f0171e9517f40e41\"\r\n"
            + "Content-Length: 0\r\n"
            + "\r\n").getBytes(StandardCharsets.UTF_8);

    static final byte[] RINGING = ("SIP/2.0 180 Ringing\r\n"
            + "Via: SIP/2.0/UDP pc33.atlanta.example.com:5060;branch=z9hG4bK776asdhds;received=192.0.2.101;rport=5060\r\n"
            + "Record-Route: <sip:p1.example.com;lr>\r\n"
            + "To: Bob <sip:bob@biloxi.example.com>;tag=a6c85cf\r\n"
            + "From: Alice <sip:alice@atlanta.example.com>;tag=1928301774\r\n"
            + "Call-ID: a84b4c76e66710@pc33.atlanta.example.com\r\n"
            + "CSeq: 314159 INVITE\r\n"
            + "Contact: <sip:bob@192.0.2.4>\r\n"
            + "Content-Length: 0\r\n"
            + "\r\n").getBytes(StandardCharsets.UTF_8);

    private final SipRequest dialtoneInvite = (SipRequest) SipParser.parse(INVITE);
    private final SIPRequest jainInvite;
    private final io.pkts.packet.sip.SipMessage pktsInvite;

    public MessageBenchmark() {
        try {
            jainInvite = (SIPRequest) new StringMsgParser().parseSIPMessage(INVITE, true, false, null);
            pktsInvite = io.pkts.packet.sip.SipMessage.frame(INVITE);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- Dialtone

    static void dialtone(byte[] in, Blackhole bh) {
        SipMessage m = SipParser.parse(in, 0, in.length, SipParserLimits.DEFAULT);
        bh.consume(m.topViaBranch());
        bh.consume(m.callId());
        bh.consume(m.cseqNumber());
        bh.consume(m.cseqMethod());
        bh.consume(m.fromTag());
        bh.consume(m.toTag());
        bh.consume(m.contentLength());
        bh.consume(m.body());
    }

    @Benchmark
    public void dialtone_invite(Blackhole bh) {
        dialtone(INVITE, bh);
    }

    @Benchmark
    public void dialtone_ok(Blackhole bh) {
        dialtone(OK, bh);
    }

    @Benchmark
    public void dialtone_register(Blackhole bh) {
        dialtone(REGISTER, bh);
    }

    @Benchmark
    public void dialtone_ringing(Blackhole bh) {
        dialtone(RINGING, bh);
    }

    /** The same access through the value records ({@code topVia().branch()}, {@code from().tag()}, ...). */
    @Benchmark
    public void dialtone_inviteRecords(Blackhole bh) {
        SipMessage m = SipParser.parse(INVITE, 0, INVITE.length, SipParserLimits.DEFAULT);
        bh.consume(m.topVia().branch());
        bh.consume(m.callId());
        bh.consume(m.cseq().number());
        bh.consume(m.cseq().method());
        bh.consume(m.from().tag());
        bh.consume(m.to().tag());
        bh.consume(m.contentLength());
        bh.consume(m.body());
    }

    /** Rebuild through the builder (as Via stamping does) and serialize. */
    @Benchmark
    public byte[] dialtone_serializeInvite() {
        return dialtoneInvite.toBuilder().build().toBytes();
    }

    // ---- JAIN-SIP RI

    static void jainsip(byte[] in, Blackhole bh) {
        try {
            SIPMessage m = new StringMsgParser().parseSIPMessage(in, true, false, null);
            bh.consume(m.getTopmostVia().getBranch());
            bh.consume(m.getCallId().getCallId());
            bh.consume(m.getCSeq().getSeqNumber());
            bh.consume(m.getCSeq().getMethod());
            bh.consume(m.getFrom().getTag());
            bh.consume(m.getTo().getTag());
            bh.consume(m.getContentLength().getContentLength());
            bh.consume(m.getRawContent());
        } catch (java.text.ParseException e) {
            throw new IllegalStateException(e);
        }
    }

    @Benchmark
    public void jainsip_invite(Blackhole bh) {
        jainsip(INVITE, bh);
    }

    @Benchmark
    public void jainsip_ok(Blackhole bh) {
        jainsip(OK, bh);
    }

    @Benchmark
    public void jainsip_register(Blackhole bh) {
        jainsip(REGISTER, bh);
    }

    @Benchmark
    public void jainsip_ringing(Blackhole bh) {
        jainsip(RINGING, bh);
    }

    @Benchmark
    public byte[] jainsip_serializeInvite() {
        return ((SIPRequest) jainInvite.clone()).encodeAsBytes("UDP");
    }

    // ---- pkts-sip

    static void pkts(byte[] in, Blackhole bh) {
        try {
            io.pkts.packet.sip.SipMessage m = io.pkts.packet.sip.SipMessage.frame(in);
            bh.consume(m.getViaHeader().getBranch());
            bh.consume(m.getCallIDHeader().getCallId());
            bh.consume(m.getCSeqHeader().getSeqNumber());
            bh.consume(m.getCSeqHeader().getMethod());
            bh.consume(m.getFromHeader().getTag());
            bh.consume(m.getToHeader().getTag());
            bh.consume(m.getContentLength());
            bh.consume(m.getContent());
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Benchmark
    public void pkts_invite(Blackhole bh) {
        pkts(INVITE, bh);
    }

    @Benchmark
    public void pkts_ok(Blackhole bh) {
        pkts(OK, bh);
    }

    @Benchmark
    public void pkts_register(Blackhole bh) {
        pkts(REGISTER, bh);
    }

    @Benchmark
    public void pkts_ringing(Blackhole bh) {
        pkts(RINGING, bh);
    }

    @Benchmark
    public Object pkts_serializeInvite() {
        return pktsInvite.copy().build().toBuffer();
    }

    // ---- floor

    /** A plain scan of the INVITE's bytes for line ends: the floor for any parser of these bytes. */
    @Benchmark
    public int baseline_scan() {
        byte[] in = INVITE;
        int lines = 0;
        for (int i = 0; i < in.length; i++) {
            if (in[i] == '\n') {
                lines++;
            }
        }
        return lines;
    }
}
