package io.dialtone.message.header;

import io.dialtone.message.NameAddr;
import io.dialtone.message.SipMessage;
import io.dialtone.message.SipParseException;
import io.dialtone.message.SipParser;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

@DisplayName("RFC 3261 §7.3, §20: typed access to a parsed message")
class TypedHeadersMessageTest {

    static final String BODY = "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 192.0.2.1\r\nt=0 0\r\n";

    /** A re-INVITE after a 407 with folded credentials, compact forms and many optional headers. */
    static final String INVITE = """
            INVITE sip:bob@biloxi.example.com SIP/2.0\r
            v: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK74bf9;rport\r
            Via: SIP/2.0/TCP proxy.example.com;branch=z9hG4bKabc, SIP/2.0/UDP 10.0.0.1;branch=z9hG4bKdef\r
            Max-Forwards: 69\r
            f: "Alice" <sip:alice@atlanta.example.com>;tag=9fxced76sl\r
            t: Bob <sip:bob@biloxi.example.com>\r
            i: 3848276298220188511@atlanta.example.com\r
            CSeq: 2 INVITE\r
            m: <sip:alice@192.0.2.1:5060;transport=udp>;expires=3600;q=0.8\r
            Route: <sip:p1.example.com;lr>, <sip:p2.example.com;lr>\r
            Proxy-Authorization: Digest username="alice", realm="atlanta.example.com",\r
              nonce="c60f3082ee1212b402a21831ae", uri="sip:bob@biloxi.example.com",\r
              response="245f23415f11432b3434341c022", algorithm=SHA-256, qop=auth,\r
              nc=00000001, cnonce="0a4f113b"\r
            Allow: INVITE, ACK, CANCEL, BYE, UPDATE, PRACK, REFER, NOTIFY\r
            k: timer, 100rel\r
            k: replaces\r
            Require: 100rel\r
            x: 1800;refresher=uac\r
            Min-SE: 90\r
            Accept: application/sdp, multipart/mixed;q=0.5\r
            Accept-Language: da, en-gb;q=0.8\r
            Date: Sat, 13 Nov 2010 23:29:00 GMT\r
            User-Agent: baresip v3.10.1 (x86_64/Linux)\r
            Subject: Need more boxes\r
            Call-Info: <http://wwww.example.com/alice/photo.jpg> ;purpose=icon,\r
              <http://www.example.com/alice/> ;purpose=info\r
            P-Asserted-Identity: "Alice" <sip:alice@atlanta.example.com>\r
            Security-Verify: digest;d-alg=md5;d-qop=auth;d-ver="0000000000000000000000000000abcd"\r
            Reason: SIP;cause=200;text="Call completed elsewhere", Q.850;cause=16\r
            Timestamp: 54\r
            X-Unknown: kept as is\r
            c: application/sdp\r
            l: %d\r
            \r
            """.formatted(BODY.length()) + BODY;

    static final String NOTIFY = """
            NOTIFY sip:alice@192.0.2.1:5060 SIP/2.0\r
            Via: SIP/2.0/UDP biloxi.example.com;branch=z9hG4bK776sgdkse\r
            Max-Forwards: 70\r
            From: <sip:bob@biloxi.example.com>;tag=a6c85cf\r
            To: <sip:alice@atlanta.example.com>;tag=1928301774\r
            Call-ID: a84b4c76e66710\r
            CSeq: 5 NOTIFY\r
            o: refer;id=93809824\r
            Subscription-State: active;expires=60\r
            Referred-By: <sip:bob@biloxi.example.com>\r
            Content-Type: message/sipfrag;version=2.0\r
            Content-Length: 0\r
            \r
            """;

    static final String RESPONSE = """
            SIP/2.0 407 Proxy Authentication Required\r
            Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK74bf9\r
            From: <sip:alice@atlanta.example.com>;tag=9fxced76sl\r
            To: <sip:bob@biloxi.example.com>;tag=3flal12sf\r
            Call-ID: 3848276298220188511@atlanta.example.com\r
            CSeq: 1 INVITE\r
            Proxy-Authenticate: Digest realm="atlanta.example.com", qop="auth", algorithm=SHA-256,\r
              nonce="f84f1cec41e6cbe5aea9c8e88d359", opaque="", stale=FALSE\r
            Proxy-Authenticate: Digest realm="atlanta.example.com", qop="auth", algorithm=MD5,\r
              nonce="f84f1cec41e6cbe5aea9c8e88d359", opaque=""\r
            Warning: 307 isi.edu "Session parameter 'foo' not understood"\r
            Retry-After: 120 (I'm in a meeting);duration=3600\r
            Server: Asterisk PBX 20.5.0\r
            RSeq: 988789\r
            Content-Length: 0\r
            \r
            """;

    private static SipMessage parse(String s) {
        return SipParser.parse(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void invite() {
        SipMessage m = parse(INVITE);
        assertThat(m.typedList(Headers.VIA)).hasSize(3);
        assertThat(m.typed(Headers.VIA).orElseThrow().host()).isEqualTo("192.0.2.1");
        assertThat(m.typed(Headers.MAX_FORWARDS)).contains(69L);
        assertThat(m.typed(Headers.FROM).orElseThrow().tag()).isEqualTo("9fxced76sl");
        assertThat(m.typed(Headers.TO).orElseThrow().displayName()).isEqualTo("Bob");
        assertThat(m.typed(Headers.CALL_ID)).contains("3848276298220188511@atlanta.example.com");
        assertThat(m.typed(Headers.CSEQ).orElseThrow().number()).isEqualTo(2);
        Contact contact = m.typed(Headers.CONTACT).orElseThrow();
        assertThat(contact.expiresSeconds()).isEqualTo(3600);
        assertThat(contact.q()).isEqualTo(0.8);
        assertThat(m.typedList(Headers.ROUTE)).extracting(NameAddr::toString)
                .containsExactly("<sip:p1.example.com;lr>", "<sip:p2.example.com;lr>");

        Credentials auth = m.typed(Headers.PROXY_AUTHORIZATION).orElseThrow();
        assertThat(auth.username()).isEqualTo("alice");
        assertThat(auth.uri()).isEqualTo("sip:bob@biloxi.example.com");
        assertThat(auth.digestAlgorithm()).contains(DigestAlgorithm.SHA_256);
        assertThat(auth.nonceCount()).isEqualTo(1);
        assertThat(auth.cnonce()).isEqualTo("0a4f113b");

        assertThat(m.typedList(Headers.ALLOW)).extracting(Token::value)
                .containsExactly("INVITE", "ACK", "CANCEL", "BYE", "UPDATE", "PRACK", "REFER", "NOTIFY");
        assertThat(m.typedList(Headers.SUPPORTED)).extracting(Token::value).containsExactly("timer", "100rel", "replaces");
        assertThat(m.typedList(Headers.REQUIRE)).containsExactly(new Token("100rel"));
        assertThat(m.typed(Headers.SESSION_EXPIRES).orElseThrow().deltaSeconds()).isEqualTo(1800);
        assertThat(m.typed(Headers.MIN_SE)).contains(MinSe.of(90));
        assertThat(m.typedList(Headers.ACCEPT)).extracting(MediaRange::q).containsExactly(1.0, 0.5);
        assertThat(m.typedList(Headers.ACCEPT_LANGUAGE)).extracting(QualifiedToken::value).containsExactly("da", "en-gb");
        assertThat(m.typed(Headers.DATE).orElseThrow().instant()).isEqualTo(Instant.parse("2010-11-13T23:29:00Z"));
        assertThat(m.typed(Headers.USER_AGENT).orElseThrow().first()).isEqualTo("baresip");
        assertThat(m.typed(Headers.SUBJECT)).contains("Need more boxes");
        assertThat(m.typedList(Headers.CALL_INFO)).extracting(InfoUri::purpose).containsExactly("icon", "info");
        assertThat(m.typed(Headers.P_ASSERTED_IDENTITY).orElseThrow().uri().user()).isEqualTo("alice");
        assertThat(m.typed(Headers.SECURITY_VERIFY).orElseThrow().digestVerify())
                .isEqualTo("0000000000000000000000000000abcd");
        assertThat(m.typedList(Headers.REASON)).extracting(Reason::cause).containsExactly(200, 16);
        assertThat(m.typed(Headers.TIMESTAMP)).contains(new Timestamp("54", null));
        assertThat(m.typed(Headers.CONTENT_TYPE)).contains(MediaRange.of("application", "sdp"));
        assertThat(m.typed(Headers.CONTENT_LENGTH)).contains((long) BODY.length());
        assertThat(m.typed(Headers.RACK)).isEmpty();
        assertThat(m.typedList(Headers.WARNING)).isEmpty();
        assertThat(m.header("X-Unknown")).contains("kept as is");
    }

    @Test
    void notifyWithCompactEvent() {
        SipMessage m = parse(NOTIFY);
        assertThat(m.typed(Headers.EVENT)).contains(new Event("refer", "93809824", io.dialtone.message.Parameters.EMPTY));
        SubscriptionState s = m.typed(Headers.SUBSCRIPTION_STATE).orElseThrow();
        assertThat(s.isActive()).isTrue();
        assertThat(s.expiresSeconds()).isEqualTo(60);
        assertThat(m.typed(Headers.REFERRED_BY).orElseThrow().uri().host()).isEqualTo("biloxi.example.com");
        assertThat(m.typed(Headers.CONTENT_TYPE).orElseThrow().param("version")).isEqualTo("2.0");
    }

    @Test
    void responseWithTwoChallenges() {
        SipMessage m = parse(RESPONSE);
        assertThat(m.typedList(Headers.PROXY_AUTHENTICATE)).extracting(Challenge::digestAlgorithm)
                .containsExactly(java.util.Optional.of(DigestAlgorithm.SHA_256), java.util.Optional.of(DigestAlgorithm.MD5));
        Challenge first = m.typed(Headers.PROXY_AUTHENTICATE).orElseThrow();
        assertThat(first.realm()).isEqualTo("atlanta.example.com");
        assertThat(first.qopOptions()).containsExactly("auth");
        assertThat(first.opaque()).isEmpty();
        assertThat(m.typed(Headers.WARNING).orElseThrow().code()).isEqualTo(307);
        RetryAfter r = m.typed(Headers.RETRY_AFTER).orElseThrow();
        assertThat(r.commentText()).isEqualTo("I'm in a meeting");
        assertThat(r.durationSeconds()).isEqualTo(3600);
        assertThat(m.typed(Headers.SERVER).orElseThrow().items()).containsExactly("Asterisk", "PBX", "20.5.0");
        assertThat(m.typed(Headers.RSEQ)).contains(988789L);
    }

    @Test
    void malformedValueIsReportedOnAccessWith400NamingTheHeader() {
        SipMessage m = parse(NOTIFY.replace("o: refer;id=93809824\r\n", "RAck: 1 x INVITE\r\n"));
        SipParseException e = catchThrowableOfType(SipParseException.class, () -> m.typed(Headers.RACK));
        assertThat(e.status()).isEqualTo(400);
        assertThat(e.header()).isEqualTo("RAck");
        assertThat(e.reasonPhrase()).isEqualTo("Bad RAck: non-numeric CSeq-num 'x'");
    }
}
