package io.dialtone.sdp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Field decoding with shared constants for common tokens (RFC 8866 §5: UTF-8 text, ASCII delimiters). */
class SdpTokensTest {

    static String text(String s) {
        byte[] b = ("x " + s + " y").getBytes(StandardCharsets.UTF_8);   // a field inside a line, as the parser sees it
        return SdpTokens.text(b, 2, b.length - 2);
    }

    @ParameterizedTest
    @ValueSource(strings = {"-", "IN", "IP4", "IP6", "audio", "video", "RTP/AVP", "RTP/SAVPF", "UDP/TLS/RTP/SAVPF", "udptl",
            "rtpmap", "fmtp", "ptime", "sendrecv", "sendonly", "recvonly", "inactive", "rtcp-mux"})
    void knownTokensAreSharedConstants(String token) {
        assertThat(text(token)).isEqualTo(token).isSameAs(text(token));
    }

    @Test
    void payloadTypesWithoutLeadingZerosAreShared() {
        for (int pt = 0; pt <= 127; pt++) assertThat(text(Integer.toString(pt))).isSameAs(SdpTokens.payloadType(pt)).isEqualTo("" + pt);
        assertThat(text("08")).isEqualTo("08");
        assertThat(text("128")).isEqualTo("128");
        assertThat(text("00")).isEqualTo("00");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "user1", "53655765", "audi", "audioo", "AUDIO", "rtp/avp", "Café", "☎", "IN4", "ip4", "a", "127.0.0.1"})
    void otherFieldsDecodeAsUtf8(String field) {
        assertThat(text(field)).isEqualTo(field);
    }

    @Test
    void invalidUtf8BecomesReplacementCharacters() {
        byte[] b = {'s', (byte) 0xC3, 'x'};
        assertThat(SdpTokens.text(b, 1, 2)).isEqualTo("\uFFFD");
    }
}
