package io.dialtone.transport.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.AbstractByteBufAllocator;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("SendSlab: datagrams as slices of one direct buffer")
class SendSlabTest {
    /** Records every direct buffer it hands out. */
    private final List<ByteBuf> allocated = new ArrayList<>();
    private final ByteBufAllocator alloc = new AbstractByteBufAllocator(true) {
        @Override
        protected ByteBuf newHeapBuffer(int initialCapacity, int maxCapacity) {
            return Unpooled.buffer(initialCapacity, maxCapacity);
        }

        @Override
        protected ByteBuf newDirectBuffer(int initialCapacity, int maxCapacity) {
            ByteBuf b = Unpooled.directBuffer(initialCapacity, maxCapacity);
            allocated.add(b);
            return b;
        }

        @Override
        public boolean isDirectBufferPooled() {
            return false;
        }
    };
    private final SendSlab slab = new SendSlab();

    private static byte[] datagram(int length, int seed) {
        byte[] b = new byte[length];
        for (int i = 0; i < length; i++) {
            b[i] = (byte) (seed + i);
        }
        return b;
    }

    private static byte[] bytes(ByteBuf b) {
        byte[] out = new byte[b.readableBytes()];
        b.getBytes(b.readerIndex(), out);
        return out;
    }

    @Test
    void slicesHoldTheirBytesAndTheSlabLivesUntilTheLastIsSent() {
        List<ByteBuf> sent = new ArrayList<>();
        for (int i = 0; i < 400; i++) {                        // ~ 3 slabs of 64 KiB
            sent.add(slab.copy(alloc, datagram(500, i)));
        }
        assertThat(allocated).hasSize(4);                      // 400 x 500 B in 64 KiB slabs: 4 allocations
        ByteBuf first = allocated.get(0);
        ByteBuf last = allocated.get(3);
        for (int i = 0; i < 400; i++) {
            assertThat(bytes(sent.get(i))).isEqualTo(datagram(500, i));
            assertThat(sent.get(i).isDirect()).isTrue();
        }
        sent.forEach(ByteBuf::release);                          // the channel releases what it sent
        assertThat(first.refCnt()).isZero();                     // a full slab goes with its last slice
        assertThat(last.refCnt()).isEqualTo(1);                  // the current one is still ours
        slab.release();
        assertThat(last.refCnt()).isZero();
    }

    @Test
    void aLargeDatagramGetsItsOwnBuffer() {
        slab.copy(alloc, datagram(100, 1)).release();
        ByteBuf big = slab.copy(alloc, datagram(SendSlab.SLAB_BYTES / 2, 7));
        assertThat(allocated).hasSize(2);
        assertThat(allocated.get(1).capacity()).isEqualTo(SendSlab.SLAB_BYTES / 2);
        assertThat(bytes(big)).isEqualTo(datagram(SendSlab.SLAB_BYTES / 2, 7));
        big.release();
        assertThat(allocated.get(1).refCnt()).isZero();
        slab.release();
        assertThat(allocated.get(0).refCnt()).isZero();
    }
}
