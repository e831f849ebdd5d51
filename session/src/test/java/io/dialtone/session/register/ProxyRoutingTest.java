package io.dialtone.session.register;

import io.dialtone.message.SipMethod;
import io.dialtone.message.SipRequest;
import io.dialtone.message.SipResponse;
import io.dialtone.transaction.CancelRequests;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("RFC 3261 §16 routing requests for registered AORs")
class ProxyRoutingTest {
    static final InetSocketAddress CALLEE = new InetSocketAddress("127.0.0.1", 5080);
    private final RegisterFixture f = new RegisterFixture();

    @BeforeEach
    void registerAlice() {
        f.bind("alice", "<sip:alice@127.0.0.1:5080>", 3600);
    }

    @AfterEach
    void close() {
        f.close();
    }

    SipRequest invite() {
        return f.outOfDialog(SipMethod.INVITE, "alice", "call-1", b -> b.body("application/sdp", "v=0\r\n"));
    }

    SipRequest forwarded(String method) {
        return f.wire.lastRequest(method);
    }

    @Nested
    class Forwarding {
        @Test
        void anInviteForARegisteredAorGoesToTheContact() {
            SipRequest inv = invite();
            f.receive(inv);
            assertThat(f.wire.statuses(SipMethod.INVITE)).containsExactly(100);                 // §16.2
            SipRequest fwd = forwarded(SipMethod.INVITE);
            assertThat(fwd.requestUri().toString()).isEqualTo("sip:alice@127.0.0.1:5080");      // §16.6 step 2
            assertThat(fwd.maxForwards()).isEqualTo(69);                                         // step 3
            assertThat(fwd.vias()).hasSize(2);                                                   // step 8
            assertThat(fwd.topVia().host()).isEqualTo("127.0.0.1");
            assertThat(fwd.topVia().port()).isEqualTo(5060);
            assertThat(fwd.vias().get(1)).isEqualTo(inv.topVia());
            assertThat(fwd.topVia().branch()).startsWith("z9hG4bK").isNotEqualTo(inv.topVia().branch());
            assertThat(fwd.headerValues("Record-Route")).isEmpty();
            assertThat(fwd.body()).isEqualTo(inv.body());
            assertThat(f.wire.lastDestination(SipMethod.INVITE).address()).isEqualTo(CALLEE);
        }

        @Test
        void provisionalsAndTheOkAreRelayedWithoutOurVia() {
            f.receive(invite());
            SipRequest fwd = forwarded(SipMethod.INVITE);
            f.receiveFromCallee(RegisterFixture.answer(fwd, 100).build());
            f.receiveFromCallee(RegisterFixture.answer(fwd, 180).build());
            f.receiveFromCallee(RegisterFixture.answer(fwd, 200).build());
            assertThat(f.wire.statuses(SipMethod.INVITE)).containsExactly(100, 180, 200);        // §16.7 step 3: not the 100
            SipResponse ok = f.wire.lastResponse(SipMethod.INVITE);
            assertThat(ok.vias()).hasSize(1);
            assertThat(ok.topVia().port()).isEqualTo(5070);
            assertThat(ok.to().tag()).isEqualTo("callee1");
            assertThat(ok.contacts().get(0).uri().toString()).isEqualTo("sip:alice@127.0.0.1:5080");
            assertThat(f.registrar.proxy().activeForwards()).isZero();
        }

        @Test
        void retransmittedOksAreRelayedToo() {                                                 // §16.7 step 5
            f.receive(invite());
            SipRequest fwd = forwarded(SipMethod.INVITE);
            SipResponse ok = RegisterFixture.answer(fwd, 200).build();
            f.receiveFromCallee(ok);
            f.receiveFromCallee(ok);
            f.advance(40); // the client transaction has ended: a stray 2xx is relayed statelessly
            f.receiveFromCallee(ok);
            assertThat(f.wire.statuses(SipMethod.INVITE)).containsExactly(100, 200, 200, 200);
        }

        @Test
        void aFailureIsRelayedAndAckedHopByHop() {
            f.receive(invite());
            SipRequest fwd = forwarded(SipMethod.INVITE);
            f.receiveFromCallee(RegisterFixture.answer(fwd, 486).build());
            assertThat(f.wire.statuses(SipMethod.INVITE)).containsExactly(100, 486);
            SipRequest ack = f.wire.lastRequest(SipMethod.ACK);                                   // §17.1.1.3
            assertThat(ack.topVia().branch()).isEqualTo(fwd.topVia().branch());
        }

        @Test
        void a503IsRelayedAs500() {                                                            // §16.7 step 6
            f.receive(invite());
            f.receiveFromCallee(RegisterFixture.answer(forwarded(SipMethod.INVITE), 503).build());
            assertThat(f.wire.statuses(SipMethod.INVITE)).containsExactly(100, 500);
        }

        @Test
        void noAnswerGives408() {
            f.receive(invite());
            f.advance(32); // Timer B
            assertThat(f.wire.statuses(SipMethod.INVITE)).containsExactly(100, 408);
        }

        @Test
        void aTransportErrorGives500() {                                                       // §16.9
            f.wire.unreachable = CALLEE;
            f.receive(invite());
            f.time.runPending(); // the transaction reports send failures on the executor, not inline
            assertThat(f.wire.statuses(SipMethod.INVITE)).last().isEqualTo(500);
        }

        @Test
        void aMessageIsForwardedWithoutTrying() {
            f.receive(f.outOfDialog(SipMethod.MESSAGE, "alice", "m-1", b -> b.body("text/plain", "hi")));
            SipRequest fwd = forwarded(SipMethod.MESSAGE);
            assertThat(fwd.requestUri().toString()).isEqualTo("sip:alice@127.0.0.1:5080");
            f.receiveFromCallee(RegisterFixture.answer(fwd, 202).build());
            assertThat(f.wire.statuses(SipMethod.MESSAGE)).containsExactly(202);
        }

        @Test
        void aRouteNamingUsIsRemoved() {                                                       // §16.4
            f.receive(f.outOfDialog(SipMethod.OPTIONS, "alice", "o-1", b -> b.header("Route", "<sip:127.0.0.1:5060;lr>")));
            assertThat(forwarded(SipMethod.OPTIONS).routes()).isEmpty();
        }

        @Test
        void maxForwardsZeroGets483() {
            f.receive(f.outOfDialog(SipMethod.OPTIONS, "alice", "o-1", b -> b.maxForwards(0)));
            assertThat(f.wire.statuses(SipMethod.OPTIONS)).containsExactly(483);
            assertThat(f.wire.requests(SipMethod.OPTIONS)).isEmpty();
        }

        @Test
        void aProxyRequireGets420() {
            f.receive(f.outOfDialog(SipMethod.OPTIONS, "alice", "o-1", b -> b.header("Proxy-Require", "foo")));
            assertThat(f.wire.statuses(SipMethod.OPTIONS)).containsExactly(420);
        }

        @Test
        void theMostPreferredBindingIsChosen() {
            f.receive(f.register("alice", "bind-alice-<sip:alice@127.0.0.1:5080>", 2,
                    b -> b.header("Contact", "<sip:alice@127.0.0.1:5080>;q=0.5")));
            f.receive(f.register("alice", "other", 1, b -> b.header("Contact", "<sip:alice@127.0.0.1:5099>;q=0.9")));
            f.receive(f.register("alice", "low", 1, b -> b.header("Contact", "<sip:alice@127.0.0.1:5098>;q=0.1")));
            f.receive(invite());
            assertThat(f.wire.lastDestination(SipMethod.INVITE).address().getPort()).isEqualTo(5099);
        }
    }

    @Nested
    class Unknown {
        @Test
        void anUnknownAorGets404() {
            f.receive(f.outOfDialog(SipMethod.INVITE, "bob", "c-2", b -> { }));
            assertThat(f.wire.statuses(SipMethod.INVITE)).containsExactly(404);
        }

        @Test
        void aKnownAorWithoutBindingsGets480() {
            f.receive(f.register("alice", "bind-alice-<sip:alice@127.0.0.1:5080>", 2, b -> b.header("Contact", "*").header("Expires", "0")));
            f.receive(invite());
            assertThat(f.wire.statuses(SipMethod.INVITE)).containsExactly(480);
        }

        @Test
        void requestsForOurOwnUserStayWithTheUaCore() {
            f.receive(f.outOfDialog(SipMethod.OPTIONS, "dialtone", "o-2", b -> { }));
            SipResponse ok = f.wire.lastResponse(SipMethod.OPTIONS);
            assertThat(ok.statusCode()).isEqualTo(200);
            assertThat(ok.header("Allow")).isPresent();
            assertThat(f.wire.requests(SipMethod.OPTIONS)).isEmpty();
        }
    }

    @Nested
    class Cancelling {                                                                           // §16.10
        @Test
        void aCancelAfterAProvisionalIsForwardedAndThe487Relayed() {
            SipRequest inv = invite();
            f.receive(inv);
            SipRequest fwd = forwarded(SipMethod.INVITE);
            f.receiveFromCallee(RegisterFixture.answer(fwd, 180).build());
            f.receive(CancelRequests.create(inv));
            assertThat(f.wire.statuses(SipMethod.CANCEL)).containsExactly(200);
            SipRequest cancel = f.wire.lastRequest(SipMethod.CANCEL);
            assertThat(cancel.topVia().branch()).isEqualTo(fwd.topVia().branch());
            assertThat(cancel.requestUri()).isEqualTo(fwd.requestUri());
            f.receiveFromCallee(SipResponse.to(cancel, 200).toTag("callee1").build());
            f.receiveFromCallee(RegisterFixture.answer(fwd, 487).build());
            assertThat(f.wire.statuses(SipMethod.INVITE)).containsExactly(100, 180, 487);
        }

        @Test
        void aCancelBeforeAnyProvisionalWaitsForOne() {                                          // §9.1
            SipRequest inv = invite();
            f.receive(inv);
            f.receive(CancelRequests.create(inv));
            assertThat(f.wire.requests(SipMethod.CANCEL)).isEmpty();
            f.receiveFromCallee(RegisterFixture.answer(forwarded(SipMethod.INVITE), 180).build());
            assertThat(f.wire.requests(SipMethod.CANCEL)).hasSize(1);
        }

        @Test
        void timerCCancelsAnInviteThatOnlyRings() {                                             // §16.6 step 11
            f.receive(invite());
            SipRequest fwd = forwarded(SipMethod.INVITE);
            f.receiveFromCallee(RegisterFixture.answer(fwd, 180).build());
            f.advance(180);
            assertThat(f.wire.requests(SipMethod.CANCEL)).isEmpty();
            f.advance(1); // 181 s: "larger than 3 minutes"
            assertThat(f.wire.requests(SipMethod.CANCEL)).hasSize(1);
        }
    }
}
