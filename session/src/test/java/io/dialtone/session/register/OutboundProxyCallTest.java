package io.dialtone.session.register;

import io.dialtone.message.NameAddr;
import io.dialtone.message.SipMethod;
import io.dialtone.message.SipRequest;
import io.dialtone.message.SipUri;
import io.dialtone.rtp.SilenceSource;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("RFC 3261 §8.1.2 outbound proxy for a new call")
class OutboundProxyCallTest {
    @Test
    void theInviteCarriesTheRouteAndGoesToTheProxyWithTheRequestUriUnchanged() {
        try (RegisterFixture f = new RegisterFixture()) {
            SipUri target = SipUri.parse("sip:alice@example.invalid");
            f.sessions.call("out-1@127.0.0.1", target, "UDP", SilenceSource.INSTANCE, (frame, n) -> { },
                    List.of(NameAddr.of(SipUri.parse("sip:127.0.0.1:5095;lr"))));
            SipRequest invite = f.wire.lastRequest(SipMethod.INVITE);
            assertThat(invite.requestUri()).isEqualTo(target);
            assertThat(invite.routes()).extracting(NameAddr::toString).containsExactly("<sip:127.0.0.1:5095;lr>");
            assertThat(f.wire.lastDestination(SipMethod.INVITE).address()).isEqualTo(new InetSocketAddress("127.0.0.1", 5095));
        }
    }
}
