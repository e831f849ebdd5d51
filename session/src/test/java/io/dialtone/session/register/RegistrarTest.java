package io.dialtone.session.register;

import io.dialtone.message.NameAddr;
import io.dialtone.message.SipMethod;
import io.dialtone.message.SipResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("RFC 3261 §10.3 registrar")
class RegistrarTest {
    private final RegisterFixture f = new RegisterFixture();

    @AfterEach
    void close() {
        f.close();
    }

    private SipResponse lastRegisterResponse() {
        return f.wire.lastResponse(SipMethod.REGISTER);
    }

    @Nested
    class Binding {
        @Test
        void registerBindsAndTheOkListsTheBindingWithExpiresAndDate() {
            SipResponse ok = f.bind("alice", "<sip:alice@127.0.0.1:5080>", 600);
            assertThat(ok.contacts()).hasSize(1);
            NameAddr c = ok.contacts().get(0);
            assertThat(c.uri().toString()).isEqualTo("sip:alice@127.0.0.1:5080");
            assertThat(c.params().get("expires")).contains("600");
            assertThat(ok.header("Date")).contains("Sat, 21 Nov 2026 00:00:00 GMT");
            assertThat(ok.to().tag()).isNotNull();
            assertThat(f.locations.lookup("sip:alice@127.0.0.1", f.clock.instant())).hasSize(1);
        }

        @Test
        void theOkListsEveryCurrentBindingWithItsRemainingTime() {
            f.bind("alice", "<sip:alice@127.0.0.1:5080>", 600);
            f.advance(100);
            f.receive(f.register("alice", "other-device", 1, b -> b.header("Contact", "<sip:alice@127.0.0.1:5090>;expires=300")));
            SipResponse ok = lastRegisterResponse();
            assertThat(ok.contacts()).extracting(c -> c.uri().toString() + " " + c.params().get("expires").orElseThrow())
                    .containsExactlyInAnyOrder("sip:alice@127.0.0.1:5080 500", "sip:alice@127.0.0.1:5090 300");
        }

        @Test
        void aRegisterWithoutContactIsAQueryAndChangesNothing() {
            f.bind("alice", "<sip:alice@127.0.0.1:5080>", 600);
            f.receive(f.register("alice", "query", 1, b -> { }));
            SipResponse ok = lastRegisterResponse();
            assertThat(ok.statusCode()).isEqualTo(200);
            assertThat(ok.contacts()).extracting(c -> c.uri().toString()).containsExactly("sip:alice@127.0.0.1:5080");
        }

        @Test
        void contactExpiresParameterWinsOverTheExpiresHeader() {
            f.receive(f.register("alice", "c1", 1, b -> b.header("Contact", "<sip:alice@127.0.0.1:5080>;expires=120")
                    .header("Expires", "900")));
            assertThat(lastRegisterResponse().contacts().get(0).params().get("expires")).contains("120");
        }

        @Test
        void noExpiryAnywhereGetsTheDefault() {
            f.receive(f.register("alice", "c1", 1, b -> b.header("Contact", "<sip:alice@127.0.0.1:5080>")));
            assertThat(lastRegisterResponse().contacts().get(0).params().get("expires")).contains("3600");
        }

        @Test
        void anExpiryAboveTheMaximumIsShortened() {
            f.receive(f.register("alice", "c1", 1, b -> b.header("Contact", "<sip:alice@127.0.0.1:5080>").header("Expires", "999999")));
            assertThat(lastRegisterResponse().contacts().get(0).params().get("expires")).contains("7200");
        }

        @Test
        void anExpiryBelowMinExpiresGets423WithMinExpires() {
            f.receive(f.register("alice", "c1", 1, b -> b.header("Contact", "<sip:alice@127.0.0.1:5080>").header("Expires", "30")));
            SipResponse r = lastRegisterResponse();
            assertThat(r.statusCode()).isEqualTo(423);
            assertThat(r.header("Min-Expires")).contains("60");
            assertThat(f.locations.size()).isZero();
        }

        @Test
        void aRefreshWithTheSameCallIdAndAHigherCSeqUpdatesTheBinding() {
            f.receive(f.register("alice", "c1", 1, b -> b.header("Contact", "<sip:alice@127.0.0.1:5080>").header("Expires", "600")));
            f.advance(300);
            f.receive(f.register("alice", "c1", 2, b -> b.header("Contact", "<sip:alice@127.0.0.1:5080>").header("Expires", "600")));
            SipResponse ok = lastRegisterResponse();
            assertThat(ok.contacts()).hasSize(1);
            assertThat(ok.contacts().get(0).params().get("expires")).contains("600");
        }

        @Test
        void theSameCallIdWithACSeqNotHigherGets500AndChangesNothing() {
            f.receive(f.register("alice", "c1", 5, b -> b.header("Contact", "<sip:alice@127.0.0.1:5080>").header("Expires", "600")));
            f.receive(f.register("alice", "c1", 5, b -> b.header("Contact", "<sip:alice@127.0.0.1:5080>").header("Expires", "0")));
            assertThat(lastRegisterResponse().statusCode()).isEqualTo(500);
            f.receive(f.register("alice", "c1", 4, b -> b.header("Contact", "<sip:alice@127.0.0.1:5080>").header("Expires", "0")));
            assertThat(lastRegisterResponse().statusCode()).isEqualTo(500);
            assertThat(f.locations.lookup("sip:alice@127.0.0.1", f.clock.instant())).hasSize(1);
        }

        @Test
        void expiresZeroRemovesThatContactOnly() {
            f.bind("alice", "<sip:alice@127.0.0.1:5080>", 600);
            f.receive(f.register("alice", "d2", 1, b -> b.header("Contact", "<sip:alice@127.0.0.1:5090>").header("Expires", "600")));
            f.receive(f.register("alice", "d2", 2, b -> b.header("Contact", "<sip:alice@127.0.0.1:5090>;expires=0")));
            assertThat(lastRegisterResponse().contacts()).extracting(c -> c.uri().toString())
                    .containsExactly("sip:alice@127.0.0.1:5080");
        }

        @Test
        void theSameInstanceAndRegIdReplacesTheOldContact() { // RFC 5626 §6
            String inst = "+sip.instance=\"<urn:uuid:00000000-0000-0000-0000-000000000001>\";reg-id=1";
            f.receive(f.register("alice", "i1", 1, b -> b.header("Contact", "<sip:alice@127.0.0.1:5080>;" + inst)));
            f.receive(f.register("alice", "i2", 1, b -> b.header("Contact", "<sip:alice@10.0.0.7:5080>;" + inst)));
            SipResponse ok = lastRegisterResponse();
            assertThat(ok.contacts()).hasSize(1);
            assertThat(ok.contacts().get(0).uri().toString()).isEqualTo("sip:alice@10.0.0.7:5080");
            assertThat(ok.contacts().get(0).params().get("+sip.instance"))
                    .contains("\"<urn:uuid:00000000-0000-0000-0000-000000000001>\"");
            assertThat(ok.contacts().get(0).params().get("reg-id")).contains("1");
        }

        @Test
        void bindingsLapseAtTheirExpiry() {
            f.bind("alice", "<sip:alice@127.0.0.1:5080>", 60);
            f.advance(59);
            assertThat(f.locations.lookup("sip:alice@127.0.0.1", f.clock.instant())).hasSize(1);
            f.advance(1);
            assertThat(f.locations.lookup("sip:alice@127.0.0.1", f.clock.instant())).isEmpty();
            f.receive(f.register("alice", "q", 1, b -> { }));
            assertThat(lastRegisterResponse().contacts()).isEmpty();
        }

        @Test
        void theRegistrarPurgesExpiredBindingsPeriodically() {
            f.registrar.purgeEvery(Duration.ofSeconds(30));
            f.bind("alice", "<sip:alice@127.0.0.1:5080>", 60);
            assertThat(f.locations.size()).isEqualTo(1);
            f.advance(90);
            assertThat(f.locations.size()).isZero();
        }
    }

    @Nested
    class Wildcard {
        @Test
        void starWithExpiresZeroRemovesEveryBinding() {
            f.bind("alice", "<sip:alice@127.0.0.1:5080>", 600);
            f.receive(f.register("alice", "d2", 1, b -> b.header("Contact", "<sip:alice@127.0.0.1:5090>").header("Expires", "600")));
            f.receive(f.register("alice", "w", 1, b -> b.header("Contact", "*").header("Expires", "0")));
            SipResponse ok = lastRegisterResponse();
            assertThat(ok.statusCode()).isEqualTo(200);
            assertThat(ok.contacts()).isEmpty();
            assertThat(f.locations.lookup("sip:alice@127.0.0.1", f.clock.instant())).isEmpty();
        }

        @Test
        void starWithoutExpiresZeroIs400() {
            f.bind("alice", "<sip:alice@127.0.0.1:5080>", 600);
            f.receive(f.register("alice", "w", 1, b -> b.header("Contact", "*").header("Expires", "60")));
            assertThat(lastRegisterResponse().statusCode()).isEqualTo(400);
            f.receive(f.register("alice", "w", 2, b -> b.header("Contact", "*")));
            assertThat(lastRegisterResponse().statusCode()).isEqualTo(400);
            assertThat(f.locations.lookup("sip:alice@127.0.0.1", f.clock.instant())).hasSize(1);
        }

        @Test
        void starWithAnotherContactIs400() {
            f.receive(f.register("alice", "w", 1, b -> b.header("Contact", "*").header("Contact", "<sip:alice@127.0.0.1:5080>")
                    .header("Expires", "0")));
            assertThat(lastRegisterResponse().statusCode()).isEqualTo(400);
        }

        @Test
        void starWithTheBindingsCallIdAndAnOldCSeqIs500() {
            f.receive(f.register("alice", "c1", 3, b -> b.header("Contact", "<sip:alice@127.0.0.1:5080>")));
            f.receive(f.register("alice", "c1", 3, b -> b.header("Contact", "*").header("Expires", "0")));
            assertThat(lastRegisterResponse().statusCode()).isEqualTo(500);
        }
    }

    @Nested
    class Refusals {
        @Test
        void aRequireWeDoNotSupportGets420() {
            f.receive(f.register("alice", "r", 1, b -> b.header("Contact", "<sip:alice@127.0.0.1:5080>").header("Require", "gruu")));
            SipResponse r = lastRegisterResponse();
            assertThat(r.statusCode()).isEqualTo(420);
            assertThat(r.header("Unsupported")).contains("gruu");
        }

        @Test
        void anAorWithoutUserGets404() {
            f.receive(f.register("alice", "r", 1, b -> b.to(NameAddr.of(io.dialtone.message.SipUri.of(null, "127.0.0.1", -1)))
                    .header("Contact", "<sip:alice@127.0.0.1:5080>")));
            assertThat(lastRegisterResponse().statusCode()).isEqualTo(404);
        }

        @Test
        void maxForwardsZeroGets483() {
            f.receive(f.register("alice", "r", 1, b -> b.maxForwards(0).header("Contact", "<sip:alice@127.0.0.1:5080>")));
            assertThat(lastRegisterResponse().statusCode()).isEqualTo(483);
        }

        @Test
        void aBadExpiresGets400() {
            f.receive(f.register("alice", "r", 1, b -> b.header("Contact", "<sip:alice@127.0.0.1:5080>;expires=soon")));
            assertThat(lastRegisterResponse().statusCode()).isEqualTo(400);
        }

        @Test
        void aBadQGets400() {
            f.receive(f.register("alice", "r", 1, b -> b.header("Contact", "<sip:alice@127.0.0.1:5080>;q=2")));
            assertThat(lastRegisterResponse().statusCode()).isEqualTo(400);
        }

        @Test
        void aFullAorGets403() {
            try (RegisterFixture small = new RegisterFixture(RegistrarConfig.builder().build(),
                    new InMemoryLocationService(1, 10, Duration.ofHours(1)))) {
                small.bind("alice", "<sip:alice@127.0.0.1:5080>", 600);
                small.receive(small.register("alice", "x", 1, b -> b.header("Contact", "<sip:alice@127.0.0.1:5090>")));
                assertThat(small.wire.lastResponse(SipMethod.REGISTER).statusCode()).isEqualTo(403);
            }
        }

        @Test
        void aRegisterOverTheTransactionRetransmittedGetsTheSameAnswer() {
            var reg = f.register("alice", "c1", 1, b -> b.header("Contact", "<sip:alice@127.0.0.1:5080>"));
            f.receive(reg);
            f.receive(reg); // §17.2.2: absorbed by the transaction, which resends its 200
            assertThat(f.wire.statuses(SipMethod.REGISTER)).containsExactly(200, 200);
            assertThat(f.locations.size()).isEqualTo(1);
        }
    }

    @Test
    void withoutRegistrarRegisterStaysNotAllowed() {
        // the UA core alone (no Registrar) keeps answering 405 with Allow (§8.2.1)
        try (var plain = new io.dialtone.session.register.PlainUaFixture()) {
            plain.receiveRegister();
            assertThat(plain.lastStatus()).isEqualTo(405);
        }
    }
}
