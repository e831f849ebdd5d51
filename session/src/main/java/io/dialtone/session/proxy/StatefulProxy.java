package io.dialtone.session.proxy;

import io.dialtone.dialog.Dialog;
import io.dialtone.dialog.NextHop;
import io.dialtone.message.HeaderNames;
import io.dialtone.message.NameAddr;
import io.dialtone.message.SipMethod;
import io.dialtone.message.SipRequest;
import io.dialtone.message.SipResponse;
import io.dialtone.message.SipUri;
import io.dialtone.message.Via;
import io.dialtone.transaction.CancelRequests;
import io.dialtone.transaction.ClientTransaction;
import io.dialtone.transaction.ClientTransactionListener;
import io.dialtone.transaction.ServerTransaction;
import io.dialtone.transaction.TransactionLayer;
import io.dialtone.transaction.TransactionState;
import io.dialtone.transport.Destination;
import io.dialtone.transport.Inbound;
import io.dialtone.transport.ListeningPoint;
import io.dialtone.transport.MessageSender;
import io.dialtone.transport.Scheduler;
import io.dialtone.transport.TransportException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * A transaction-stateful proxy to one target per request (RFC 3261 §16), used by the registrar
 * to route requests for registered AORs to their contact. For each forwarded request it keeps a
 * response context (§16.7): the server transaction upstream and one client transaction
 * downstream.
 *
 * <ul>
 * <li>§16.3: Max-Forwards 0 is answered 483; a Proxy-Require we do not support 420.</li>
 * <li>§16.4: a top Route naming us is removed.</li>
 * <li>§16.6: the copy gets the target as Request-URI, Max-Forwards decremented (70 when absent)
 *     and our Via with a fresh branch on top; no Record-Route, so in-dialog requests go direct.</li>
 * <li>§16.2: an INVITE is answered 100 Trying at once; a 100 from downstream is not relayed.</li>
 * <li>§16.7: other provisionals and every 2xx (with the INVITE's 2xx retransmissions, §16.7 step 5)
 *     are relayed at once with our Via removed; with a single target the final response is the
 *     best one and is relayed, a 503 as 500 (step 6). Timer B/F expiry gives 408, a transport error
 *     500 (§16.9: treated as a 503).</li>
 * <li>§16.10: a CANCEL for a forwarded INVITE (the UAS core answers it 200) is forwarded once a
 *     provisional arrived downstream (§9.1); the 487 that follows is relayed.</li>
 * <li>§16.6 step 11: Timer C, re-armed by each provisional, cancels an INVITE left without a final.</li>
 * <li>§16.7 (no matching transaction): a 2xx to an INVITE whose top Via is ours is relayed statelessly.</li>
 * </ul>
 *
 * <p>Threading: one instance per call executor, confined to it like its {@link TransactionLayer}.
 */
public final class StatefulProxy {
    private static final Logger LOG = LoggerFactory.getLogger(StatefulProxy.class);

    private final TransactionLayer transactions;
    private final MessageSender sender;
    private final Scheduler scheduler;
    private final String serverName;
    private final Duration timerC;
    private final Map<ServerTransaction, Context> byServerTx = new HashMap<>();

    /**
     * @param transactions the transaction layer of this executor
     * @param sender       the transport, for our Via and stateless relaying
     * @param scheduler    this executor's scheduler (Timer C)
     * @param serverName   Server header of responses the proxy itself generates
     * @param timerC       Timer C, more than 3 minutes per §16.6 step 11
     */
    public StatefulProxy(TransactionLayer transactions, MessageSender sender, Scheduler scheduler, String serverName,
                         Duration timerC) {
        this.transactions = Objects.requireNonNull(transactions, "transactions");
        this.sender = Objects.requireNonNull(sender, "sender");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.serverName = Objects.requireNonNull(serverName, "serverName");
        this.timerC = Objects.requireNonNull(timerC, "timerC");
    }

    /** Forwarded requests whose final response has not been relayed yet. */
    public int activeForwards() {
        return byServerTx.size();
    }

    /**
     * True when {@code uri} names this element: its host is one of our listening addresses and its
     * port ours (§16.4).
     */
    public boolean isLocal(SipUri uri) {
        for (String t : new String[] {"UDP", "TCP"}) {
            ListeningPoint lp = sender.listeningPoint(t);
            if (lp != null && uri.portOrDefault() == lp.port() && sameHost(uri.hostAddress(), lp)) {
                return true;
            }
        }
        return false;
    }

    private static boolean sameHost(String host, ListeningPoint lp) {
        if (host.equalsIgnoreCase(lp.address().getHostString())) {
            return true;
        }
        try {
            InetAddress a = InetAddress.getByName(host); // an IP literal: parsed, not looked up
            return a.equals(lp.address().getAddress()) || (lp.address().getAddress().isAnyLocalAddress() && a.isLoopbackAddress());
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /**
     * Forwards {@code request}, which created {@code tx}, to {@code target} (§16.6) and relays the
     * responses back through {@code tx}. Answers {@code tx} itself when it cannot forward (483, 420,
     * 500).
     *
     * @param source where the request came from; its transport is used when {@code target} names none
     */
    public void forward(ServerTransaction tx, SipRequest request, SipUri target, Inbound source) {
        int maxForwards = request.maxForwards();
        if (maxForwards == 0) {                                                               // §16.3 step 3
            tx.respond(response(request, 483, "Too Many Hops"));
            return;
        }
        List<String> proxyRequire = request.headerList("Proxy-Require");
        if (!proxyRequire.isEmpty()) {                                                        // §16.3 step 5
            tx.respond(SipResponse.to(request, 420).toTag(Dialog.newTag()).header(HeaderNames.SERVER, serverName)
                    .header(HeaderNames.UNSUPPORTED, String.join(", ", proxyRequire)).build());
            return;
        }
        if (request.is(SipMethod.INVITE)) {                                                   // §16.2
            tx.respond(SipResponse.to(request, 100).header(HeaderNames.SERVER, serverName).build());
        }
        String transport = target.transportParam() != null ? target.transportParam().toUpperCase(Locale.ROOT)
                : source.transport();
        ListeningPoint lp = sender.listeningPoint(transport);
        SipRequest.Builder b = request.toBuilder()
                .requestUri(target)                                                            // §16.6 step 2
                .maxForwards(maxForwards < 0 ? 70 : maxForwards - 1)                           // step 3
                .addVia(Via.of(transport, lp.host(), lp.port(), TransactionLayer.newBranch())); // step 8
        List<NameAddr> routes = request.routes();
        if (!routes.isEmpty() && routes.get(0).isSip() && isLocal(routes.get(0).uri())) {     // §16.4
            b.routes(routes.subList(1, routes.size()));
        }
        SipRequest forwarded = b.build();
        Destination destination;
        try {
            destination = NextHop.of(forwarded, transport);                                    // step 7
        } catch (TransportException e) {
            LOG.warn("{}: cannot forward {} to {}: {}", request.callId(), request.method(), target, e.getMessage());
            tx.respond(response(request, 500, "Target Unreachable"));                          // §16.9
            return;
        }
        Context ctx = new Context(tx, forwarded, destination);
        byServerTx.put(tx, ctx);
        ctx.client = transactions.sendRequest(forwarded, destination, ctx);
        if (forwarded.is(SipMethod.INVITE)) {
            ctx.armTimerC();                                                                   // step 11
        }
    }

    /**
     * A CANCEL for the INVITE of {@code inviteTx} was answered 200 by the UAS core: if that INVITE
     * was forwarded, cancel it downstream (§16.10).
     *
     * @return true when {@code inviteTx} is a forwarded INVITE
     */
    public boolean onCancel(ServerTransaction inviteTx) {
        Context ctx = byServerTx.get(inviteTx);
        if (ctx == null) {
            return false;
        }
        ctx.cancel();
        return true;
    }

    /**
     * A response no client transaction matched (§16.7, stateless relaying): a 2xx to an INVITE
     * whose top Via is ours (a retransmission after the transaction ended) goes to the next Via.
     *
     * @return true when relayed
     */
    public boolean onStrayResponse(SipResponse rsp) {
        List<Via> vias = rsp.vias();
        if (!rsp.isSuccess() || !rsp.cseq().method().equals(SipMethod.INVITE) || vias.size() < 2) {
            return false;
        }
        Via top = vias.get(0);
        if (!isLocal(SipUri.of(null, top.host(), top.portOrDefault()))) {
            return false;
        }
        sender.sendResponse(rsp.toBuilder().vias(vias.subList(1, vias.size())).build());
        return true;
    }

    private SipResponse response(SipRequest request, int status, String reason) {
        SipResponse.Builder b = SipResponse.to(request, status).header(HeaderNames.SERVER, serverName);
        if (request.toTag() == null) {
            b.toTag(Dialog.newTag());
        }
        return reason == null ? b.build() : b.reason(reason).build();
    }

    /** The response context of one forwarded request (§16.7), with its single branch. */
    private final class Context implements ClientTransactionListener {
        final ServerTransaction server;
        final SipRequest forwarded;
        final Destination destination;
        ClientTransaction client;
        boolean provisional;
        boolean cancelRequested;
        boolean cancelSent;
        boolean finalRelayed;
        Scheduler.Scheduled timer;

        Context(ServerTransaction server, SipRequest forwarded, Destination destination) {
            this.server = server;
            this.forwarded = forwarded;
            this.destination = destination;
        }

        @Override
        public void onResponse(ClientTransaction tx, SipResponse rsp) {
            if (rsp.statusCode() == 100) {                                                     // §16.7 step 3
                return;
            }
            if (rsp.isProvisional()) {
                provisional = true;
                if (cancelRequested) {
                    sendCancel();                                                              // §9.1
                } else if (forwarded.is(SipMethod.INVITE)) {
                    armTimerC();
                }
                if (!finalRelayed) {
                    relay(rsp);
                }
                return;
            }
            if (rsp.isSuccess()) {                                                             // step 5, incl. retransmissions
                relay(rsp);
                finish();
                return;
            }
            if (!finalRelayed) {                                                               // step 6: the only, so best, response
                relay(rsp.statusCode() == 503 ? rsp.toBuilder().status(500).reason("Server Internal Error").build() : rsp);
                finish();
            }
        }

        @Override
        public void onTimeout(ClientTransaction tx) {
            if (!finalRelayed) {
                respond(408, "Request Timeout");
            }
        }

        @Override
        public void onTransportError(ClientTransaction tx, TransportException e) {
            LOG.warn("{}: forwarding {} to {} failed: {}", forwarded.callId(), forwarded.method(), destination,
                    e.getMessage());
            if (!finalRelayed) {
                respond(500, "Next Hop Unreachable");                                          // §16.9
            }
        }

        void cancel() {
            if (finalRelayed || cancelRequested) {
                return;
            }
            cancelRequested = true;
            if (provisional) {
                sendCancel();
            }
        }

        private void sendCancel() {
            if (cancelSent || client.state() != TransactionState.PROCEEDING) { // §9.1: only while unanswered
                return;
            }
            cancelSent = true;
            SipRequest cancel = CancelRequests.create(forwarded);
            transactions.sendRequest(cancel, destination, new ClientTransactionListener() {
                @Override
                public void onResponse(ClientTransaction tx, SipResponse rsp) { }

                @Override
                public void onTimeout(ClientTransaction tx) { }

                @Override
                public void onTransportError(ClientTransaction tx, TransportException e) { }
            });
        }

        void armTimerC() {
            if (timer != null) {
                timer.cancel();
            }
            timer = scheduler.schedule(timerC, () -> {
                timer = null;
                if (finalRelayed) {
                    return;
                }
                if (provisional) {
                    cancelRequested = true;
                    sendCancel();                                                              // its 487 is relayed
                } else {
                    respond(408, "Request Timeout");
                }
            });
        }

        /** Relays {@code rsp} upstream with our Via removed (§16.7 step 9). */
        private void relay(SipResponse rsp) {
            List<Via> vias = rsp.vias();
            SipResponse up = rsp.toBuilder().vias(vias.subList(1, vias.size())).build();
            try {
                server.respond(up);
            } catch (IllegalStateException e) {
                LOG.debug("{}: upstream transaction no longer takes {}", forwarded.callId(), rsp.statusCode());
            }
        }

        private void respond(int status, String reason) {
            try {
                server.respond(response(server.request(), status, reason));
            } catch (IllegalStateException e) {
                LOG.debug("{}: upstream transaction no longer takes {}", forwarded.callId(), status);
            }
            finish();
        }

        private void finish() {
            finalRelayed = true;
            if (timer != null) {
                timer.cancel();
                timer = null;
            }
            byServerTx.remove(server, this);
        }
    }
}
