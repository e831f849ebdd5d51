package io.dialtone.session;

import io.dialtone.message.NameAddr;
import io.dialtone.message.SipMethod;
import io.dialtone.message.SipRequest;
import io.dialtone.message.SipResponse;
import io.dialtone.message.SipUri;
import io.dialtone.message.Via;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("RFC 4028 §7.2, §9, §10")
class SessionTimerNegotiationTest {

    /** An INVITE; empty strings leave a header out. */
    private static SipRequest invite(String supported, String require, String sessionExpires, String minSe) {
        SipRequest.Builder b = SipRequest.builder(SipMethod.INVITE, SipUri.of("bob", "192.0.2.20", -1))
                .addVia(Via.of("UDP", "192.0.2.9", 5060, "z9hG4bKst"))
                .from(NameAddr.of(SipUri.of("alice", "192.0.2.9", -1)).withTag("a1"))
                .to(NameAddr.of(SipUri.of("bob", "192.0.2.20", -1)))
                .callId("st@192.0.2.9").cseq(1, SipMethod.INVITE).maxForwards(70);
        if (!supported.isEmpty()) {
            b.header("Supported", supported);
        }
        if (!require.isEmpty()) {
            b.header("Require", require);
        }
        if (!sessionExpires.isEmpty()) {
            b.header("Session-Expires", sessionExpires);
        }
        if (!minSe.isEmpty()) {
            b.header("Min-SE", minSe);
        }
        return b.build();
    }

    @Nested
    @DisplayName("UAS §9")
    class Uas {
        @ParameterizedTest(name = "Supported [{0}] Require [{1}] SE [{2}] Min-SE [{3}] preferred {4} min {5} -> 422 {6}, SE {7};refresher={8}, Require timer {9}")
        @CsvSource(delimiter = '|', nullValues = "null", value = {
                // supported   | require | Session-Expires        | Min-SE | pref | min | 422 | interval | refresher | requireTimer
                // refresher table of §9
                "timer         |         | 1800                   |        | 0    | 90  | 0   | 1800     | uac       | true",
                "timer         |         | 1800;refresher=uac     |        | 0    | 90  | 0   | 1800     | uac       | true",
                "timer         |         | 1800;refresher=uas     |        | 0    | 90  | 0   | 1800     | uas       | true",
                "              |         | 1800                   |        | 0    | 90  | 0   | 1800     | uas       | false",
                "              |         | 1800;refresher=uac     |        | 0    | 90  | 0   | 1800     | uas       | false",
                "100rel        |         | 1800                   |        | 0    | 90  | 0   | 1800     | uas       | false",
                "              | timer   | 1800;refresher=uas     |        | 0    | 90  | 0   | 1800     | uas       | true",
                "100rel, TIMER |         | 1800                   |        | 0    | 90  | 0   | 1800     | uac       | true",
                // too small: 422 with our Min-SE, or the request's when larger
                "timer         |         | 60                     |        | 0    | 90  | 90  | 0        | null      | false",
                "timer         |         | 100                    | 100    | 0    | 120 | 120 | 0        | null      | false",
                "timer         |         | 89                     | 90     | 0    | 90  | 90  | 0        | null      | false",
                "timer         |         | 90                     |        | 0    | 90  | 0   | 90       | uac       | true",
                // the UAS may reduce the interval, never below Min-SE, and never increase it
                "timer         |         | 1800                   |        | 600  | 90  | 0   | 600      | uac       | true",
                "timer         |         | 1800                   | 900    | 600  | 90  | 0   | 900      | uac       | true",
                "timer         |         | 1800                   |        | 600  | 720 | 0   | 720      | uac       | true",
                "timer         |         | 300;refresher=uas      |        | 600  | 90  | 0   | 300      | uas       | true",
                // no Session-Expires in the request: a timer only when we want one
                "timer         |         |                        |        | 0    | 90  | 0   | 0        | null      | false",
                "              |         |                        |        | 0    | 90  | 0   | 0        | null      | false",
                "timer         |         |                        |        | 1800 | 90  | 0   | 1800     | uac       | true",
                "              |         |                        |        | 1800 | 90  | 0   | 1800     | uas       | false",
                "timer         |         |                        | 2000   | 1800 | 90  | 0   | 2000     | uac       | true",
        })
        void decides(String supported, String require, String sessionExpires, String minSe, long preferred, long minSeSec,
                     long reject, long interval, String refresher, boolean requireTimer) {
            SessionTimerNegotiation.UasDecision d = SessionTimerNegotiation.uas(
                    invite(blank(supported), blank(require), blank(sessionExpires), blank(minSe)), preferred, minSeSec);
            assertThat(d.rejectMinSe()).as("422 Min-SE").isEqualTo(reject);
            assertThat(d.rejected()).isEqualTo(reject > 0);
            if (reject == 0) {
                assertThat(d.intervalSec()).as("interval").isEqualTo(interval);
                assertThat(d.refresher()).as("refresher").isEqualTo(refresher);
                assertThat(d.uasRefreshes()).isEqualTo("uas".equals(refresher));
                assertThat(d.requireTimer()).as("Require: timer").isEqualTo(requireTimer);
            }
        }

        private static String blank(String s) {
            return s == null ? "" : s;
        }
    }

    @Nested
    @DisplayName("UAC §7.2")
    class Uac {
        @ParameterizedTest(name = "2xx SE [{0}] after asking {1} -> interval {2}, UAC refreshes {3}")
        @CsvSource(delimiter = '|', value = {
                "1800;refresher=uac | 1800 | 1800 | true",
                "1800;refresher=uas | 1800 | 1800 | false",
                "900;refresher=uac  | 1800 | 900  | true",
                "900;refresher=uas  | 0    | 900  | false",
                "                   | 0    | 0    | false",
                // §7.2: "If the 2xx response did not contain a Session-Expires header field, there is no session expiration."
                "                   | 1800 | 0    | false",
        })
        void concludes(String sessionExpires, long requested, long interval, boolean uacRefreshes) {
            SipRequest inv = invite("timer", "", requested > 0 ? Long.toString(requested) : "", "");
            SipResponse.Builder b = SipResponse.to(inv, 200).toTag("b2");
            if (sessionExpires != null && !sessionExpires.isEmpty()) {
                b.header("Session-Expires", sessionExpires);
            }
            SessionTimerNegotiation.Uac u = SessionTimerNegotiation.uac(b.build(), requested);
            assertThat(u.intervalSec()).as("interval").isEqualTo(interval);
            if (interval > 0) {
                assertThat(u.uacRefreshes()).as("UAC refreshes").isEqualTo(uacRefreshes);
            }
        }
    }

    @Nested
    @DisplayName("expiry §10")
    class Expiry {
        @ParameterizedTest(name = "interval {0} s -> BYE after {1} ms")
        @CsvSource({
                "90,   60000",
                "60,   40000",
                "96,   64000",
                "120,  88000",
                "1800, 1768000",
                "3600, 3568000",
        })
        void byeAtIntervalMinusMinOf32AndAThird(long intervalSec, long millis) {
            assertThat(SessionTimerNegotiation.expiryMillis(intervalSec)).isEqualTo(millis);
        }
    }
}
