package io.dialtone.message;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Sample messages (after RFC 3665 §3.1) and helpers shared by the message tests. */
final class Messages {
    private Messages() {}

    static final String SDP = """
            v=0\r
            o=alice 2890844526 2890844526 IN IP4 client.atlanta.example.com\r
            s=-\r
            c=IN IP4 192.0.2.101\r
            t=0 0\r
            m=audio 49172 RTP/AVP 0\r
            a=rtpmap:0 PCMU/8000\r
            """;

    /** An INVITE with every header a basic call uses, and an SDP body. */
    static final String INVITE = """
            INVITE sip:bob@biloxi.example.com SIP/2.0\r
            Via: SIP/2.0/UDP client.atlanta.example.com:5060;branch=z9hG4bK74bf9;rport\r
            Max-Forwards: 70\r
            From: "Alice" <sip:alice@atlanta.example.com>;tag=9fxced76sl\r
            To: Bob <sip:bob@biloxi.example.com>\r
            Call-ID: 3848276298220188511@atlanta.example.com\r
            CSeq: 1 INVITE\r
            Contact: <sip:alice@client.atlanta.example.com;transport=udp>\r
            Route: <sip:p1.example.com;lr>, <sip:p2.example.com;lr>\r
            Allow: INVITE, ACK, CANCEL, BYE, UPDATE\r
            Supported: timer, 100rel\r
            Session-Expires: 1800;refresher=uac\r
            Min-SE: 90\r
            Content-Type: application/sdp\r
            Content-Length: %d\r
            \r
            """.formatted(SDP.length()) + SDP;

    /** A body-less request with the mandatory headers only; {@code %s} is replaced by extra header lines. */
    static final String MINIMAL = """
            OPTIONS sip:bob@biloxi.example.com SIP/2.0\r
            Via: SIP/2.0/UDP pc33.atlanta.example.com;branch=z9hG4bK776asdhds\r
            To: <sip:bob@biloxi.example.com>\r
            From: <sip:alice@atlanta.example.com>;tag=1928301774\r
            Call-ID: a84b4c76e66710\r
            CSeq: 63104 OPTIONS\r
            %s\r
            \r
            """;

    static String minimal(String extraLines) {
        return MINIMAL.formatted(extraLines.isEmpty() ? "Max-Forwards: 70" : extraLines);
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static SipMessage parse(String s) {
        return SipParser.parse(bytes(s));
    }

    static SipRequest request(String s) {
        return (SipRequest) parse(s);
    }

    static SipResponse response(String s) {
        return (SipResponse) parse(s);
    }

    /** Parses {@code s}, expects a {@link SipParseException} and returns it. */
    static SipParseException failure(String s) {
        return failure(bytes(s), SipParserLimits.DEFAULT);
    }

    static SipParseException failure(byte[] b, SipParserLimits limits) {
        SipParseException e = catchThrowableOfType(SipParseException.class,
                () -> SipParser.parse(b, 0, b.length, limits));
        assertThat(e).as("parse failure").isNotNull();
        return e;
    }

    /** Offset of the first occurrence of {@code needle} in {@code s}, in UTF-8 bytes (the samples are ASCII). */
    static int offsetOf(String s, String needle) {
        int i = s.indexOf(needle);
        assertThat(i).as("'%s' in sample", needle).isNotNegative();
        return i;
    }
}
