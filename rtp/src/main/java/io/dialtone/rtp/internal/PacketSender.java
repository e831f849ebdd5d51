package io.dialtone.rtp.internal;

import java.net.InetSocketAddress;

/**
 * Where a {@link StreamEngine} puts its datagrams; the socket binding in production, a list in tests.
 * The engine reuses its buffers: an implementation copies (or sends) {@code buf[off, off + len)} before
 * it returns and keeps no reference to {@code buf}.
 */
public interface PacketSender {

    /**
     * @param buf serialised RTP packet (or, with rtcp-mux, RTCP compound); not retained
     * @param off index of its first byte
     * @param len its length in bytes
     * @param to  destination
     */
    void sendRtp(byte[] buf, int off, int len, InetSocketAddress to);

    /**
     * @param buf serialised RTCP compound; not retained
     * @param off index of its first byte
     * @param len its length in bytes
     * @param to  destination
     */
    void sendRtcp(byte[] buf, int off, int len, InetSocketAddress to);

    /**
     * Connects the RTP socket to {@code remote}, the source the stream settled on ({@link SourceLatch}):
     * only its datagrams are delivered from now on, read and written without an address.
     *
     * @param remote the peer's RTP address, as it sends from
     * @return whether the socket is now connected (false: it stays as it was)
     */
    default boolean connectRtp(InetSocketAddress remote) {
        return false;
    }

    /** Undoes {@link #connectRtp}; a no-op when not connected. */
    default void disconnectRtp() {
    }
}
