package io.dialtone.transport.internal;

import io.dialtone.message.Via;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.DisplayName;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("RFC 3261 §18.2.2 with RFC 3581 §4: response destination")
class ResponseRouteTest {
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            SIP/2.0/UDP 10.0.0.1:5070;branch=z9hG4bK1                                      | UDP | 10.0.0.1  | 5070  | 5070
            SIP/2.0/UDP 10.0.0.1;branch=z9hG4bK1                                           | UDP | 10.0.0.1  | 5060  | 5060
            SIP/2.0/UDP host.example.com:5070;branch=z9hG4bK1;received=192.0.2.7           | UDP | 192.0.2.7 | 5070  | 5070
            SIP/2.0/UDP host.example.com;branch=z9hG4bK1;received=192.0.2.7                | UDP | 192.0.2.7 | 5060  | 5060
            SIP/2.0/UDP 10.0.0.1:5070;branch=z9hG4bK1;rport=40000;received=192.0.2.7       | UDP | 192.0.2.7 | 40000 | 40000
            SIP/2.0/UDP [2001:db8::1]:5070;branch=z9hG4bK1                                 | UDP | 2001:db8::1 | 5070 | 5070
            SIP/2.0/TCP 10.0.0.1:5070;branch=z9hG4bK1;rport=40000;received=192.0.2.7       | TCP | 192.0.2.7 | 40000 | 5070
            SIP/2.0/TCP 10.0.0.1;branch=z9hG4bK1;received=192.0.2.7                        | TCP | 192.0.2.7 | 5060  | 5060
            SIP/2.0/TLS 10.0.0.1;branch=z9hG4bK1                                           | TLS | 10.0.0.1  | 5061  | 5061
            """)
    void destination(String via, String transport, String host, int port, int connectPort) {
        assertThat(ResponseRoute.of(Via.parse(via)))
                .isEqualTo(new ResponseRoute(transport, host, port, connectPort));
    }
}
