package io.dialtone.rtp.internal;

import io.netty.util.concurrent.FastThreadLocal;
import java.nio.ByteBuffer;

/**
 * The scratch buffers the media of one event loop share. For the sockets: one direct buffer a datagram
 * is received into, one array it is handed on in, one direct buffer a datagram is sent from. For the
 * streams: the PCM frame a source is read into, the RTP packet it is encoded into, the payload taken
 * from the jitter buffer and the PCM frame it is played as, and the frame the jitter buffer's quiet
 * test decodes into. Each is used
 * within one call on the loop (a socket's read or write, a stream's tick) and holds nothing from one
 * call to the next, so one set per loop thread serves every socket and stream on it: about 14 KB less
 * per stream than a set each, and buffers that stay in the core's cache instead of one cold set per
 * stream. Send and playout use distinct frames, so a source or sink may touch the other direction.
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
    /** The payload of the frame played, from the jitter buffer. */
    final byte[] payload = new byte[StreamEngine.MAX_PAYLOAD_BYTES];
    /** What the jitter buffer's quiet test decodes into. */
    final short[] quietPcm = new short[StreamEngine.MAX_PAYLOAD_BYTES];
    private short[] sendPcm = new short[160];
    private short[] playPcm = new short[160];
    private byte[] packet = new byte[INITIAL_SEND_CAPACITY];
    private ByteBuffer out = ByteBuffer.allocateDirect(INITIAL_SEND_CAPACITY);
    private long inAddress;
    private long outAddress;

    private LoopBuffers() {
    }

    /** @return this thread's buffers */
    static LoopBuffers get() {
        return BUFFERS.get();
    }

    /** @return the frame a source is read into, at least {@code samples} long */
    short[] sendPcm(int samples) {
        if (sendPcm.length < samples) {
            sendPcm = new short[samples];
        }
        return sendPcm;
    }

    /** @return the array an RTP packet is written into before it is sent, at least {@code length} bytes */
    byte[] packet(int length) {
        if (packet.length < length) {
            packet = new byte[length];
        }
        return packet;
    }

    /** @return the frame played into a sink, at least {@code samples} long */
    short[] playPcm(int samples) {
        if (playPcm.length < samples) {
            playPcm = new short[samples];
        }
        return playPcm;
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
