package io.dialtone.transport.internal;

import io.dialtone.message.SipParser;
import io.dialtone.message.SipRequest;
import io.dialtone.message.Via;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("RFC 3261 §18.2.1 received, RFC 3581 §4 rport")
class ViaStampingTest {
    static final InetSocketAddress SOURCE = new InetSocketAddress("192.0.2.7", 40000);

    static Via stamp(String via) {
        return ViaStamping.stamp(Via.parse(via), SOURCE);
    }

    @Test
    void sameIpWithoutRportIsUnchanged() {
        Via v = Via.parse("SIP/2.0/UDP 192.0.2.7:5060;branch=z9hG4bK1");
        assertThat(ViaStamping.stamp(v, SOURCE)).isSameAs(v);
    }

    @Test
    void differentIpGetsReceived() {
        Via v = stamp("SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bK1");
        assertThat(v.received()).isEqualTo("192.0.2.7");
        assertThat(v.hasRport()).isFalse();
    }

    @Test
    void domainNameGetsReceived() {
        assertThat(stamp("SIP/2.0/UDP pc33.example.com;branch=z9hG4bK1").received()).isEqualTo("192.0.2.7");
    }

    @Test
    void bareRportGetsSourcePortAndReceivedEvenWhenHostMatches() {
        Via v = stamp("SIP/2.0/UDP 192.0.2.7:5060;branch=z9hG4bK1;rport");
        assertThat(v.rport()).hasValue(40000);
        assertThat(v.received()).isEqualTo("192.0.2.7");
    }

    @Test
    void rportWithValueIsLeftAlone() {
        Via v = stamp("SIP/2.0/UDP 192.0.2.7:5060;branch=z9hG4bK1;rport=1234");
        assertThat(v.rport()).hasValue(1234);
        assertThat(v.received()).isNull();
    }

    @Test
    void ipv6LiteralMatchingTheSourceIsUnchanged() {
        Via v = Via.parse("SIP/2.0/UDP [::1]:5060;branch=z9hG4bK1");
        assertThat(ViaStamping.stamp(v, new InetSocketAddress("::1", 5060))).isSameAs(v);
    }

    @Test
    void requestTopViaIsReplacedAndOthersKept() {
        String raw = "OPTIONS sip:bob@192.0.2.1 SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bK1;rport, SIP/2.0/UDP 10.0.0.2;branch=z9hG4bK0\r\n"
                + "From: <sip:alice@a>;tag=a\r\nTo: <sip:bob@b>\r\nCall-ID: c\r\nCSeq: 1 OPTIONS\r\n"
                + "Content-Length: 0\r\n\r\n";
        SipRequest req = (SipRequest) SipParser.parse(raw.getBytes(StandardCharsets.UTF_8));
        SipRequest out = ViaStamping.stamp(req, SOURCE);
        assertThat(out.vias()).hasSize(2);
        assertThat(out.topVia().received()).isEqualTo("192.0.2.7");
        assertThat(out.topVia().rport()).hasValue(40000);
        assertThat(out.topVia().branch()).isEqualTo("z9hG4bK1");
        assertThat(out.vias().get(1).host()).isEqualTo("10.0.0.2");
    }
}
