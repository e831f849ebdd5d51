package io.dialtone.transaction.internal;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static io.dialtone.transaction.internal.ByteArena.CHUNK_BYTES;
import static io.dialtone.transaction.internal.ByteArena.MAX_RECORD_BYTES;
import static io.dialtone.transaction.internal.ByteArena.SPARE_CHUNKS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("ByteArena: chunked append-only bytes, released from the oldest end")
class ByteArenaTest {
    private final ByteArena arena = new ByteArena();

    private static byte[] filled(int length, int seed) {
        byte[] b = new byte[length];
        for (int i = 0; i < length; i++) {
            b[i] = (byte) (seed * 31 + i);
        }
        return b;
    }

    private boolean holds(long at, byte[] a, byte[] b) {
        byte[] both = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return arena.equals(at, both, both.length);
    }

    @Test
    void recordsNeverStraddleChunksAndReadBackWhole() {
        List<long[]> at = new ArrayList<>();
        for (int i = 0; i < 200; i++) {                       // ~ 2.4 MiB over ~10 chunks
            long p = arena.append(filled(100, i), 100, filled(12_000, i + 1));
            assertThat(ByteArena.offset(p) + 12_100).isLessThanOrEqualTo(CHUNK_BYTES);
            at.add(new long[] {p, i});
        }
        for (long[] e : at) {
            assertThat(holds(e[0], filled(100, (int) e[1]), filled(12_000, (int) e[1] + 1))).isTrue();
        }
        assertThat(holds(at.get(5)[0], filled(100, 6), filled(12_000, 7))).isFalse();
    }

    @Test
    void aRecordLongerThanTheLimitIsRefused() {
        assertThatThrownBy(() -> arena.append(new byte[10], 10, new byte[MAX_RECORD_BYTES - 9]))
                .isInstanceOf(IllegalArgumentException.class);
        arena.append(new byte[10], 10, new byte[MAX_RECORD_BYTES - 10]);
    }

    @Test
    void steadyAppendAndReleaseReusesChunks() {
        long oldest = 0;
        List<Long> live = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {                    // a window of 500 records of 1 KiB
            live.add(arena.append(new byte[24], 24, new byte[1000]));
            if (live.size() > 500) {
                oldest = live.remove(0);
                arena.releaseBefore(live.get(0));
            }
        }
        // 500 KiB live: 2-3 chunks in use, at most SPARE_CHUNKS waiting for reuse
        assertThat(arena.capacityBytes()).isLessThanOrEqualTo((3L + SPARE_CHUNKS) * CHUNK_BYTES);
        assertThat(oldest).isPositive();
        arena.clear();
        assertThat(arena.capacityBytes()).isZero();
        long p = arena.append(new byte[1], 1, new byte[1]);
        assertThat(ByteArena.offset(p)).isZero();               // a fresh chunk after clear
    }
}
