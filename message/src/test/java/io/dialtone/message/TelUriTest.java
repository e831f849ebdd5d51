package io.dialtone.message;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("RFC 3966: tel URIs")
class TelUriTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"tel:+1-201-555-0123", "tel:+12015550123;ext=1234", "tel:7042;phone-context=example.com",
            "tel:863-1234;phone-context=+1-914-555", "tel:+358-555-1234567;postd=pp22", "tel:+1(201)555.0123;isub=12ab",
            "tel:*21#;phone-context=+1", "tel:+1;foo;bar=x"})
    void roundTripsAsWritten(String s) {
        Uri u = Uri.parse(s);
        assertThat(u).isInstanceOf(TelUri.class);
        assertThat(u.toString()).isEqualTo(s);
        assertThat(Uri.parse(u.toString())).isEqualTo(u);
    }

    @Test
    void exposesItsParts() {
        TelUri t = TelUri.parse("TEL:+1-201-555-0123;ext=1234;isub=5;phone-context=+1");
        assertThat(t.isGlobal()).isTrue();
        assertThat(t.digits()).isEqualTo("+12015550123");
        assertThat(t.extension()).isEqualTo("1234");
        assertThat(t.isub()).isEqualTo("5");
        assertThat(t.phoneContext()).isEqualTo("+1");
        assertThat(TelUri.parse("tel:7042;phone-context=example.com").isGlobal()).isFalse();
    }

    @ParameterizedTest(name = "''{0}''")
    @ValueSource(strings = {"tel:", "tel:+", "tel:+-", "tel:7042", "tel:+1 2", "tel:+1a", "tel:+1;ext=", "tel:+1;ext=x",
            "tel:+1;;x", "tel:+1;x_y=1", "tel:7042;phone-context=", "tel:7042;phone-context=ex_ample", "tel:+1;isub=%",
            "tel:abc;phone-context=example.com;x=%2"})
    void rejectsMalformed(String s) {
        assertThatThrownBy(() -> Uri.parse(s)).isInstanceOfSatisfying(SipParseException.class,
                e -> assertThat(e.status()).isEqualTo(400));
    }

    @ParameterizedTest(name = "{0} ~ {1}")
    @CsvSource({"tel:+1-201-555-0123, tel:+12015550123", "tel:+1(201)555.0123;ext=12, tel:+12015550123;EXT=1-2",
            "tel:7042;phone-context=EXAMPLE.com, tel:7042;phone-context=example.com",
            "tel:+1;a=1;b=2, tel:+1;b=2;a=1"})
    @DisplayName("§4: equivalence ignores visual separators, case and parameter order")
    void equivalent(String a, String b) {
        assertThat(Uri.parse(a).equivalent(Uri.parse(b))).isTrue();
        assertThat(Uri.parse(b).equivalent(Uri.parse(a))).isTrue();
    }

    @ParameterizedTest(name = "{0} !~ {1}")
    @CsvSource({"tel:+12015550123, tel:+12015550124", "tel:+1;ext=1, tel:+1", "tel:7042;phone-context=a.com, tel:7042;phone-context=b.com",
            "tel:+1, sip:+1@h"})
    void notEquivalent(String a, String b) {
        assertThat(Uri.parse(a).equivalent(Uri.parse(b))).isFalse();
    }

    @Test
    @DisplayName("From/To/Contact may carry a tel URI; only a Request-URI is 416")
    void inNameAddrs() {
        NameAddr n = NameAddr.parse("\"Bob\" <tel:+1-201-555-0123>;tag=9", "From");
        assertThat(n.address()).isEqualTo(TelUri.global("+1-201-555-0123"));
        assertThat(n.isSip()).isFalse();
        assertThatThrownBy(n::uri).isInstanceOf(IllegalStateException.class);
        NameAddr spec = NameAddr.parse("tel:+1-201-555-0123;tag=9", "To"); // addr-spec: ;tag is the header's
        assertThat(spec.tag()).isEqualTo("9");
        assertThat(spec.address().toString()).isEqualTo("tel:+1-201-555-0123");
        assertThat(n.toString()).isEqualTo("\"Bob\" <tel:+1-201-555-0123>;tag=9");
        assertThatThrownBy(() -> SipUri.parse("tel:+1")).isInstanceOfSatisfying(SipParseException.class,
                e -> assertThat(e.status()).isEqualTo(416));
    }
}
