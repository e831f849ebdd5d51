package io.dialtone.transport.internal;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("RFC 3261 §22: the wire trace never shows a Digest response")
class WireRedactionTest {
    private static final String INVITE = "INVITE sip:bob@example.com SIP/2.0\r\n"
            + "Via: SIP/2.0/UDP 127.0.0.1:5060;branch=z9hG4bK1\r\n"
            + "Authorization: Digest username=\"alice\", realm=\"r\", nonce=\"n1\", uri=\"sip:bob@example.com\", "
            + "response=\"6629fae49393a05397450978507c4ef1\", qop=auth, nc=00000001, cnonce=\"c\"\r\n"
            + "proxy-authorization : Digest username=\"alice\",response=0123abcd,realm=\"p\"\r\n"
            + "Subject: response=\"kept\"\r\n"
            + "Content-Length: 0\r\n\r\n";

    @Test
    void responsesOfBothCredentialHeadersAreHidden() {
        String out = WireRedaction.redact(INVITE);
        assertThat(out).doesNotContain("6629fae49393a05397450978507c4ef1").doesNotContain("0123abcd")
                .contains("response=\"<redacted>\", qop=auth").contains("response=\"<redacted>\",realm=\"p\"")
                .contains("Subject: response=\"kept\"\r\n").contains("username=\"alice\"")
                .endsWith("Content-Length: 0\r\n\r\n");
    }

    @Test
    void messagesWithoutCredentialsAreUnchanged() {
        String msg = "SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\nContent-Length: 0\r\n\r\n";
        assertThat(WireRedaction.redact(msg)).isSameAs(msg);
    }
}
