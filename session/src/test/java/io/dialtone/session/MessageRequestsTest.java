package io.dialtone.session;

import io.dialtone.message.SipMethod;
import io.dialtone.message.SipRequest;
import io.dialtone.message.SipResponse;
import io.dialtone.message.SipUri;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static io.dialtone.session.SessionFixture.answer;
import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("RFC 3428 MESSAGE")
class MessageRequestsTest {
    private final SessionFixture f = new SessionFixture();
    private final List<SipRequest> received = new ArrayList<>();

    @AfterEach
    void closeMedia() {
        f.close();
    }

    private void listen(int status) {
        f.sessions.extensions().messageListener(m -> {
            received.add(m);
            return status;
        });
    }

    @Nested
    @DisplayName("§4 sending")
    class Sending {
        @Test
        void outsideADialogCompletesWithTheFinalResponse() {
            CompletableFuture<SipResponse> r = f.sessions.extensions().sendMessage("m1@127.0.0.1",
                    SipUri.of("bob", "127.0.0.1", 5070), "UDP", "text/plain", "hello".getBytes(StandardCharsets.UTF_8));
            SipRequest m = f.wire.lastRequest(SipMethod.MESSAGE);
            assertThat(m.bodyText()).isEqualTo("hello");
            assertThat(m.contentType()).contains("text/plain");
            assertThat(m.from().tag()).isNotBlank();
            assertThat(m.to().tag()).isNull();
            assertThat(m.header("Contact")).isEmpty();
            assertThat(f.wire.lastDestination().address().getPort()).isEqualTo(5070);
            f.receive(answer(m, 100).build());
            assertThat(r).isNotDone();
            f.receive(answer(m, 200).build());
            assertThat(r.join().statusCode()).isEqualTo(200);
            f.drainAndAssertIdle();
        }

        @Test
        @DisplayName("RFC 3261 §8.1.3.1: no response is a local 408")
        void timeoutIs408() {
            CompletableFuture<SipResponse> r = f.sessions.extensions().sendMessage("m2@127.0.0.1",
                    SipUri.of("bob", "127.0.0.1", 5070), "UDP", "text/plain", new byte[] {'x'});
            f.advance(31.9);
            assertThat(r).isNotDone();
            f.advance(0.2);
            assertThat(r.join().statusCode()).isEqualTo(408);
            f.drainAndAssertIdle();
        }

        @Test
        void insideADialog() {
            SipResponse ok = f.establish(f.invite());
            InviteSession s = f.incoming.get(0);
            CompletableFuture<SipResponse> r = f.sessions.extensions().sendMessage(s, "text/plain", "hi".getBytes(StandardCharsets.UTF_8));
            SipRequest m = f.wire.lastRequest(SipMethod.MESSAGE);
            assertThat(m.callId()).isEqualTo(ok.callId());
            assertThat(m.to().tag()).isEqualTo(SessionFixture.PEER_TAG);
            assertThat(m.header("Contact")).isEmpty();
            f.receive(answer(m, 200).build());
            assertThat(r.join().statusCode()).isEqualTo(200);
            s.hangup();
            f.receive(answer(f.wire.lastRequest(SipMethod.BYE), 200).build());
            f.drainAndAssertIdle();
        }
    }

    @Nested
    @DisplayName("§7 receiving")
    class Receiving {
        SipRequest message(String type, String body) {
            return f.outOfDialog(SipMethod.MESSAGE, b -> b.body(type, body));
        }

        @Test
        void acceptedByTheListenerGets200() {
            listen(200);
            f.receive(message("text/plain", "hello"));
            assertThat(f.wire.statuses(SipMethod.MESSAGE)).containsExactly(200);
            assertThat(received).singleElement().extracting(SipRequest::bodyText).isEqualTo("hello");
            f.drainAndAssertIdle();
        }

        @Test
        void aTypeTheListenerDoesNotTakeGets415WithAccept() {
            listen(200);
            f.receive(message("application/im-iscomposing+xml", "<x/>"));
            SipResponse r = f.wire.lastResponse(SipMethod.MESSAGE);
            assertThat(r.statusCode()).isEqualTo(415);
            assertThat(r.header("Accept")).contains("text/plain");
            assertThat(received).isEmpty();
            f.drainAndAssertIdle();
        }

        @Test
        void withoutListenerGets480() {
            f.receive(message("text/plain", "hello"));
            assertThat(f.wire.statuses(SipMethod.MESSAGE)).containsExactly(480);
            f.drainAndAssertIdle();
        }

        @Test
        void theListenersFailureIsTheAnswer() {
            listen(486);
            f.receive(message("text/plain", "hello"));
            assertThat(f.wire.statuses(SipMethod.MESSAGE)).containsExactly(486);
            f.drainAndAssertIdle();
        }

        @Test
        void insideADialog() {
            listen(200);
            SipResponse ok = f.establish(f.invite());
            f.receive(f.inDialog(SipMethod.MESSAGE, 2, ok, b -> b.body("text/plain", "in call")));
            assertThat(f.wire.statuses(SipMethod.MESSAGE)).containsExactly(200);
            assertThat(received.get(0).bodyText()).isEqualTo("in call");
            f.incoming.get(0).hangup();
            f.receive(answer(f.wire.lastRequest(SipMethod.BYE), 200).build());
            f.drainAndAssertIdle();
        }
    }
}
