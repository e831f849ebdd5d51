package io.dialtone.rtp.internal;

import io.netty.util.concurrent.FastThreadLocal;
import java.nio.ByteBuffer;

/**
 * The byte buffers the media sockets of one event loop share: one direct buffer a datagram is
 * received into, one array it is handed on in, one direct buffer a datagram is sent from. A socket
 * reads or writes one datagram at a time on its loop and is done with the buffers when the call
 * returns, so one set per loop thread serves every socket on it: about 9 KB less per stream than a
 * set per socket, and buffers that stay in the core's cache instead of one cold set per stream.
 *
 * <p>Threading: one instance per thread ({@link #get}); every use is within one call on that thread.
 */
final class LoopBuffers {

    private static final FastThreadLocal<LoopBuffers> BUFFERS = new FastThreadLocal<>() {
        @Override
        protected LoopBuffers initialValue() {
            return new LoopBuffers();
        }
    };

    /** Initial capacity of the send buffer, bytes: a G.711 packet at 20 or 30 ms and any RTCP report. */
    static final int INITIAL_SEND_CAPACITY = 512;

    /** Receive buffer: one byte more than the limit, so that a longer datagram shows as such. */
    final ByteBuffer in = ByteBuffer.allocateDirect(DatagramReceiver.MAX_DATAGRAM_BYTES + 1);
    /** Where a received datagram is handed on; valid during the receiver's call only. */
    final byte[] bytes = new byte[DatagramReceiver.MAX_DATAGRAM_BYTES];
    private ByteBuffer out = ByteBuffer.allocateDirect(INITIAL_SEND_CAPACITY);
    private long inAddress;
    private long outAddress;

    private LoopBuffers() {
    }

    /** @return this thread's buffers */
    static LoopBuffers get() {
        return BUFFERS.get();
    }

    /** @return the send buffer, cleared, with room for {@code length} bytes */
    ByteBuffer out(int length) {
        if (out.capacity() < length) {
            out = ByteBuffer.allocateDirect(length);
            outAddress = 0;
        }
        out.clear();
        return out;
    }

    /** @return the native address of {@link #in} (Netty's native sockets take addresses); computed once */
    long inAddress() {
        if (inAddress == 0) {
            inAddress = io.netty.channel.unix.Buffer.memoryAddress(in);
        }
        return inAddress;
    }

    /** @return the native address of the current send buffer; computed once per buffer */
    long outAddress() {
        if (outAddress == 0) {
            outAddress = io.netty.channel.unix.Buffer.memoryAddress(out);
        }
        return outAddress;
    }
}
