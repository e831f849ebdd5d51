package io.dialtone.rtp.internal;

import java.net.InetSocketAddress;

/** Where a {@link StreamEngine} puts its datagrams; the socket binding in production, a list in tests. */
public interface PacketSender {

    /**
     * @param packet serialised RTP packet; ownership passes to the sender
     * @param to     destination
     */
    void sendRtp(byte[] packet, InetSocketAddress to);

    /**
     * @param packet serialised RTCP compound; ownership passes to the sender
     * @param to     destination
     */
    void sendRtcp(byte[] packet, InetSocketAddress to);
}
