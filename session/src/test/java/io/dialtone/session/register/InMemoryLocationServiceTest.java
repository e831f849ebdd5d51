package io.dialtone.session.register;

import io.dialtone.message.SipUri;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("RFC 3261 §10.3 location service")
class InMemoryLocationServiceTest {
    private static final Instant T0 = Instant.parse("2026-11-21T00:00:00Z");
    private static final String AOR = "sip:alice@example.com";

    private static Binding binding(int port, long expiresSec, Double q) {
        return new Binding(AOR, SipUri.of("alice", "127.0.0.1", port), T0.plusSeconds(expiresSec), q, "c" + port, 1, null, 0);
    }

    private static List<Binding> add(List<Binding> live, Binding b) {
        List<Binding> out = new ArrayList<>(live);
        out.add(b);
        return out;
    }

    @Test
    void aorKeyDropsPortParametersAndHostCase() {
        assertThat(LocationService.aorKey(SipUri.parse("sip:alice@Example.COM:5070;transport=tcp"))).isEqualTo(AOR);
        assertThat(LocationService.aorKey(SipUri.parse("sip:%61lice@example.com"))).isEqualTo(AOR);
    }

    @Test
    void lookupRanksByQThenByLongestLived() {
        var s = new InMemoryLocationService();
        s.update(AOR, T0, live -> add(live, binding(5001, 100, 0.5)));
        s.update(AOR, T0, live -> add(live, binding(5002, 100, null)));
        s.update(AOR, T0, live -> add(live, binding(5003, 200, null)));
        assertThat(s.lookup(AOR, T0)).extracting(b -> b.contact().port()).containsExactly(5003, 5002, 5001);
    }

    @Test
    void expiredBindingsAreNeverReturnedAndPurgeRemovesThem() {
        var s = new InMemoryLocationService();
        s.update(AOR, T0, live -> add(live, binding(5001, 60, null)));
        s.update(AOR, T0, live -> add(live, binding(5002, 120, null)));
        assertThat(s.lookup(AOR, T0.plusSeconds(60))).extracting(b -> b.contact().port()).containsExactly(5002);
        assertThat(s.size()).isEqualTo(2);
        assertThat(s.purgeExpired(T0.plusSeconds(60))).isEqualTo(1);
        assertThat(s.size()).isEqualTo(1);
    }

    @Test
    void anAorWithoutBindingsStaysKnownUntilForgotten() {
        var s = new InMemoryLocationService(10, 100, Duration.ofMinutes(10));
        s.update(AOR, T0, live -> add(live, binding(5001, 60, null)));
        s.purgeExpired(T0.plusSeconds(60));
        assertThat(s.knows(AOR)).isTrue();
        s.purgeExpired(T0.plusSeconds(60 + 599));
        assertThat(s.knows(AOR)).isTrue();
        s.purgeExpired(T0.plusSeconds(60 + 600));
        assertThat(s.knows(AOR)).isFalse();
        assertThat(s.knows("sip:nobody@example.com")).isFalse();
    }

    @Test
    void thePerAorCapRefuses403AndKeepsTheOldBindings() {
        var s = new InMemoryLocationService(2, 100, Duration.ofHours(1));
        s.update(AOR, T0, live -> add(live, binding(5001, 60, null)));
        s.update(AOR, T0, live -> add(live, binding(5002, 60, null)));
        assertThatThrownBy(() -> s.update(AOR, T0, live -> add(live, binding(5003, 60, null))))
                .isInstanceOfSatisfying(BindingException.class, e -> assertThat(e.status()).isEqualTo(403));
        assertThat(s.lookup(AOR, T0)).hasSize(2);
        assertThat(s.size()).isEqualTo(2);
    }

    @Test
    void theTotalCapRefuses503AcrossAors() {
        var s = new InMemoryLocationService(10, 2, Duration.ofHours(1));
        s.update(AOR, T0, live -> add(live, binding(5001, 60, null)));
        s.update("sip:bob@example.com", T0, live -> add(live, binding(5002, 60, null)));
        assertThatThrownBy(() -> s.update("sip:carol@example.com", T0, live -> add(live, binding(5003, 60, null))))
                .isInstanceOfSatisfying(BindingException.class, e -> assertThat(e.status()).isEqualTo(503));
        assertThat(s.knows("sip:carol@example.com")).isFalse();
        s.update(AOR, T0, live -> List.of()); // freeing one makes room
        s.update("sip:carol@example.com", T0, live -> add(live, binding(5003, 60, null)));
        assertThat(s.size()).isEqualTo(2);
    }

    @Test
    void aThrowingChangeLeavesTheAorUntouched() {
        var s = new InMemoryLocationService();
        s.update(AOR, T0, live -> add(live, binding(5001, 60, null)));
        assertThatThrownBy(() -> s.update(AOR, T0, live -> {
            throw new BindingException(500, "Out of Order");
        })).isInstanceOf(BindingException.class);
        assertThat(s.lookup(AOR, T0)).hasSize(1);
    }

    @Test
    void concurrentUpdatesNeverExceedTheTotalCap() throws Exception {
        var s = new InMemoryLocationService(10, 50, Duration.ofHours(1));
        Thread[] threads = new Thread[4];
        for (int t = 0; t < threads.length; t++) {
            int base = t * 1000;
            threads[t] = new Thread(() -> {
                for (int i = 0; i < 100; i++) {
                    String aor = "sip:u" + (base + i) + "@example.com";
                    int port = 5000 + i;
                    try {
                        s.update(aor, T0, live -> add(live, new Binding(aor, SipUri.of("u", "127.0.0.1", port),
                                T0.plusSeconds(60), null, "c", 1, null, 0)));
                    } catch (BindingException full) {
                        assertThat(full.status()).isEqualTo(503);
                    }
                }
            });
            threads[t].start();
        }
        for (Thread t : threads) {
            t.join();
        }
        assertThat(s.size()).isEqualTo(50);
    }
}
