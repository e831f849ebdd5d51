package io.dialtone.session;

import io.dialtone.message.SipMethod;
import io.dialtone.message.SipRequest;
import io.dialtone.message.SipResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("DTMF in SIP INFO (RFC 6086, application/dtmf-relay)")
class InfoDtmfTest {
    private final SessionFixture f = new SessionFixture();

    @AfterEach
    void closeMedia() {
        f.close();
    }

    private InviteSession established() {
        f.establish(f.invite());
        return f.incoming.get(0);
    }

    private SipRequest info(long cseq, String type, String body) {
        SipResponse ok = f.wire.lastResponse(200, SipMethod.INVITE);
        return f.inDialog(SipMethod.INFO, cseq, ok, b -> {
            if (type != null) {
                b.body(type, body.getBytes());
            }
        });
    }

    private void hangUpAndDrain(InviteSession s) {
        s.hangup();
        f.receive(SessionFixture.answer(f.wire.lastRequest(SipMethod.BYE), 200).build());
        f.drainAndAssertIdle();
    }

    @Nested
    class Receiving {
        @Test
        void dtmfRelayDigitReachesTheHandlerAndGets200() {
            InviteSession s = established();
            List<Character> digits = new ArrayList<>();
            s.dtmfHandler(digits::add);
            f.receive(info(2, "application/dtmf-relay", "Signal=5\r\nDuration=160\r\n"));
            f.receive(info(3, "application/dtmf-relay", "signal = #\nduration=100\n"));
            f.receive(info(4, "application/dtmf", "*"));
            assertThat(f.wire.statuses(SipMethod.INFO)).containsExactly(200, 200, 200);
            assertThat(digits).containsExactly('5', '#', '*');
            assertThat(s.dtmfReceived()).isEqualTo("5#*");
            hangUpAndDrain(s);
        }

        @ParameterizedTest(name = "{0} {1} -> {2}")
        @CsvSource(delimiter = '|', value = {
                "application/json        | {}          | 415",
                "application/dtmf-relay  | Signal=x    | 400",
                "application/dtmf-relay  | Duration=10 | 400",
        })
        void otherBodiesAreRefused(String type, String body, int status) {
            InviteSession s = established();
            f.receive(info(2, type, body));
            assertThat(f.wire.statuses(SipMethod.INFO)).containsExactly(status);
            if (status == 415) {
                assertThat(f.wire.lastResponse(SipMethod.INFO).header("Accept")).hasValueSatisfying(
                        v -> assertThat(v).contains("application/dtmf-relay"));
            }
            assertThat(s.dtmfReceived()).isEmpty();
            hangUpAndDrain(s);
        }

        @Test
        void emptyInfoGets200() {
            InviteSession s = established();
            f.receive(info(2, null, null));
            assertThat(f.wire.statuses(SipMethod.INFO)).containsExactly(200);
            hangUpAndDrain(s);
        }
    }

    @Nested
    class Sending {
        @Test
        void oneInfoPerDigitEachAfterThePreviousFinalResponse() {
            InviteSession s = established();
            CompletableFuture<Void> done = s.sendDtmf("1#", 160, DtmfMode.INFO);
            List<SipRequest> infos = f.wire.requests(SipMethod.INFO);
            assertThat(infos).hasSize(1);
            assertThat(infos.get(0).contentType()).contains("application/dtmf-relay");
            assertThat(infos.get(0).bodyText()).isEqualTo("Signal=1\r\nDuration=160\r\n");
            f.advance(0.4);
            assertThat(f.wire.requests(SipMethod.INFO)).hasSize(1);
            f.receive(SessionFixture.answer(infos.get(0), 200).build());
            SipRequest second = f.wire.lastRequest(SipMethod.INFO);
            assertThat(second.bodyText()).isEqualTo("Signal=#\r\nDuration=160\r\n");
            assertThat(second.cseq().number()).isEqualTo(infos.get(0).cseq().number() + 1);
            assertThat(done).isNotDone();
            f.receive(SessionFixture.answer(second, 200).build());
            assertThat(done).isCompleted();
            hangUpAndDrain(s);
        }

        @Test
        void aFailureStopsTheSequence() {
            InviteSession s = established();
            CompletableFuture<Void> done = s.sendDtmf("12", 100, DtmfMode.INFO);
            f.receive(SessionFixture.answer(f.wire.lastRequest(SipMethod.INFO), 415).build());
            assertThat(done).isCompletedExceptionally();
            assertThat(f.wire.requests(SipMethod.INFO)).hasSize(1);
            hangUpAndDrain(s);
        }

        @Test
        void badDigitsAreRejected() {
            InviteSession s = established();
            assertThatThrownBy(() -> s.sendDtmf("1x", 100, DtmfMode.INFO)).isInstanceOf(IllegalArgumentException.class);
            hangUpAndDrain(s);
        }
    }
}
