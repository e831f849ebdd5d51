package io.dialtone.transaction;

import io.dialtone.message.NameAddr;
import io.dialtone.message.SipMessage;
import io.dialtone.message.SipRequest;
import io.dialtone.message.SipResponse;
import io.dialtone.message.SipUri;
import io.dialtone.message.Via;
import io.dialtone.transport.Destination;
import io.dialtone.transport.Inbound;
import io.dialtone.transport.ListeningPoint;
import io.dialtone.transport.MessageSender;
import io.dialtone.transport.TransportException;
import io.dialtone.transport.VirtualScheduler;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;

import static org.assertj.core.api.Assertions.assertThat;

/** A transaction layer on virtual time with a recording wire, TU and client listener. */
final class Fixture {
    static final InetSocketAddress PEER = new InetSocketAddress("192.0.2.1", 5060);
    static final InetSocketAddress LOCAL = new InetSocketAddress("192.0.2.9", 5060);
    static final Destination UDP = Destination.udp(PEER);
    static final Destination TCP = Destination.tcp(PEER);
    static final Inbound FROM_UDP = new Inbound("UDP", PEER, LOCAL);
    static final Inbound FROM_TCP = new Inbound("TCP", PEER, LOCAL);
    static final String ROUTE = "<sip:proxy.example.com;lr>";

    final VirtualScheduler time = new VirtualScheduler();
    final Wire wire = new Wire();
    final User user = new User();
    final Listener listener = new Listener();
    final TransactionLayer layer = new TransactionLayer(wire, time, TimerConfig.DEFAULT, user);

    static SipRequest request(String method, String branch, String transport) {
        return request(method, branch, transport, "192.0.2.1", 5060);
    }

    static SipRequest request(String method, String branch, String transport, String host, int port) {
        return SipRequest.builder(method, SipUri.of("bob", "example.com", -1))
                .addVia(Via.of(transport, host, port, branch))
                .header("Via", "SIP/2.0/UDP 198.51.100.7:5060;branch=z9hG4bKproxy")
                .maxForwards(70)
                .from(NameAddr.of(SipUri.of("alice", "example.com", -1)).withTag("a1"))
                .to(NameAddr.of(SipUri.of("bob", "example.com", -1)))
                .callId("call-1@192.0.2.9")
                .cseq(1, method)
                .header("Route", ROUTE)
                .header("Contact", "<sip:alice@192.0.2.9>")
                .build();
    }

    static SipResponse response(SipRequest request, int status) {
        SipResponse.Builder b = SipResponse.to(request, status);
        return (status == 100 ? b : b.toTag("b2")).build();
    }

    /** The ACK a UAC sends for a non-2xx final: same branch as the INVITE. */
    static SipRequest ackFor(SipRequest invite, SipResponse rsp) {
        return InviteClientTransaction.ackFor(invite, rsp);
    }

    void advance(double seconds) {
        time.advance(Duration.ofMillis(Math.round(seconds * 1000)));
    }

    /** Every transaction left the tables and no timer is pending. */
    void assertIdle() {
        assertThat(layer.activeTransactions()).isZero();
        assertThat(time.pending()).isZero();
    }

    /** A MessageSender that records every message and can fail or hold sends. */
    static class Wire implements MessageSender {
        final List<SipMessage> sent = new ArrayList<>();
        final List<Long> sentAtMillis = new ArrayList<>();
        final List<CompletableFuture<Void>> held = new ArrayList<>();
        boolean failing;
        boolean holding;
        VirtualScheduler clock;

        private CompletableFuture<Void> send(SipMessage m) {
            sent.add(m);
            sentAtMillis.add(clock == null ? -1 : clock.nanoTime() / 1_000_000);
            if (failing) {
                return CompletableFuture.failedFuture(new TransportException("connection refused"));
            }
            if (holding) {
                CompletableFuture<Void> f = new CompletableFuture<>();
                held.add(f);
                return f;
            }
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletableFuture<Void> sendRequest(SipRequest request, Destination destination) {
            return send(request);
        }

        @Override
        public CompletableFuture<Void> sendResponse(SipResponse response) {
            return send(response);
        }

        @Override
        public ListeningPoint listeningPoint(String transport) {
            return new ListeningPoint(transport, LOCAL);
        }

        /** Fails every send that is still held. */
        void failHeld() {
            held.forEach(f -> f.completeExceptionally(new TransportException("connection reset")));
            held.clear();
        }

        SipMessage last() {
            return sent.get(sent.size() - 1);
        }

        List<SipRequest> requests(String method) {
            return sent.stream().filter(m -> m instanceof SipRequest r && r.is(method)).map(m -> (SipRequest) m).toList();
        }

        List<Integer> statuses() {
            return sent.stream().filter(m -> m instanceof SipResponse).map(m -> ((SipResponse) m).statusCode()).toList();
        }
    }

    /** Records what the layer tells the TU. */
    static final class User implements TransactionUser {
        final List<ServerTransaction> requests = new ArrayList<>();
        final List<SipRequest> acks = new ArrayList<>();
        final List<SipResponse> strays = new ArrayList<>();
        final List<ServerTransaction> terminated = new ArrayList<>();
        final List<ServerTransaction> timedOut = new ArrayList<>();
        final List<TransportException> errors = new ArrayList<>();
        BiConsumer<ServerTransaction, SipRequest> onRequest = (tx, r) -> { };

        @Override
        public void onRequest(ServerTransaction tx, SipRequest req, Inbound source) {
            requests.add(tx);
            onRequest.accept(tx, req);
        }

        @Override
        public void onAck(SipRequest ack, Inbound source) {
            acks.add(ack);
        }

        @Override
        public void onStrayResponse(SipResponse rsp, Inbound source) {
            strays.add(rsp);
        }

        @Override
        public void onServerTransactionDone(ServerTransaction tx) {
            terminated.add(tx);
        }

        @Override
        public void onTransportError(ServerTransaction tx, TransportException e) {
            errors.add(e);
        }

        @Override
        public void onTimeout(ServerTransaction tx) {
            timedOut.add(tx);
        }
    }

    /** Records what a client transaction tells its TU. */
    static final class Listener implements ClientTransactionListener {
        final List<SipResponse> responses = new ArrayList<>();
        final List<ClientTransaction> timedOut = new ArrayList<>();
        final List<TransportException> errors = new ArrayList<>();

        @Override
        public void onResponse(ClientTransaction tx, SipResponse rsp) {
            responses.add(rsp);
        }

        @Override
        public void onTimeout(ClientTransaction tx) {
            timedOut.add(tx);
        }

        @Override
        public void onTransportError(ClientTransaction tx, TransportException e) {
            errors.add(e);
        }

        List<Integer> statuses() {
            return responses.stream().map(SipResponse::statusCode).toList();
        }
    }

    Fixture() {
        wire.clock = time;
    }
}
