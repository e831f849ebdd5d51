package io.dialtone.dialog;

import io.dialtone.message.NameAddr;
import io.dialtone.message.SipMethod;
import io.dialtone.message.SipRequest;
import io.dialtone.message.SipUri;
import io.dialtone.message.Via;
import io.dialtone.transport.Destination;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.InetSocketAddress;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("RFC 3261 §8.1.2, §12.2.1.1, RFC 3263 §4")
class NextHopTest {

    private static SipRequest request(String requestUri, String... routes) {
        SipRequest.Builder b = SipRequest.builder(SipMethod.BYE, SipUri.parse(requestUri))
                .addVia(Via.of("UDP", "192.0.2.9", 5060, "z9hG4bKnh"))
                .from(NameAddr.of(SipUri.of("alice", "example.com", -1)).withTag("a1"))
                .to(NameAddr.of(SipUri.of("bob", "example.com", -1)).withTag("b2"))
                .callId("nh@192.0.2.9").cseq(2, SipMethod.BYE).maxForwards(70);
        for (String r : routes) {
            b.header("Route", r);
        }
        return b.build();
    }

    @Test
    void firstRouteWinsOverRequestUri() {
        Destination d = NextHop.of(request("sip:bob@192.0.2.20:5070", "<sip:10.0.0.1:5080;lr>", "<sip:10.0.0.2;lr>"), "UDP");
        assertThat(d).isEqualTo(new Destination("UDP", new InetSocketAddress("10.0.0.1", 5080)));
    }

    @Test
    void withoutRouteTheRequestUriIsUsed() {
        Destination d = NextHop.of(request("sip:bob@192.0.2.20:5070"), "UDP");
        assertThat(d).isEqualTo(new Destination("UDP", new InetSocketAddress("192.0.2.20", 5070)));
    }

    @Test
    void transportParamOfRouteIsHonoured() {
        Destination d = NextHop.of(request("sip:bob@192.0.2.20", "<sip:10.0.0.1;transport=tcp;lr>"), "UDP");
        assertThat(d.transport()).isEqualTo("TCP");
        assertThat(d.reliable()).isTrue();
    }

    @ParameterizedTest(name = "{0} with default {1} -> {2} port {3}")
    @CsvSource({
            "sip:bob@192.0.2.20,                 UDP, UDP, 5060",
            "sip:bob@192.0.2.20,                 TCP, TCP, 5060",
            "sip:bob@192.0.2.20;transport=tcp,   UDP, TCP, 5060",
            "sip:bob@192.0.2.20;transport=TCP,   UDP, TCP, 5060",
            "sip:bob@192.0.2.20:5080;transport=udp, TCP, UDP, 5080",
            "sips:bob@192.0.2.20,                UDP, TLS, 5061",
            "sip:bob@[::1]:5070,                 UDP, UDP, 5070",
    })
    void transportAndPortFromUri(String uri, String defaultTransport, String transport, int port) {
        Destination d = NextHop.of(SipUri.parse(uri), defaultTransport);
        assertThat(d.transport()).isEqualTo(transport);
        assertThat(d.address().getPort()).isEqualTo(port);
    }

    @Test
    void ipv6BracketsAreStrippedForTheSocketAddress() {
        Destination d = NextHop.of(SipUri.parse("sip:bob@[::1]:5070"), "UDP");
        assertThat(d.address().getAddress().isLoopbackAddress()).isTrue();
    }
}
