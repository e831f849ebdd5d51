package io.dialtone.session.register;

import io.dialtone.message.NameAddr;
import io.dialtone.message.SipMessage;
import io.dialtone.message.SipMethod;
import io.dialtone.message.SipRequest;
import io.dialtone.message.SipResponse;
import io.dialtone.message.SipUri;
import io.dialtone.message.Via;
import io.dialtone.rtp.MediaEngine;
import io.dialtone.session.SessionConfig;
import io.dialtone.session.SessionLayer;
import io.dialtone.session.proxy.StatefulProxy;
import io.dialtone.transaction.TransactionLayer;
import io.dialtone.transport.Destination;
import io.dialtone.transport.Inbound;
import io.dialtone.transport.ListeningPoint;
import io.dialtone.transport.MessageSender;
import io.dialtone.transport.VirtualScheduler;

import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real {@link TransactionLayer} and {@link SessionLayer} with a {@link Registrar} on virtual
 * time, a recording wire, and helpers that play UAs around it. We are 127.0.0.1:5060; the UAC
 * peer is 127.0.0.1:5070; a registered callee is 127.0.0.1:5080.
 */
final class RegisterFixture implements AutoCloseable {
    static final InetSocketAddress LOCAL = new InetSocketAddress("127.0.0.1", 5060);
    static final InetSocketAddress PEER = new InetSocketAddress("127.0.0.1", 5070);
    static final Inbound FROM_PEER = new Inbound("UDP", PEER, LOCAL);
    static final Inbound FROM_CALLEE = new Inbound("UDP", new InetSocketAddress("127.0.0.1", 5080), LOCAL);
    static final Instant EPOCH = Instant.parse("2026-11-21T00:00:00Z");

    final VirtualScheduler time = new VirtualScheduler();
    final Wire wire = new Wire(time);
    final Clock clock = clockOf(time);
    final LocationService locations;
    final MediaEngine media = MediaEngine.create(1);
    final SessionLayer sessions;
    final TransactionLayer transactions;
    final Registrar registrar;
    private int branches;

    RegisterFixture() {
        this(RegistrarConfig.builder().build(), new InMemoryLocationService());
    }

    RegisterFixture(RegistrarConfig config, LocationService locations) {
        this.locations = locations;
        SessionConfig sc = SessionConfig.builder().build();
        sessions = new SessionLayer(sc, time, wire, media, s -> { });
        transactions = new TransactionLayer(wire, time, sc.timers(), sessions);
        sessions.bind(transactions);
        StatefulProxy proxy = new StatefulProxy(transactions, wire, time, config.serverName(), Duration.ofSeconds(config.timerCSec()));
        registrar = new Registrar(config, locations, proxy, time, clock);
        sessions.registrar(registrar);
    }

    /** A wall clock reading {@link #EPOCH} plus the virtual time. */
    static Clock clockOf(VirtualScheduler time) {
        return new Clock() {
            @Override
            public ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                throw new UnsupportedOperationException();
            }

            @Override
            public Instant instant() {
                return EPOCH.plusNanos(time.nanoTime());
            }
        };
    }

    @Override
    public void close() {
        media.close();
    }

    void advance(double seconds) {
        time.advance(Duration.ofMillis(Math.round(seconds * 1000)));
    }

    void receive(SipRequest r) {
        transactions.onRequest(r, FROM_PEER);
    }

    void receiveFromCallee(SipResponse r) {
        transactions.onResponse(r, FROM_CALLEE);
    }

    String newBranch() {
        return "z9hG4bKpeer" + (++branches);
    }

    /** A REGISTER from the peer for {@code sip:user@127.0.0.1}; customise with {@code more}. */
    SipRequest register(String user, String callId, long cseq, Consumer<SipRequest.Builder> more) {
        SipUri aor = SipUri.of(user, "127.0.0.1", -1);
        SipRequest.Builder b = SipRequest.builder(SipMethod.REGISTER, SipUri.of(null, "127.0.0.1", 5060))
                .addVia(Via.of("UDP", "127.0.0.1", 5070, newBranch()))
                .maxForwards(70)
                .from(NameAddr.of(aor).withTag("reg" + cseq))
                .to(NameAddr.of(aor))
                .callId(callId)
                .cseq(cseq, SipMethod.REGISTER);
        more.accept(b);
        return b.build();
    }

    /** Registers {@code user} at {@code contact} for {@code expires} seconds and checks the 200. */
    SipResponse bind(String user, String contact, long expires) {
        receive(register(user, "bind-" + user + "-" + contact, 1, b -> b.header("Contact", contact).header("Expires", Long.toString(expires))));
        SipResponse r = wire.lastResponse(SipMethod.REGISTER);
        assertThat(r.statusCode()).as("REGISTER for %s", user).isEqualTo(200);
        return r;
    }

    /** A request from the peer outside any dialog to {@code sip:user@127.0.0.1:5060}. */
    SipRequest outOfDialog(String method, String user, String callId, Consumer<SipRequest.Builder> more) {
        SipUri ruri = SipUri.of(user, "127.0.0.1", 5060);
        SipRequest.Builder b = SipRequest.builder(method, ruri)
                .addVia(Via.of("UDP", "127.0.0.1", 5070, newBranch()))
                .maxForwards(70)
                .from(NameAddr.of(SipUri.of("carol", "127.0.0.1", 5070)).withTag("caller1"))
                .to(NameAddr.of(ruri))
                .callId(callId)
                .cseq(1, method)
                .header("Contact", "<sip:carol@127.0.0.1:5070>");
        more.accept(b);
        return b.build();
    }

    /** The callee's response to a request forwarded to it. */
    static SipResponse.Builder answer(SipRequest forwarded, int status) {
        SipResponse.Builder b = SipResponse.to(forwarded, status);
        if (status > 100) {
            b.toTag("callee1");
        }
        if (status >= 200 && status < 300) {
            b.header("Contact", "<sip:alice@127.0.0.1:5080>");
        }
        return b;
    }

    /** A MessageSender that records everything with the virtual time it was sent at. */
    static final class Wire implements MessageSender {
        record Sent(SipMessage message, long atMillis, Destination destination) {}

        final List<Sent> sent = new ArrayList<>();
        private final VirtualScheduler clock;
        boolean failing;
        /** Requests to this address fail with a transport error; everything else is sent. */
        InetSocketAddress unreachable;

        Wire(VirtualScheduler clock) {
            this.clock = clock;
        }

        @Override
        public CompletableFuture<Void> sendRequest(SipRequest request, Destination destination) {
            sent.add(new Sent(request, clock.nanoTime() / 1_000_000, destination));
            if (destination.address().equals(unreachable)) {
                return CompletableFuture.failedFuture(new io.dialtone.transport.TransportException("unreachable"));
            }
            return result();
        }

        @Override
        public CompletableFuture<Void> sendResponse(SipResponse response) {
            sent.add(new Sent(response, clock.nanoTime() / 1_000_000, null));
            return result();
        }

        private CompletableFuture<Void> result() {
            return failing ? CompletableFuture.failedFuture(new io.dialtone.transport.TransportException("unreachable"))
                    : CompletableFuture.completedFuture(null);
        }

        @Override
        public ListeningPoint listeningPoint(String transport) {
            return new ListeningPoint(transport, LOCAL);
        }

        List<SipRequest> requests(String method) {
            return sent.stream().filter(s -> s.message() instanceof SipRequest r && r.is(method))
                    .map(s -> (SipRequest) s.message()).toList();
        }

        List<Sent> sentRequests(String method) {
            return sent.stream().filter(s -> s.message() instanceof SipRequest r && r.is(method)).toList();
        }

        List<Long> requestTimes(String method) {
            return sentRequests(method).stream().map(Sent::atMillis).toList();
        }

        SipRequest lastRequest(String method) {
            List<SipRequest> r = requests(method);
            assertThat(r).as("%s requests sent", method).isNotEmpty();
            return r.get(r.size() - 1);
        }

        Destination lastDestination(String method) {
            List<Sent> r = sentRequests(method);
            assertThat(r).as("%s requests sent", method).isNotEmpty();
            return r.get(r.size() - 1).destination();
        }

        List<SipResponse> responses(String method) {
            return sent.stream().filter(s -> s.message() instanceof SipResponse r && r.cseq().method().equals(method))
                    .map(s -> (SipResponse) s.message()).toList();
        }

        List<Integer> statuses(String method) {
            return responses(method).stream().map(SipResponse::statusCode).toList();
        }

        SipResponse lastResponse(String method) {
            List<SipResponse> r = responses(method);
            assertThat(r).as("responses to %s sent", method).isNotEmpty();
            return r.get(r.size() - 1);
        }
    }
}
