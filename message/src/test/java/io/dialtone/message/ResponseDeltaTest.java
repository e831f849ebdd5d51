package io.dialtone.message;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** A response kept as its difference from the request: smaller, and the same bytes back from a retransmission. */
class ResponseDeltaTest {

    private static final String BYE = "BYE sip:service@127.0.0.1:5060 SIP/2.0\r\n"
            + "Via: SIP/2.0/UDP 127.0.0.1:5160;branch=z9hG4bK-10861-1-7\r\n"
            + "Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK-proxy\r\n"
            + "From: sipp <sip:sipp@127.0.0.1:5160>;tag=10861SIPpTag001\r\n"
            + "To: service <sip:service@127.0.0.1:5060>;tag=9e9a8e3867a0\r\n"
            + "Call-ID: 1-10861@127.0.0.1\r\n"
            + "CSeq: 2 BYE\r\n"
            + "Contact: sip:sipp@127.0.0.1:5160\r\n"
            + "Max-Forwards: 70\r\n"
            + "Subject: Performance Test\r\n"
            + "Content-Length: 0\r\n\r\n";

    private static SipRequest request(String text) {
        return (SipRequest) SipParser.parse(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aResponseThatCopiedTheRequestsFieldsShrinksAndComesBackByteForByte() {
        SipRequest bye = request(BYE);
        byte[] ok = SipResponse.to(bye, 200).header("Server", "Dialtone/0.1").build().toBytes();

        byte[] delta = ResponseDelta.encode(bye, ok);

        assertThat(delta.length).isLessThan(ok.length / 3);
        assertThat(ResponseDelta.decode(delta, request(BYE))).isEqualTo(ok); // the retransmission
    }

    @Test
    void theFieldsMayComeInAnotherOrderInTheRetransmission() {
        SipRequest bye = request(BYE);
        byte[] ok = SipResponse.to(bye, 200).build().toBytes();
        String reordered = BYE.replace("Call-ID: 1-10861@127.0.0.1\r\n", "")
                .replace("Max-Forwards: 70\r\n", "Max-Forwards: 70\r\nCall-ID: 1-10861@127.0.0.1\r\n");

        assertThat(ResponseDelta.decode(ResponseDelta.encode(bye, ok), request(reordered))).isEqualTo(ok);
    }

    @Test
    void aRetransmissionWithoutAReferencedFieldGivesNothingRatherThanAWrongResponse() {
        SipRequest bye = request(BYE);
        byte[] delta = ResponseDelta.encode(bye, SipResponse.to(bye, 200).build().toBytes());
        String oneViaLess = BYE.replace("Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK-proxy\r\n", "");

        assertThat(ResponseDelta.decode(delta, request(oneViaLess))).isNull();
    }

    @Test
    void compactFormsAndBodiesStayLiteralAndCorrect() {
        String compact = "OPTIONS sip:service@127.0.0.1 SIP/2.0\r\n"
                + "v: SIP/2.0/UDP 127.0.0.1:5160;branch=z9hG4bK-opt\r\n"
                + "f: <sip:a@127.0.0.1>;tag=a1\r\n"
                + "t: <sip:service@127.0.0.1>\r\n"
                + "i: opt-1@127.0.0.1\r\n"
                + "CSeq: 7 OPTIONS\r\n"
                + "l: 0\r\n\r\n";
        SipRequest options = request(compact);
        byte[] ok = SipResponse.to(options, 200).toTag("uas1").header("Accept", "application/sdp")
                .body("application/sdp", "v=0\r\n".getBytes(StandardCharsets.UTF_8)).build().toBytes();

        byte[] delta = ResponseDelta.encode(options, ok);

        assertThat(ResponseDelta.decode(delta, request(compact))).isEqualTo(ok);
    }

    @Test
    void aResponseSharingNoFieldWithTheRequestIsKeptWhole() {
        SipRequest bye = request(BYE);
        byte[] other = ("SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP 10.0.0.1;branch=z9hG4bKx\r\nServer: x\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8);

        assertThat(ResponseDelta.encode(bye, other)).isSameAs(other);
        assertThat(ResponseDelta.decode(other, bye)).isSameAs(other);
    }
}
