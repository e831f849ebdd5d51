package io.dialtone.message;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static io.dialtone.message.Messages.INVITE;
import static io.dialtone.message.Messages.SDP;
import static io.dialtone.message.Messages.bytes;
import static io.dialtone.message.Messages.failure;
import static io.dialtone.message.Messages.minimal;
import static io.dialtone.message.Messages.offsetOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("RFC 3261 §18.1.1, §21.4.11-12, §21.5.14: parser limits")
class SipParserLimitsTest {

    @Test
    void defaults() {
        SipParserLimits d = SipParserLimits.DEFAULT;
        assertThat(d.maxMessageBytes()).isEqualTo(65535);
        assertThat(d.maxHeaders()).isEqualTo(256);
        assertThat(d.maxLineBytes()).isEqualTo(8192);
        assertThat(d.maxContentLength()).isEqualTo(65535);
        assertThat(d.maxUriBytes()).isEqualTo(4096);
        assertThat(new SipParserLimits(1000, 10, 100).maxContentLength()).isEqualTo(1000);
        assertThatThrownBy(() -> d.withMaxUriBytes(1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> d.withMaxContentLength(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    @DisplayName("§21.4.12: a Request-URI over maxUriBytes is 414")
    void longRequestUriIs414() {
        String uri = "sip:" + "u".repeat(100) + "@biloxi.example.com";
        String msg = minimal("").replace("sip:bob@biloxi.example.com SIP", uri + " SIP");
        SipParseException e = failure(bytes(msg), SipParserLimits.DEFAULT.withMaxUriBytes(64));
        assertThat(e.status()).isEqualTo(414);
        assertThat(e.offset()).isEqualTo("OPTIONS ".length());
        assertThatCode(() -> SipParser.parse(bytes(msg), 0, bytes(msg).length, SipParserLimits.DEFAULT.withMaxUriBytes(uri.length())))
                .doesNotThrowAnyException();
    }

    @Test
    void longFromUriIs400NamingFrom() {
        String msg = minimal("").replace("<sip:alice@atlanta.example.com>", "<sip:" + "a".repeat(100) + "@atlanta.example.com>");
        SipParseException e = failure(bytes(msg), SipParserLimits.DEFAULT.withMaxUriBytes(64));
        assertThat(e.status()).isEqualTo(400);
        assertThat(e.header()).isEqualTo("From");
        assertThat(e.offset()).isEqualTo(offsetOf(msg, "From:"));
    }

    @Test
    @DisplayName("§21.4.11: a Content-Length over maxContentLength is 413")
    void contentLengthOverLimitIs413() {
        SipParseException e = failure(bytes(INVITE), SipParserLimits.DEFAULT.withMaxContentLength(SDP.length() - 1));
        assertThat(e.status()).isEqualTo(413);
        assertThat(e.header()).isEqualTo("Content-Length");
        assertThat(e.offset()).isEqualTo(offsetOf(INVITE, "Content-Length:"));
        assertThatCode(() -> SipParser.parse(bytes(INVITE), 0, bytes(INVITE).length,
                SipParserLimits.DEFAULT.withMaxContentLength(SDP.length()))).doesNotThrowAnyException();
    }

    @Test
    @DisplayName("§18.3: a claimed Content-Length is never allocated: 4 GB on a datagram is 400")
    void hugeContentLengthIsNotAllocated() {
        SipParseException e = failure(minimal("Content-Length: 4294967295"));
        assertThat(e.status()).isEqualTo(400);
        assertThat(e.header()).isEqualTo("Content-Length");
    }
}
