package io.dialtone.session;

import io.dialtone.message.CSeq;
import io.dialtone.message.NameAddr;
import io.dialtone.message.SipMessage;
import io.dialtone.message.SipMethod;
import io.dialtone.message.SipRequest;
import io.dialtone.message.SipResponse;
import io.dialtone.message.SipUri;
import io.dialtone.message.Via;
import io.dialtone.rtp.AudioSink;
import io.dialtone.rtp.MediaEngine;
import io.dialtone.rtp.SilenceSource;
import io.dialtone.sdp.AnswerParams;
import io.dialtone.sdp.OfferAnswer;
import io.dialtone.sdp.OfferParams;
import io.dialtone.sdp.SessionDescription;
import io.dialtone.transaction.CancelRequests;
import io.dialtone.transaction.TransactionLayer;
import io.dialtone.transport.Destination;
import io.dialtone.transport.Inbound;
import io.dialtone.transport.ListeningPoint;
import io.dialtone.transport.MessageSender;
import io.dialtone.transport.VirtualScheduler;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real {@link TransactionLayer} and {@link SessionLayer} on virtual time, a recording wire, and
 * helpers that play the peer (127.0.0.1:5070).
 */
final class SessionFixture implements AutoCloseable {
    static final InetSocketAddress LOCAL = new InetSocketAddress("127.0.0.1", 5060);
    static final InetSocketAddress PEER = new InetSocketAddress("127.0.0.1", 5070);
    static final Inbound FROM_PEER = new Inbound("UDP", PEER, LOCAL);
    static final String PEER_CONTACT = "<sip:alice@127.0.0.1:5070>";
    static final String PEER_TAG = "peer1";
    static final AudioSink SINK = (frame, samples) -> { };
    private static final AtomicInteger CALLS = new AtomicInteger();

    final VirtualScheduler time = new VirtualScheduler();
    final Wire wire = new Wire(time);
    final MediaEngine media = MediaEngine.create(1);
    final List<InviteSession> incoming = new ArrayList<>();
    final SessionLayer sessions;
    final TransactionLayer transactions;
    final String callId = "call-" + CALLS.incrementAndGet() + "@127.0.0.1";
    private int branches;
    /** What the application does with an incoming session; by default nothing (it keeps ringing). */
    Consumer<InviteSession> onIncoming = s -> { };

    SessionFixture() {
        this(SessionConfig.builder().build());
    }

    SessionFixture(SessionConfig config) {
        sessions = new SessionLayer(config, time, wire, media, s -> {
            incoming.add(s);
            onIncoming.accept(s);
        });
        transactions = new TransactionLayer(wire, time, config.timers(), sessions);
        sessions.bind(transactions);
    }

    @Override
    public void close() {
        media.close();
    }

    // ------------------------------------------------------------------ time and input

    void advance(double seconds) {
        time.advance(Duration.ofMillis(Math.round(seconds * 1000)));
    }

    /** Advances to {@code seconds} after the start of the test. */
    void advanceTo(double seconds) {
        long target = Math.round(seconds * 1000);
        long now = time.nanoTime() / 1_000_000;
        time.advance(Duration.ofMillis(target - now));
    }

    void receive(SipRequest r) {
        transactions.onRequest(r, FROM_PEER);
    }

    void receive(SipResponse r) {
        transactions.onResponse(r, FROM_PEER);
    }

    /** Everything ended: no session, no transaction, no remembered request, no timer. */
    void assertIdle() {
        assertThat(sessions.rememberedRequests()).as("requests remembered for §8.2.2.2").isZero();
        assertThat(sessions.activeSessions()).as("active sessions").isZero();
        assertThat(transactions.activeTransactions()).as("active transactions").isZero();
        assertThat(time.pending()).as("pending timers").isZero();
    }

    /** Lets every transaction timer run out (Timer B/F/H/J/L/M are 32 s) and checks nothing is left. */
    void drainAndAssertIdle() {
        advance(64);
        assertIdle();
    }

    // ------------------------------------------------------------------ the peer as UAC

    String newBranch() {
        return "z9hG4bKpeer" + (++branches);
    }

    static byte[] peerOffer() {
        return OfferAnswer.createOffer(OfferParams.builder("127.0.0.1", 40000).sessionId(7).build()).toBytes();
    }

    /** The peer's INVITE with an SDP offer, Supported: timer and Allow with UPDATE; customise with {@code more}. */
    SipRequest invite(Consumer<SipRequest.Builder> more) {
        SipRequest.Builder b = SipRequest.builder(SipMethod.INVITE, SipUri.of("dialtone", "127.0.0.1", 5060))
                .addVia(Via.of("UDP", "127.0.0.1", 5070, newBranch()))
                .maxForwards(70)
                .from(NameAddr.of(SipUri.of("alice", "127.0.0.1", 5070)).withTag(PEER_TAG))
                .to(NameAddr.of(SipUri.of("dialtone", "127.0.0.1", 5060)))
                .callId(callId)
                .cseq(1, SipMethod.INVITE)
                .header("Contact", PEER_CONTACT)
                .header("Allow", "INVITE, ACK, BYE, CANCEL, OPTIONS, UPDATE")
                .header("Supported", "timer")
                .body("application/sdp", peerOffer());
        more.accept(b);
        return b.build();
    }

    SipRequest invite() {
        return invite(b -> { });
    }

    /** Feeds an INVITE and returns the session the listener received. */
    InviteSession ring(SipRequest invite) {
        receive(invite);
        assertThat(incoming).isNotEmpty();
        return incoming.get(incoming.size() - 1);
    }

    /** Feeds the INVITE, answers it, ACKs the 200: a confirmed UAS session. Returns the 200. */
    SipResponse establish(SipRequest invite) {
        InviteSession s = ring(invite);
        s.answer(SilenceSource.INSTANCE, SINK);
        SipResponse ok = wire.lastResponse(200, SipMethod.INVITE);
        receive(ackFor2xx(invite, ok));
        assertThat(s.state()).isEqualTo(SessionState.CONFIRMED);
        return ok;
    }

    /** The peer's ACK for our 2xx: a new transaction, so a new branch (§13.2.2.4). */
    SipRequest ackFor2xx(SipRequest invite, SipResponse ok) {
        return SipRequest.builder(SipMethod.ACK, SipUri.parse(ok.contacts().get(0).uri().toString()))
                .addVia(Via.of("UDP", "127.0.0.1", 5070, newBranch()))
                .maxForwards(70)
                .from(invite.from()).to(ok.to()).callId(invite.callId())
                .cseq(invite.cseq().number(), SipMethod.ACK)
                .build();
    }

    /** The peer's ACK for our non-2xx final: the INVITE's branch (§17.1.1.3). */
    static SipRequest ackForFailure(SipRequest invite, SipResponse failure) {
        return SipRequest.builder(SipMethod.ACK, invite.requestUri())
                .vias(List.of(invite.topVia())).maxForwards(70)
                .from(invite.from()).to(failure.to()).callId(invite.callId())
                .cseq(invite.cseq().number(), SipMethod.ACK)
                .build();
    }

    static SipRequest cancel(SipRequest invite) {
        return CancelRequests.create(invite);
    }

    /** A request from the peer inside the dialog our 200 ({@code ok}) established. */
    SipRequest inDialog(String method, long cseq, SipResponse ok, Consumer<SipRequest.Builder> more) {
        SipRequest.Builder b = SipRequest.builder(method, ok.contacts().get(0).uri())
                .addVia(Via.of("UDP", "127.0.0.1", 5070, newBranch()))
                .maxForwards(70)
                .from(ok.from()).to(ok.to()).callId(ok.callId())
                .cseq(cseq, method);
        more.accept(b);
        return b.build();
    }

    SipRequest inDialog(String method, long cseq, SipResponse ok) {
        return inDialog(method, cseq, ok, b -> { });
    }

    /** A request from the peer outside any dialog. */
    SipRequest outOfDialog(String method, Consumer<SipRequest.Builder> more) {
        SipRequest.Builder b = SipRequest.builder(method, SipUri.of("dialtone", "127.0.0.1", 5060))
                .addVia(Via.of("UDP", "127.0.0.1", 5070, newBranch()))
                .maxForwards(70)
                .from(NameAddr.of(SipUri.of("alice", "127.0.0.1", 5070)).withTag(PEER_TAG))
                .to(NameAddr.of(SipUri.of("dialtone", "127.0.0.1", 5060)))
                .callId(callId)
                .cseq(1, method);
        more.accept(b);
        return b.build();
    }

    // ------------------------------------------------------------------ the peer as UAS

    /** The peer's response to a request we sent, with the peer's To tag and Contact. */
    static SipResponse.Builder answer(SipRequest request, int status) {
        SipResponse.Builder b = SipResponse.to(request, status);
        if (request.to().tag() == null && status > 100) {
            b.toTag(PEER_TAG);
        }
        if (status >= 101 && status < 300 && !request.is(SipMethod.BYE) && !request.is(SipMethod.CANCEL)) {
            b.header("Contact", PEER_CONTACT);
        }
        return b;
    }

    /** The peer's 200 to our INVITE with an SDP answer to its offer. */
    static SipResponse.Builder okWithAnswer(SipRequest invite) {
        try {
            byte[] sdp = OfferAnswer.answer(SessionDescription.parse(invite.body()),
                    AnswerParams.builder("127.0.0.1", 40002).sessionId(9).build()).sdp().toBytes();
            return answer(invite, 200).body("application/sdp", sdp);
        } catch (io.dialtone.sdp.SdpParseException e) {
            throw new AssertionError(e);
        }
    }

    // ------------------------------------------------------------------ the wire

    /** A MessageSender that records everything with the virtual time it was sent at. */
    static final class Wire implements MessageSender {
        record Sent(SipMessage message, long atMillis, Destination destination) {}

        final List<Sent> sent = new ArrayList<>();
        private final VirtualScheduler clock;
        /** When true every send fails with a {@link io.dialtone.transport.TransportException} (it is still recorded). */
        boolean failing;

        Wire(VirtualScheduler clock) {
            this.clock = clock;
        }

        @Override
        public java.util.concurrent.CompletableFuture<Void> sendRequest(SipRequest request, Destination destination) {
            sent.add(new Sent(request, clock.nanoTime() / 1_000_000, destination));
            return result();
        }

        @Override
        public java.util.concurrent.CompletableFuture<Void> sendResponse(SipResponse response) {
            sent.add(new Sent(response, clock.nanoTime() / 1_000_000, null));
            return result();
        }

        private java.util.concurrent.CompletableFuture<Void> result() {
            return failing
                    ? java.util.concurrent.CompletableFuture.failedFuture(new io.dialtone.transport.TransportException("unreachable"))
                    : java.util.concurrent.CompletableFuture.completedFuture(null);
        }

        /** Where the last request was sent. */
        Destination lastDestination() {
            for (int i = sent.size() - 1; i >= 0; i--) {
                if (sent.get(i).message() instanceof SipRequest) {
                    return sent.get(i).destination();
                }
            }
            throw new AssertionError("no request sent");
        }

        @Override
        public ListeningPoint listeningPoint(String transport) {
            return new ListeningPoint(transport, LOCAL);
        }

        List<SipRequest> requests(String method) {
            return sent.stream().filter(s -> s.message() instanceof SipRequest r && r.is(method))
                    .map(s -> (SipRequest) s.message()).toList();
        }

        List<Long> requestTimes(String method) {
            return sent.stream().filter(s -> s.message() instanceof SipRequest r && r.is(method)).map(Sent::atMillis).toList();
        }

        SipRequest lastRequest(String method) {
            List<SipRequest> r = requests(method);
            assertThat(r).as("%s requests sent", method).isNotEmpty();
            return r.get(r.size() - 1);
        }

        List<SipResponse> responses(String method) {
            return sent.stream().filter(s -> s.message() instanceof SipResponse r && r.cseq().method().equals(method))
                    .map(s -> (SipResponse) s.message()).toList();
        }

        List<Integer> statuses(String method) {
            return responses(method).stream().map(SipResponse::statusCode).toList();
        }

        List<Long> responseTimes(int status, String method) {
            return sent.stream().filter(s -> s.message() instanceof SipResponse r && r.statusCode() == status
                    && r.cseq().method().equals(method)).map(Sent::atMillis).toList();
        }

        SipResponse lastResponse(int status, String method) {
            List<SipResponse> r = responses(method).stream().filter(x -> x.statusCode() == status).toList();
            assertThat(r).as("%d responses to %s sent", status, method).isNotEmpty();
            return r.get(r.size() - 1);
        }

        SipResponse lastResponse(String method) {
            List<SipResponse> r = responses(method);
            assertThat(r).as("responses to %s sent", method).isNotEmpty();
            return r.get(r.size() - 1);
        }

        static CSeq cseq(SipMessage m) {
            return m.cseq();
        }
    }
}
