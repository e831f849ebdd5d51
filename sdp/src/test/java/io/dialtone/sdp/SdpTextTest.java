package io.dialtone.sdp;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The field checks every value record makes (RFC 8866 §5: a value never carries a line break), in one pass. */
class SdpTextTest {

    @ParameterizedTest
    @ValueSource(strings = {"IN", "RTP/AVP", "x", "Café", "2001:db8::1", "~!@#"})
    void tokensPass(String s) {
        assertThatCode(() -> SdpText.requireToken(s, "f")).doesNotThrowAnyException();
        assertThatCode(() -> SdpText.requireLine(s + " with spaces", "f")).doesNotThrowAnyException();
    }

    @Test
    void tokensFailWithTheFirstRuleBroken() {
        assertThatThrownBy(() -> SdpText.requireToken("a\rb", "f")).hasMessage("f contains CR, LF or NUL");
        assertThatThrownBy(() -> SdpText.requireToken("a b\nc", "f")) // a line break is reported before a space, as before
                .hasMessage("f contains CR, LF or NUL");
        assertThatThrownBy(() -> SdpText.requireToken("a\0", "f")).hasMessage("f contains CR, LF or NUL");
        assertThatThrownBy(() -> SdpText.requireToken("a b", "f")).hasMessage("f must be a non-empty token: 'a b'");
        assertThatThrownBy(() -> SdpText.requireToken(" ", "f")).hasMessage("f must be a non-empty token: ' '");
        assertThatThrownBy(() -> SdpText.requireToken("", "f")).hasMessage("f must be a non-empty token: ''");
        assertThatThrownBy(() -> SdpText.requireToken(null, "f")).isInstanceOf(NullPointerException.class).hasMessage("f");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\r", "x\n", "\0y"})
    void linesFailOnCrLfNul(String s) {
        assertThatThrownBy(() -> SdpText.requireLine(s, "v")).hasMessage("v contains CR, LF or NUL");
    }
}
