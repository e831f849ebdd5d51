package io.dialtone.rtp.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Symmetric RTP with a strict source: when the RTP socket is connected, to whom, and when it is let go. */
class SourceLatchTest {

    private static final InetSocketAddress SDP = new InetSocketAddress("192.0.2.10", 4000);
    private static final InetSocketAddress NAT = new InetSocketAddress("198.51.100.7", 61000);
    private static final InetSocketAddress OTHER = new InetSocketAddress("203.0.113.9", 5000);
    private static final long MS = 1_000_000L;

    /** Records what the latch asks of the socket. */
    static final class Socket implements PacketSender {
        final List<String> calls = new ArrayList<>();
        boolean refuse;

        @Override
        public void sendRtp(byte[] buf, int off, int len, InetSocketAddress to) {
        }

        @Override
        public void sendRtcp(byte[] buf, int off, int len, InetSocketAddress to) {
        }

        @Override
        public boolean connectRtp(InetSocketAddress remote) {
            calls.add("connect " + remote);
            return !refuse;
        }

        @Override
        public void disconnectRtp() {
            calls.add("disconnect");
        }
    }

    private final Socket socket = new Socket();
    private final SourceLatch latch = new SourceLatch(socket);

    private void packets(InetSocketAddress from, int n, long startMs) {
        for (int i = 0; i < n; i++) {
            latch.onPacket(from, (startMs + 20L * i) * MS);
        }
    }

    @Test
    void sendsToTheSdpAddressUntilAPacketComesAndConnectsOnceTheSourceHasSettled() {
        assertThat(latch.remote()).isNull();
        latch.fromSdp(SDP);
        assertThat(latch.remote()).isEqualTo(SDP);

        packets(NAT, SourceLatch.CONNECT_AFTER_PACKETS - 1, 0);
        assertThat(latch.remote()).isEqualTo(NAT); // symmetric RTP: the NAT's public address
        assertThat(latch.connected()).isFalse();
        assertThat(socket.calls).isEmpty();

        latch.onPacket(new InetSocketAddress(NAT.getAddress(), NAT.getPort()), 200 * MS); // equal, not the same
        assertThat(latch.connected()).isTrue();
        assertThat(socket.calls).containsExactly("connect " + NAT);

        packets(NAT, 50, 220);
        assertThat(socket.calls).hasSize(1);
    }

    @Test
    void anotherSourceBeforeTheSocketIsConnectedStartsTheCountAgain() {
        latch.fromSdp(SDP);
        packets(SDP, SourceLatch.CONNECT_AFTER_PACKETS - 1, 0);
        latch.onPacket(OTHER, 180 * MS);
        assertThat(latch.remote()).isEqualTo(OTHER);
        packets(SDP, SourceLatch.CONNECT_AFTER_PACKETS - 1, 200);
        assertThat(latch.remote()).isEqualTo(SDP);
        assertThat(latch.connected()).isFalse();
        latch.onPacket(SDP, 400 * MS);
        assertThat(latch.connected()).isTrue();
        assertThat(socket.calls).containsExactly("connect " + SDP);
    }

    @Test
    void aNewAddressFromSdpLetsTheSocketGoAndTheSameOneKeepsIt() {
        latch.fromSdp(SDP);
        packets(SDP, SourceLatch.CONNECT_AFTER_PACKETS, 0);
        latch.fromSdp(new InetSocketAddress(SDP.getAddress(), SDP.getPort())); // a session refresh
        assertThat(latch.connected()).isTrue();

        latch.fromSdp(OTHER); // the peer moved its media (RFC 3264 §8)
        assertThat(latch.connected()).isFalse();
        assertThat(latch.remote()).isEqualTo(OTHER);
        assertThat(socket.calls).containsExactly("connect " + SDP, "disconnect");
        packets(OTHER, SourceLatch.CONNECT_AFTER_PACKETS, 1_000);
        assertThat(socket.calls).containsExactly("connect " + SDP, "disconnect", "connect " + OTHER);
    }

    @Test
    void aPeerSilentForTheRelearnTimeIsLetGoAndLearntAgain() {
        latch.fromSdp(SDP);
        packets(SDP, SourceLatch.CONNECT_AFTER_PACKETS, 0); // last at 180 ms
        latch.onTick((180 + SourceLatch.RELEARN_AFTER_MS) * MS);
        assertThat(latch.connected()).isTrue();
        latch.onTick((181 + SourceLatch.RELEARN_AFTER_MS) * MS);
        assertThat(latch.connected()).isFalse();
        assertThat(latch.remote()).isEqualTo(SDP); // still sends where it did
        assertThat(socket.calls).containsExactly("connect " + SDP, "disconnect");

        packets(NAT, SourceLatch.CONNECT_AFTER_PACKETS, 5_000); // the peer's NAT rebound meanwhile
        assertThat(latch.remote()).isEqualTo(NAT);
        assertThat(socket.calls).containsExactly("connect " + SDP, "disconnect", "connect " + NAT);
    }

    @Test
    void aSocketThatCannotConnectStaysAsItWasWithoutRetryingPerPacket() {
        socket.refuse = true;
        latch.fromSdp(SDP);
        packets(SDP, 3 * SourceLatch.CONNECT_AFTER_PACKETS, 0);
        assertThat(latch.connected()).isFalse();
        assertThat(socket.calls).containsExactly("connect " + SDP);
        latch.onPacket(OTHER, 1_000 * MS); // symmetric RTP still works unconnected
        assertThat(latch.remote()).isEqualTo(OTHER);
    }
}
