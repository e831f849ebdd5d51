package io.dialtone.transaction.internal;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

import static io.dialtone.transaction.internal.AnsweredRequests.INVITE_ACCEPTED;
import static io.dialtone.transaction.internal.AnsweredRequests.NON_INVITE_COMPLETED;
import static io.dialtone.transaction.internal.AnsweredRequests.REQUEST_IDENTITY;
import static io.dialtone.transaction.internal.AnsweredRequests.TRANSACTION_KEY;
import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("AnsweredRequests: records of answered server transactions, by §17.2.3 key, until their deadline")
class AnsweredRequestsTest {
    private static final long S = 1_000_000_000L;
    private final AnsweredRequests store = new AnsweredRequests();

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private long find(String branch, String host, int port, String method, long now) {
        store.key(TRANSACTION_KEY, branch, host, port, method);
        return store.find(now);
    }

    private void add(String branch, String method, byte kind, String payload, long now, long deadline) {
        store.key(TRANSACTION_KEY, branch, "192.0.2.1", 5060, method);
        store.add(kind, deadline, bytes(payload), "dest-" + branch, now);
    }

    @Test
    void findsByEveryPartOfTheKey() {
        store.key(TRANSACTION_KEY, "z9hG4bKa", "host.example.com", 5060, "BYE");
        store.add(NON_INVITE_COMPLETED, 32 * S, bytes("SIP/2.0 200 OK"), "here", 0);

        long r = find("z9hG4bKa", "host.example.com", 5060, "BYE", 1);
        assertThat(r).isNotNegative();
        assertThat(store.kind(r)).isEqualTo(NON_INVITE_COMPLETED);
        assertThat(new String(store.payload(r), StandardCharsets.UTF_8)).isEqualTo("SIP/2.0 200 OK");
        assertThat(store.destination(r)).isEqualTo("here");

        assertThat(find("z9hG4bKb", "host.example.com", 5060, "BYE", 1)).isNegative();      // branch
        assertThat(find("z9hG4bKa", "host.example.org", 5060, "BYE", 1)).isNegative();      // host
        assertThat(find("z9hG4bKa", "host.example.com", 5061, "BYE", 1)).isNegative();      // port
        assertThat(find("z9hG4bKa", "host.example.com", 5060, "INVITE", 1)).isNegative();   // method
        assertThat(find("z9hG4bK", "ahost.example.com", 5060, "BYE", 1)).isNegative();      // length-prefixed parts
        store.key(REQUEST_IDENTITY, "z9hG4bKa", "host.example.com", 5060, "BYE");
        assertThat(store.find(1)).isNegative();                                            // another key space
    }

    @Test
    void aRecordNeverAnswersFromItsDeadlineOn() {
        add("b1", "INVITE", INVITE_ACCEPTED, "tag1", 0, 32 * S);
        assertThat(find("b1", "192.0.2.1", 5060, "INVITE", 32 * S - 1)).isNotNegative();
        assertThat(find("b1", "192.0.2.1", 5060, "INVITE", 32 * S)).isNegative();
        assertThat(store.live(32 * S)).isZero();
    }

    @Test
    void anEarlierDeadlineBehindALaterOneExpiresOnTimeAndLeavesWithIt() {
        add("late", "BYE", NON_INVITE_COMPLETED, "r1", 0, 40 * S);
        add("early", "INVITE", INVITE_ACCEPTED, "t", 1 * S, 10 * S);   // Timer L runs from the 2xx, earlier
        assertThat(store.live(11 * S)).isEqualTo(1);
        assertThat(find("early", "192.0.2.1", 5060, "INVITE", 11 * S)).isNegative();
        store.expire(11 * S);
        assertThat(store.isEmpty()).isFalse();                          // held behind its elder
        store.expire(40 * S);
        assertThat(store.isEmpty()).isTrue();
    }

    @Test
    void dropEndsARecordAtOnce() {
        add("x", "BYE", NON_INVITE_COMPLETED, "r", 0, 32 * S);
        store.key(TRANSACTION_KEY, "x", "192.0.2.1", 5060, "BYE");
        store.drop(5 * S);
        assertThat(find("x", "192.0.2.1", 5060, "BYE", 5 * S)).isNegative();
        store.expire(5 * S);
        assertThat(store.isEmpty()).isTrue();
    }

    @Test
    void growsUnderLoadKeepsEveryLiveRecordAndShrinksWhenEmpty() {
        long initial = store.capacityBytes();
        SplittableRandom random = new SplittableRandom(7);
        int n = 50_000;
        String[] payloads = new String[n];
        for (int i = 0; i < n; i++) {                                  // 1 ms apart, 32 s each: all live at once
            payloads[i] = "SIP/2.0 200 OK " + "x".repeat(random.nextInt(400));
            add("z9hG4bK" + i, i % 2 == 0 ? "INVITE" : "BYE", i % 2 == 0 ? INVITE_ACCEPTED : NON_INVITE_COMPLETED,
                    payloads[i], i * 1_000_000L, i * 1_000_000L + 32 * S);
        }
        long now = n * 1_000_000L;
        assertThat(store.capacityBytes()).isGreaterThan(initial);
        assertThat(store.live(now)).isEqualTo(n - 18_001);             // due after 50 s: those started after 18 s
        for (int i = 18_001; i < n; i++) {
            long r = find("z9hG4bK" + i, "192.0.2.1", 5060, i % 2 == 0 ? "INVITE" : "BYE", now);
            assertThat(r).as("record %d", i).isNotNegative();
            assertThat(new String(store.payload(r), StandardCharsets.UTF_8)).isEqualTo(payloads[i]);
            assertThat(store.destination(r)).isEqualTo("dest-z9hG4bK" + i);
        }
        assertThat(find("z9hG4bK" + 18_000, "192.0.2.1", 5060, "INVITE", now)).isNegative();

        store.expire(now + 33 * S);
        assertThat(store.isEmpty()).isTrue();
        assertThat(store.capacityBytes()).isEqualTo(initial);
    }

    @Test
    void steadyTrafficDoesNotGrowTheStore() {
        for (int i = 0; i < 2_000; i++) {                               // warm to the steady size
            add("w" + i, "BYE", NON_INVITE_COMPLETED, "SIP/2.0 200 OK", i * 100_000_000L, i * 100_000_000L + 32 * S);
        }
        long size = store.capacityBytes();
        for (int i = 2_000; i < 20_000; i++) {                          // 10 records per second, 320 live
            long t = i * 100_000_000L;
            add("w" + i, "BYE", NON_INVITE_COMPLETED, "SIP/2.0 200 OK", t, t + 32 * S);
            assertThat(find("w" + (i - 319), "192.0.2.1", 5060, "BYE", t)).isNotNegative();
            // the record arrays keep their size; the arena turns over a chunk and its spares
            assertThat(store.capacityBytes())
                    .isLessThanOrEqualTo(size + (ByteArena.SPARE_CHUNKS + 1L) * ByteArena.CHUNK_BYTES);
        }
    }

    @Test
    void nonAsciiKeysAreExact() {
        store.key(TRANSACTION_KEY, "z9hG4bK\u00e9", "h", 1, "BYE");
        store.add(NON_INVITE_COMPLETED, 10 * S, bytes("r"), null, 0);
        assertThat(find("z9hG4bK\u00e9", "h", 1, "BYE", 1)).isNotNegative();
        assertThat(find("z9hG4bK\u00e8", "h", 1, "BYE", 1)).isNegative();
        assertThat(find("z9hG4bK\u00c3\u00a9", "h", 1, "BYE", 1)).isNegative();
    }
}
