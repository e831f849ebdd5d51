package io.dialtone.benchmarks;

import io.dialtone.message.HeaderNames;
import io.dialtone.message.NameAddr;
import io.dialtone.message.SipParser;
import io.dialtone.message.SipRequest;
import io.dialtone.message.SipResponse;
import io.dialtone.message.SipUri;
import io.dialtone.message.Via;
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
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/**
 * The message-layer work of one call answered by a UAS under SIPp's built-in {@code uac} scenario
 * (issue 4's load test): parse the INVITE, build and serialize 100, 180 and 200 with SDP, parse the ACK
 * and the BYE, build and serialize the 200 for the BYE. The responses are built as the session layer
 * builds them ({@code SessionLayer.response}, {@code UasInvite}): Server header, To tag, echoed
 * Record-Route, Contact, and Allow/Supported plus an SDP body on the 2xx. Between them, the routing
 * values the transport, transaction and dialog layers read (top Via, branch, Call-ID, CSeq, tags).
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar UasCallMessageBenchmark -f 1 -wi 3 -i 5 -prof gc}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class UasCallMessageBenchmark {
    /** SIPp 3.x {@code -sn uac} INVITE, with its SDP ({@link SdpBenchmark#SIPP_OFFER}), as sent to a UAS on 127.0.0.1:15060. */
    static final byte[] INVITE = concat(("INVITE sip:service@127.0.0.1:15060 SIP/2.0\r\n"
            + "Via: SIP/2.0/UDP 127.0.0.1:15160;branch=z9hG4bK-3211-1-0\r\n"
            + "From: sipp <sip:sipp@127.0.0.1:15160>;tag=3211SIPpTag001\r\n"
            + "To: service <sip:service@127.0.0.1:15060>\r\n"
            + "Call-ID: 1-3211@127.0.0.1\r\n"
            + "CSeq: 1 INVITE\r\n"
            + "Contact: sip:sipp@127.0.0.1:15160\r\n"
            + "Max-Forwards: 70\r\n"
            + "Subject: Performance Test\r\n"
            + "Content-Type: application/sdp\r\n"
            + "Content-Length:   " + SdpBenchmark.SIPP_OFFER.length + "\r\n"
            + "\r\n").getBytes(StandardCharsets.US_ASCII), SdpBenchmark.SIPP_OFFER);

    private static byte[] concat(byte[] head, byte[] body) {
        byte[] out = Arrays.copyOf(head, head.length + body.length);
        System.arraycopy(body, 0, out, head.length, body.length);
        return out;
    }

    static final byte[] ACK = ("ACK sip:service@127.0.0.1:15060 SIP/2.0\r\n"
            + "Via: SIP/2.0/UDP 127.0.0.1:15160;branch=z9hG4bK-3211-1-5\r\n"
            + "From: sipp <sip:sipp@127.0.0.1:15160>;tag=3211SIPpTag001\r\n"
            + "To: service <sip:service@127.0.0.1:15060>;tag=5c1e2a77d93b40f1\r\n"
            + "Call-ID: 1-3211@127.0.0.1\r\n"
            + "CSeq: 1 ACK\r\n"
            + "Contact: sip:sipp@127.0.0.1:15160\r\n"
            + "Max-Forwards: 70\r\n"
            + "Subject: Performance Test\r\n"
            + "Content-Length: 0\r\n"
            + "\r\n").getBytes(StandardCharsets.US_ASCII);

    static final byte[] BYE = ("BYE sip:service@127.0.0.1:15060 SIP/2.0\r\n"
            + "Via: SIP/2.0/UDP 127.0.0.1:15160;branch=z9hG4bK-3211-1-7\r\n"
            + "From: sipp <sip:sipp@127.0.0.1:15160>;tag=3211SIPpTag001\r\n"
            + "To: service <sip:service@127.0.0.1:15060>;tag=5c1e2a77d93b40f1\r\n"
            + "Call-ID: 1-3211@127.0.0.1\r\n"
            + "CSeq: 2 BYE\r\n"
            + "Contact: sip:sipp@127.0.0.1:15160\r\n"
            + "Max-Forwards: 70\r\n"
            + "Subject: Performance Test\r\n"
            + "Content-Length: 0\r\n"
            + "\r\n").getBytes(StandardCharsets.US_ASCII);

    /** The signalling-only answer {@code dialtone serve --media none} sends. */
    static final byte[] ANSWER = ("v=0\r\n"
            + "o=- 3919584000 3919584000 IN IP4 127.0.0.1\r\n"
            + "s=-\r\n"
            + "c=IN IP4 127.0.0.1\r\n"
            + "t=0 0\r\n"
            + "m=audio 9 RTP/AVP 0\r\n"
            + "a=rtpmap:0 PCMU/8000\r\n"
            + "a=inactive\r\n").getBytes(StandardCharsets.US_ASCII);

    static final String SERVER = "Dialtone/0.1";
    static final String ALLOW = "INVITE, ACK, BYE, CANCEL, OPTIONS, UPDATE, INFO, PRACK, REFER, NOTIFY, MESSAGE, SUBSCRIBE";
    static final String SUPPORTED = "timer, replaces";
    static final String TO_TAG = "5c1e2a77d93b40f1";
    static final NameAddr CONTACT = new NameAddr(null, SipUri.of("dialtone", "127.0.0.1", 15060),
            io.dialtone.message.Parameters.EMPTY);

    /** The whole call: what one {@code uac} call costs the message layer of the UAS. */
    @Benchmark
    public void uasCall(Blackhole bh) {
        SipRequest invite = receive(INVITE, bh);
        bh.consume(SipResponse.to(invite, 100).build().toBytes()); // InviteServerTransaction
        bh.consume(response(invite, 180).contact(CONTACT).build().toBytes());
        SipResponse.Builder ok = response(invite, 200).contact(CONTACT);
        ok.body("application/sdp", ANSWER);
        bh.consume(ok.build().toBytes());
        receive(ACK, bh);
        SipRequest bye = receive(BYE, bh);
        bh.consume(response(bye, 200).build().toBytes());
    }

    /** One part: parsing the INVITE with the routing reads. */
    @Benchmark
    public SipRequest parseInvite(Blackhole bh) {
        return receive(INVITE, bh);
    }

    /** One part: building and serializing the 200 with SDP for a parsed INVITE. */
    @Benchmark
    public byte[] build200(Blackhole bh, Parsed p) {
        SipResponse.Builder ok = response(p.invite, 200).contact(CONTACT);
        ok.body("application/sdp", ANSWER);
        return ok.build().toBytes();
    }

    /** The INVITE parsed once, for the build-only benchmark. */
    @State(Scope.Benchmark)
    public static class Parsed {
        final SipRequest invite = (SipRequest) SipParser.parse(INVITE);
    }

    /** Parse plus what transport (Via stamping), transaction matching and the dialog read. */
    private static SipRequest receive(byte[] bytes, Blackhole bh) {
        SipRequest r = (SipRequest) SipParser.parse(bytes);
        Via top = r.topVia();
        bh.consume(top.hasRport());
        bh.consume(top.host());
        bh.consume(r.topViaBranch());
        bh.consume(r.callId());
        bh.consume(r.cseqNumber());
        bh.consume(r.cseqMethod());
        bh.consume(r.fromTag());
        bh.consume(r.toTag());
        return r;
    }

    /** As {@code SessionLayer.response}: Server, To tag, Record-Route on a dialog-creating 1xx/2xx, Allow/Supported on 2xx. */
    private static SipResponse.Builder response(SipRequest req, int status) {
        SipResponse.Builder b = SipResponse.to(req, status).header(HeaderNames.SERVER, SERVER);
        boolean noTag = req.to().tag() == null;
        if (noTag && status > 100) {
            b.toTag(TO_TAG);
        }
        if (req.is("INVITE") && noTag && status > 100 && status < 300) {
            b.recordRoutes(req.recordRoutes());
        }
        if (status >= 200 && status < 300 && req.is("INVITE")) {
            b.header(HeaderNames.ALLOW, ALLOW).header(HeaderNames.SUPPORTED, SUPPORTED);
        }
        return b;
    }
}
