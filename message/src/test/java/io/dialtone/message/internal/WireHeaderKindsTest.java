package io.dialtone.message.internal;

import io.dialtone.message.HeaderNames;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("RFC 3261 §7.3.1, §7.3.3: header name ids")
class WireHeaderKindsTest {

    @Test
    void theIdentityProbeAgreesWithTheByteLookupForEveryConstant() {
        String[] names = {HeaderNames.VIA, HeaderNames.FROM, HeaderNames.TO, HeaderNames.CALL_ID, HeaderNames.CSEQ,
                HeaderNames.MAX_FORWARDS, HeaderNames.CONTACT, HeaderNames.ROUTE, HeaderNames.RECORD_ROUTE,
                HeaderNames.CONTENT_TYPE, HeaderNames.CONTENT_LENGTH, HeaderNames.ALLOW, HeaderNames.SUPPORTED,
                HeaderNames.REQUIRE, HeaderNames.UNSUPPORTED, HeaderNames.SESSION_EXPIRES, HeaderNames.MIN_SE,
                HeaderNames.USER_AGENT, HeaderNames.SERVER, HeaderNames.ACCEPT, HeaderNames.EXPIRES, HeaderNames.REASON,
                "Allow-Events", "Event", "Subject", "RSeq"};
        for (String name : names) {
            byte[] b = name.getBytes(StandardCharsets.US_ASCII);
            assertThat(WireHeaderKinds.ofConstant(name)).as(name).isEqualTo(WireHeaderKinds.of(b, 0, b.length))
                    .isEqualTo(WireHeaderKinds.of(name));
        }
        for (int k = 1; k <= WireHeaderKinds.RECORD_ROUTE; k++) {
            assertThat(WireHeaderKinds.ofConstant(WireHeaderKinds.name(k))).isEqualTo(k);
        }
    }

    @Test
    void anEqualStringThatIsNotTheConstantIsLeftToTheByteLookup() {
        assertThat(WireHeaderKinds.ofConstant(new String("Via"))).isEqualTo(-1);
        assertThat(WireHeaderKinds.ofConstant("via")).isEqualTo(-1);
        assertThat(WireHeaderKinds.ofConstant("X-Custom")).isEqualTo(-1);
        assertThat(WireHeaderKinds.ofConstant("v")).isEqualTo(-1);
    }
}
