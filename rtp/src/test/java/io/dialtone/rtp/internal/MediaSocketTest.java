package io.dialtone.rtp.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.IoEventLoop;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.nio.NioIoHandler;
import java.net.InetAddress;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Both kinds of {@link MediaSocket} on a real event loop of their kind, over loopback (ephemeral ports):
 * datagrams both ways with their source, the source instance kept while it does not change (the
 * symmetric-RTP latch compares by identity first), connecting to the settled peer and back, ICMP errors
 * on a connected socket, oversized datagrams, a throwing receiver, and close.
 */
class MediaSocketTest {

    enum Kind {
        NIO(NioIoHandler::newFactory), EPOLL(EpollIoHandler::newFactory);

        final Supplier<IoHandlerFactory> factory;

        Kind(Supplier<IoHandlerFactory> factory) {
            this.factory = factory;
        }
    }

    /** One datagram as the receiver saw it. */
    record Got(byte[] bytes, long arrival, InetSocketAddress from, boolean onLoop) {
    }

    private static final InetAddress LO = InetAddress.getLoopbackAddress();
    private MultiThreadIoEventLoopGroup group;

    @AfterEach
    void shutdown() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private IoEventLoop loop(Kind kind) {
        if (group == null) {
            group = new MultiThreadIoEventLoopGroup(1, kind.factory.get());
        }
        return (IoEventLoop) group.next();
    }

    private static MediaSocket open(IoEventLoop loop, BlockingQueue<Got> got, List<Long> afterRead) throws Exception {
        MediaSocket s = MediaSocket.bind(loop, new InetSocketAddress(LO, 0));
        loop.submit(() -> s.register(loop, () -> 42L,
                (buf, len, arrival, from) -> got.add(new Got(Arrays.copyOf(buf, len), arrival, from, loop.inEventLoop())),
                afterRead::add)).get(5, TimeUnit.SECONDS);
        return s;
    }

    private static void send(IoEventLoop loop, MediaSocket s, byte[] bytes, int port) throws Exception {
        loop.submit(() -> s.send(bytes, 0, bytes.length, new InetSocketAddress(LO, port))).get(5, TimeUnit.SECONDS);
    }

    private static Got next(BlockingQueue<Got> q) throws InterruptedException {
        Got g = q.poll(5, TimeUnit.SECONDS);
        assertThat(g).as("a datagram within 5 s").isNotNull();
        return g;
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void bindsTheKindOfSocketItsLoopRegisters(Kind kind) throws Exception {
        IoEventLoop loop = loop(kind);
        MediaSocket s = MediaSocket.bind(loop, new InetSocketAddress(LO, 0));
        assertThat(s).isInstanceOf(kind == Kind.EPOLL ? EpollMediaSocket.class : NioMediaSocket.class);
        assertThat(s.localPort()).isPositive();
        loop.submit(s::close).get(5, TimeUnit.SECONDS);
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void datagramsGoBothWaysWithTheirSourceOnTheLoop(Kind kind) throws Exception {
        IoEventLoop loop = loop(kind);
        BlockingQueue<Got> atA = new LinkedBlockingQueue<>();
        BlockingQueue<Got> atB = new LinkedBlockingQueue<>();
        List<Long> afterA = new CopyOnWriteArrayList<>();
        List<Long> afterB = new CopyOnWriteArrayList<>();
        MediaSocket a = open(loop, atA, afterA);
        MediaSocket b = open(loop, atB, afterB);

        send(loop, a, new byte[] {1, 2, 3}, b.localPort());
        send(loop, b, new byte[] {4, 5}, a.localPort());

        Got g = next(atB);
        assertThat(g.bytes()).containsExactly(1, 2, 3);
        assertThat(g.from()).isEqualTo(new InetSocketAddress(LO, a.localPort()));
        assertThat(g.arrival()).isEqualTo(42L);
        assertThat(g.onLoop()).isTrue();
        g = next(atA);
        assertThat(g.bytes()).containsExactly(4, 5);
        assertThat(g.from()).isEqualTo(new InetSocketAddress(LO, b.localPort()));
        assertThat(g.onLoop()).isTrue();
        assertThat(loop.submit(() -> List.copyOf(afterB)).get(5, TimeUnit.SECONDS)).containsExactly(42L);
        assertThat(loop.submit(() -> a.dropped() + b.dropped() + a.errors() + b.errors()).get()).isZero();
        loop.submit(a::close).get(5, TimeUnit.SECONDS);
        loop.submit(b::close).get(5, TimeUnit.SECONDS);
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void aSourceKeepsItsInstanceUntilAnotherSends(Kind kind) throws Exception {
        IoEventLoop loop = loop(kind);
        BlockingQueue<Got> atB = new LinkedBlockingQueue<>();
        BlockingQueue<Got> none = new LinkedBlockingQueue<>();
        List<Long> ignored = new CopyOnWriteArrayList<>();
        MediaSocket b = open(loop, atB, ignored);
        MediaSocket a = open(loop, none, ignored); // the latched peer
        MediaSocket c = open(loop, none, ignored); // another address, e.g. a re-bound NAT mapping

        send(loop, a, new byte[] {1}, b.localPort());
        InetSocketAddress first = next(atB).from();
        send(loop, a, new byte[] {2}, b.localPort());
        Got second = next(atB);
        send(loop, c, new byte[] {3}, b.localPort());
        Got third = next(atB);
        send(loop, a, new byte[] {4}, b.localPort());
        Got fourth = next(atB);

        assertThat(first).isEqualTo(new InetSocketAddress(LO, a.localPort()));
        if (kind == Kind.EPOLL) {
            assertThat(second.from()).isSameAs(first); // the JDK channel caches its own; ours is asserted here
        }
        assertThat(second.from()).isEqualTo(first);
        assertThat(third.bytes()).containsExactly(3);
        assertThat(third.from()).isEqualTo(new InetSocketAddress(LO, c.localPort()));
        assertThat(fourth.from()).isEqualTo(first);
        for (MediaSocket s : List.of(a, b, c)) {
            loop.submit(s::close).get(5, TimeUnit.SECONDS);
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void aConnectedSocketHearsOnlyItsPeerAndDisconnectsToSendElsewhere(Kind kind) throws Exception {
        IoEventLoop loop = loop(kind);
        BlockingQueue<Got> atA = new LinkedBlockingQueue<>();
        BlockingQueue<Got> atB = new LinkedBlockingQueue<>();
        BlockingQueue<Got> atC = new LinkedBlockingQueue<>();
        List<Long> ignored = new CopyOnWriteArrayList<>();
        MediaSocket b = open(loop, atB, ignored);
        MediaSocket a = open(loop, atA, ignored); // the settled peer
        MediaSocket c = open(loop, atC, ignored); // anyone else
        int port = b.localPort();
        InetSocketAddress peer = new InetSocketAddress(LO, a.localPort());

        assertThat(loop.submit(() -> b.connect(peer)).get(5, TimeUnit.SECONDS)).isTrue();
        assertThat(b.connectedTo()).isSameAs(peer);
        send(loop, a, new byte[] {1}, port);
        Got first = next(atB);
        assertThat(first.bytes()).containsExactly(1);
        assertThat(first.from()).isSameAs(peer); // read without a source: the connected peer's instance
        send(loop, c, new byte[] {2}, port); // dropped by the kernel: not from the peer
        send(loop, a, new byte[] {3}, port);
        assertThat(next(atB).bytes()).containsExactly(3); // loopback keeps order: 2 never arrived

        loop.submit(() -> b.send(new byte[] {4}, 0, 1, new InetSocketAddress(LO, a.localPort()))).get(5, TimeUnit.SECONDS);
        Got toPeer = next(atA);
        assertThat(toPeer.bytes()).containsExactly(4);
        assertThat(toPeer.from()).isEqualTo(new InetSocketAddress(LO, port));

        send(loop, b, new byte[] {5}, c.localPort()); // elsewhere: disconnects first
        assertThat(next(atC).bytes()).containsExactly(5);
        assertThat(b.connectedTo()).isNull();
        send(loop, c, new byte[] {6}, port); // heard again, on the same port
        Got again = next(atB);
        assertThat(again.bytes()).containsExactly(6);
        assertThat(again.from()).isEqualTo(new InetSocketAddress(LO, c.localPort()));
        assertThat(b.localPort()).isEqualTo(port);
        assertThat(loop.submit(() -> b.dropped() + b.errors()).get(5, TimeUnit.SECONDS)).isZero();
        for (MediaSocket s : List.of(a, b, c)) {
            loop.submit(s::close).get(5, TimeUnit.SECONDS);
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void aConnectedSocketWhosePeerIsGoneCountsTheErrorAndKeepsWorking(Kind kind) throws Exception {
        IoEventLoop loop = loop(kind);
        BlockingQueue<Got> atB = new LinkedBlockingQueue<>();
        List<Long> ignored = new CopyOnWriteArrayList<>();
        MediaSocket b = open(loop, atB, ignored);
        MediaSocket gone = MediaSocket.bind(loop, new InetSocketAddress(LO, 0));
        InetSocketAddress peer = new InetSocketAddress(LO, gone.localPort());
        gone.close(); // its port now answers with ICMP port unreachable, which a connected socket reports

        assertThat(loop.submit(() -> b.connect(peer)).get(5, TimeUnit.SECONDS)).isTrue();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        long failures = 0;
        for (int i = 0; failures == 0 && System.nanoTime() < deadline; i++) {
            send(loop, b, new byte[] {(byte) i}, peer.getPort());
            Thread.sleep(10);
            failures = loop.submit(() -> b.dropped() + b.errors()).get(5, TimeUnit.SECONDS);
        }
        assertThat(failures).as("the refused datagrams are counted").isPositive();

        MediaSocket c = open(loop, new LinkedBlockingQueue<>(), ignored);
        loop.submit(b::disconnect).get(5, TimeUnit.SECONDS);
        send(loop, c, new byte[] {7}, b.localPort());
        assertThat(next(atB).bytes()).containsExactly(7);
        for (MediaSocket s : List.of(b, c)) {
            loop.submit(s::close).get(5, TimeUnit.SECONDS);
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void dropsAndCountsOversizedDatagramsAndSurvivesAThrowingReceiver(Kind kind) throws Exception {
        IoEventLoop loop = loop(kind);
        BlockingQueue<Got> got = new LinkedBlockingQueue<>();
        MediaSocket in = MediaSocket.bind(loop, new InetSocketAddress(LO, 0));
        loop.submit(() -> in.register(loop, System::nanoTime, (buf, len, arrival, from) -> {
            if (buf[0] == 1) {
                throw new IllegalStateException("bug in the stream (expected by the test)");
            }
            got.add(new Got(Arrays.copyOf(buf, len), arrival, from, true));
        }, now -> { })).get(5, TimeUnit.SECONDS);
        MediaSocket out = open(loop, new LinkedBlockingQueue<>(), new CopyOnWriteArrayList<>());

        send(loop, out, new byte[] {1}, in.localPort());
        send(loop, out, new byte[DatagramReceiver.MAX_DATAGRAM_BYTES + 1], in.localPort());
        byte[] largest = new byte[DatagramReceiver.MAX_DATAGRAM_BYTES];
        largest[0] = 2;
        send(loop, out, largest, in.localPort());

        assertThat(next(got).bytes()).isEqualTo(largest);
        assertThat(loop.submit(in::oversize).get(5, TimeUnit.SECONDS)).isEqualTo(1);
        loop.submit(in::close).get(5, TimeUnit.SECONDS);
        loop.submit(out::close).get(5, TimeUnit.SECONDS);
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void closeReleasesThePortAndLaterSendsAreNoOps(Kind kind) throws Exception {
        IoEventLoop loop = loop(kind);
        MediaSocket s = open(loop, new LinkedBlockingQueue<>(), new CopyOnWriteArrayList<>());
        int port = s.localPort();
        loop.submit(s::close).get(5, TimeUnit.SECONDS);
        loop.submit(s::close).get(5, TimeUnit.SECONDS); // idempotent
        send(loop, s, new byte[] {1}, port);
        assertThat(loop.submit(s::dropped).get(5, TimeUnit.SECONDS)).isZero();
        if (s instanceof EpollMediaSocket e) {
            assertThat(e.isOpen()).isFalse();
        }
        // the file descriptor is gone: the same port binds again. On NIO the JDK closes a channel
        // registered with a selector only when that selector next runs (deferred close), so allow
        // the loop a bounded moment; a port that never comes back still fails the test
        MediaSocket again = bindWithin(loop, port, 2_000);
        assertThat(again.localPort()).isEqualTo(port);
        loop.submit(again::close).get(5, TimeUnit.SECONDS);
    }

    private static MediaSocket bindWithin(IoEventLoop loop, int port, long millis) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (true) {
            try {
                return MediaSocket.bind(loop, new InetSocketAddress(LO, port));
            } catch (BindException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                loop.submit(() -> { }).get(5, TimeUnit.SECONDS);   // let the loop run its selector
                Thread.sleep(5);
            }
        }
    }

    @Test
    void closingBeforeRegisteringReleasesThePort() throws Exception {
        IoEventLoop loop = loop(Kind.EPOLL);
        MediaSocket s = MediaSocket.bind(loop, new InetSocketAddress(LO, 0));
        int port = s.localPort();
        s.close();
        MediaSocket again = MediaSocket.bind(loop, new InetSocketAddress(LO, port));
        loop.submit(again::close).get(5, TimeUnit.SECONDS);
    }
}
