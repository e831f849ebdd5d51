package io.dialtone.message;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("RFC 3261 §19.1.4, §25.1: SIP URI grammar and comparison; other schemes")
class UriEquivalenceTest {

    @ParameterizedTest(name = "{0} ~ {1}")
    @CsvSource(delimiter = '|', value = {
            "sip:%61lice@atlanta.com;transport=TCP | sip:alice@AtLanTa.CoM;Transport=tcp",   // §19.1.4 examples
            "sip:carol@chicago.com | sip:carol@chicago.com;newparam=5",
            "sip:carol@chicago.com | sip:carol@chicago.com;security=on",
            "sip:carol@chicago.com;newparam=5 | sip:carol@chicago.com;security=on",
            "sip:biloxi.com;transport=tcp;method=REGISTER?to=sip:bob%40biloxi.com | sip:biloxi.com;method=REGISTER;transport=tcp?to=sip:bob%40biloxi.com",
            "sip:alice@atlanta.com?subject=project%20x&priority=urgent | sip:alice@atlanta.com?priority=urgent&subject=project%20x",
            "sip:[2001:db8::1] | sip:[2001:DB8:0:0:0:0:0:1]",
            "sip:user@h;%6C%72 | sip:user@h;lr",
    })
    void equivalent(String a, String b) {
        assertThat(SipUri.parse(a).equivalent(SipUri.parse(b))).isTrue();
        assertThat(SipUri.parse(b).equivalent(SipUri.parse(a))).isTrue();
    }

    @ParameterizedTest(name = "{0} !~ {1}")
    @CsvSource(delimiter = '|', value = {
            "SIP:ALICE@AtLanTa.CoM;Transport=udp | sip:alice@AtLanTa.CoM;Transport=UDP",     // user is case-sensitive
            "sip:bob@biloxi.com | sip:bob@biloxi.com:5060",                                  // explicit default port
            "sip:bob@biloxi.com | sip:bob@biloxi.com;transport=udp",
            "sip:bob@biloxi.com | sip:bob@biloxi.com:6000;transport=tcp",
            "sip:carol@chicago.com | sip:carol@chicago.com?Subject=next%20meeting",
            "sip:bob@phone21.boxesbybob.com | sip:bob@192.0.2.4",
            "sip:carol@chicago.com;security=on | sip:carol@chicago.com;security=off",
            "sip:a%3Ab@h | sip:a:b@h",                                                        // escaped reserved stays distinct
            "sip:alice@h | sips:alice@h",
            "sip:alice:pw1@h | sip:alice:pw2@h",
    })
    void notEquivalent(String a, String b) {
        assertThat(SipUri.parse(a).equivalent(SipUri.parse(b))).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"sip:user;par=u%40example.net@example.com", "sip:a;b?c/d@h", "sip:h;maddr=[::1];x=a:b&c+$",
            "sip:h?a=%3C&b=[x]", "sip:1_unusual.URI~(to-be!sure)&isn't+it$/crazy?,/;;*:&it+has=1,weird!*pas$wo~d_too.(doesn't-it)@example.com",
            "sip:h.example.com.", "sips:[::ffff:192.0.2.1]:5061"})
    @DisplayName("§25.1: user-unreserved, param-unreserved, hnv-unreserved characters round-trip")
    void grammarEdges(String s) {
        assertThat(SipUri.parse(s).toString()).isEqualTo(s);
    }

    @Test
    void userPartMayHoldSemicolonAndQuestionMark() {
        SipUri u = SipUri.parse("sip:a;b?c@h;lr?x=y");
        assertThat(u.userName()).isEqualTo("a;b?c");
        assertThat(u.looseRouting()).isTrue();
        assertThat(u.headerFields()).containsExactly(new Parameters.Param("x", "y"));
    }

    @ParameterizedTest(name = "''{0}''")
    @ValueSource(strings = {"sip:h;", "sip:h;;lr", "sip:h;a=", "sip:h?", "sip:h?a", "sip:h?=b", "sip:a b@h", "sip:a\"@h",
            "sip:<a>@h", "sip:h;a=b c", "sip:a@b@h", "sip:h:5060:5061", "<sip:h>", "sip h", "1sip:h"})
    void rejectsMalformed(String s) {
        assertThatThrownBy(() -> SipUri.parse(s)).isInstanceOfSatisfying(SipParseException.class,
                e -> assertThat(e.status()).isEqualTo(400));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"urn:service:sos, urn", "http://www.example.com, http", "mailto:a@b.example, mailto", "isbn:2983792873, isbn",
            "soap.beep://192.0.2.103:3002, soap.beep", "im:alice@example.com, im"})
    void otherSchemesAreAbsoluteUris(String s, String scheme) {
        Uri u = Uri.parse(s);
        assertThat(u).isInstanceOf(AbsoluteUri.class);
        assertThat(u.scheme()).isEqualTo(scheme);
        assertThat(u.toString()).isEqualTo(s);
        assertThat(NameAddr.parse("<" + s + ">;tag=1", "Contact").address()).isEqualTo(u);
    }

    @Test
    void absoluteUriEquivalence() {
        assertThat(Uri.parse("URN:service:%73os").equivalent(Uri.parse("urn:service:sos"))).isTrue();
        assertThat(Uri.parse("urn:service:sos").equivalent(Uri.parse("urn:service:police"))).isFalse();
    }

    @Test
    @DisplayName("NameAddr keeps the old SipUri API: new NameAddr(String, SipUri, Parameters), of(SipUri), uri()")
    void nameAddrCompatibility() {
        SipUri s = SipUri.of("bob", "example.com", -1);
        NameAddr n = new NameAddr(null, s, Parameters.EMPTY);
        assertThat(n.uri()).isSameAs(s);
        assertThat(NameAddr.of(s).withTag("x").uri()).isEqualTo(s);
        assertThat(NameAddr.of("Bob", s).toString()).isEqualTo("\"Bob\" <sip:bob@example.com>");
    }
}
