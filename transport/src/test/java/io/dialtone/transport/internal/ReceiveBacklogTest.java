package io.dialtone.transport.internal;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("ReceiveBacklog: how long the receive queue stayed non-empty")
class ReceiveBacklogTest {
    private static final long MS = 1_000_000L;
    private final ReceiveBacklog b = new ReceiveBacklog(4);

    private void burst(int datagrams, long endMs) {
        for (int i = 0; i < datagrams; i++) {
            b.onRead();
        }
        b.onBurstEnd(endMs * MS);
    }

    @Test
    void noBacklogWhileBurstsDrainTheQueue() {
        burst(1, 10);
        burst(3, 20);
        assertThat(b.delayNanos(1_000 * MS)).isZero(); // idle time is not backlog
    }

    @Test
    void fullBurstsInARowAccumulateFromTheFirst() {
        burst(4, 100);
        assertThat(b.delayNanos(100 * MS)).isZero();
        burst(4, 150);
        burst(4, 210);
        assertThat(b.delayNanos(210 * MS)).isEqualTo(110 * MS);
    }

    @Test
    void aBurstThatStopsShortEndsTheBacklog() {
        burst(4, 100);
        burst(4, 300);
        assertThat(b.delayNanos(300 * MS)).isEqualTo(200 * MS);
        burst(2, 310);
        assertThat(b.delayNanos(400 * MS)).isZero();
        burst(4, 500);                                   // a new backlog starts from its own first full burst
        assertThat(b.delayNanos(520 * MS)).isEqualTo(20 * MS);
    }

    @Test
    void anEmptyBurstDrains() {
        burst(4, 100);
        burst(0, 101);
        assertThat(b.delayNanos(900 * MS)).isZero();
    }

    @Test
    void aLimitBelowTwoIsRejected() {
        assertThatThrownBy(() -> new ReceiveBacklog(1)).isInstanceOf(IllegalArgumentException.class);
    }
}
