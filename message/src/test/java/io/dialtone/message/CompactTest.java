package io.dialtone.message;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("SipResponse.compact and SipRequest.compact: same message, fields parsed again")
class CompactTest {
    private static final String INVITE = """
            INVITE sip:bob@example.com SIP/2.0\r
            Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bKc1;rport\r
            Via: SIP/2.0/TCP proxy.example.com;branch=z9hG4bKp1\r
            Max-Forwards: 70\r
            From: "Alice" <sip:alice@example.com>;tag=a1\r
            To: <sip:bob@example.com>\r
            Call-ID: c1@192.0.2.1\r
            CSeq: 7 INVITE\r
            Contact: <sip:alice@192.0.2.1>\r
            Content-Type: application/sdp\r
            Content-Length: 4\r
            \r
            v=0
            """;

    @Test
    void builtResponseCompactsToTheSameFieldsAndBytes() {
        SipRequest req = (SipRequest) SipParser.parse(INVITE.getBytes(StandardCharsets.UTF_8));
        SipResponse rsp = SipResponse.to(req, 486).toTag("b7").build();

        SipResponse c = rsp.compact();

        assertThat(c).isNotSameAs(rsp);
        assertThat(c.toBytes()).isEqualTo(rsp.toBytes());
        assertThat(c.statusCode()).isEqualTo(486);
        assertThat(c.reasonPhrase()).isEqualTo(rsp.reasonPhrase());
        assertThat(c.toTag()).isEqualTo("b7");
        assertThat(c.topVia()).isEqualTo(rsp.topVia());
        assertThat(c.headers()).isEqualTo(rsp.headers());
        assertThat(c.cseq()).isEqualTo(rsp.cseq());
    }

    @Test
    void parsedRequestCompactsToTheSameMethodFieldsBodyAndBytes() {
        SipRequest req = (SipRequest) SipParser.parse(INVITE.getBytes(StandardCharsets.UTF_8));
        req.headers();                                          // fill the caches first
        req.from();
        req.body();

        SipRequest c = req.compact();

        assertThat(c).isNotSameAs(req);
        assertThat(c.toBytes()).isEqualTo(req.toBytes());
        assertThat(c.method()).isEqualTo("INVITE");
        assertThat(c.requestUri()).isEqualTo(req.requestUri());
        assertThat(c.from()).isEqualTo(req.from());
        assertThat(c.fromTag()).isEqualTo("a1");
        assertThat(c.callId()).isEqualTo("c1@192.0.2.1");
        assertThat(c.vias()).isEqualTo(req.vias());
        assertThat(c.headers()).isEqualTo(req.headers());
        assertThat(c.body()).isEqualTo("v=0\n".getBytes(StandardCharsets.UTF_8));
        assertThat(c.hasBody()).isTrue();
    }
}
