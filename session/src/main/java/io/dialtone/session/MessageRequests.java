package io.dialtone.session;

import io.dialtone.dialog.Dialog;
import io.dialtone.message.HeaderNames;
import io.dialtone.message.NameAddr;
import io.dialtone.message.Parameters;
import io.dialtone.message.SipMethod;
import io.dialtone.message.SipRequest;
import io.dialtone.message.SipResponse;
import io.dialtone.message.SipUri;
import io.dialtone.transaction.ClientTransaction;
import io.dialtone.transaction.ClientTransactionListener;
import io.dialtone.transaction.ServerTransaction;
import io.dialtone.transport.Destination;
import io.dialtone.transport.ListeningPoint;
import io.dialtone.transport.TransportException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Locale;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;

/**
 * MESSAGE (RFC 3428), both ways, inside or outside a dialog.
 *
 * <p>Sending (§4): outside a dialog with a fresh Call-ID and From tag and no Contact; inside, in
 * the session's dialog. The future completes with the final response; Timer F completes it with a
 * local 408 and a transport failure with a local 503, as RFC 3261 §8.1.3.1 treats them.
 *
 * <p>Receiving (§7): the {@link MessageListener} decides. A type it does not accept gets 415 with
 * Accept; with no listener the message has nobody to go to and gets 480 Temporarily Unavailable
 * (RFC 3261 §21.4.18: the UA was reached but its user is not available), not 405, since the method
 * is implemented and stays in Allow. A listener's 2xx is sent as 200 (§7: 202 is for a relay).
 *
 * <p>Threading: confined to the call executor of the layer.
 */
final class MessageRequests {
    private static final Logger LOG = LoggerFactory.getLogger(MessageRequests.class);

    private final SessionLayer layer;
    private final ExtensionMethods ext;

    MessageRequests(SessionLayer layer, ExtensionMethods ext) {
        this.layer = layer;
        this.ext = ext;
    }

    CompletableFuture<SipResponse> send(String callId, SipUri target, String transport, String contentType, byte[] body) {
        ListeningPoint lp = layer.sender().listeningPoint(transport);
        SipRequest.Builder b = SipRequest.builder(SipMethod.MESSAGE, target)
                .addVia(layer.newVia(transport))
                .from(new NameAddr(null, SipUri.of(layer.config().userName(), lp.host(), lp.port()), Parameters.EMPTY)
                        .withTag(Dialog.newTag()))
                .to(NameAddr.of(target.withoutParam("transport")))
                .callId(callId)
                .cseq(1, SipMethod.MESSAGE)
                .maxForwards(70)
                .body(contentType, body);
        layer.decorate(b);
        SipRequest message = b.build();
        return send(message, layer.nextHop(message, transport));
    }

    CompletableFuture<SipResponse> send(InviteSession session, String contentType, byte[] body) {
        Dialog d = session.dialog();
        if (d == null || session.state() == SessionState.TERMINATED) {
            return CompletableFuture.failedFuture(new IllegalStateException("no dialog to send MESSAGE in"));
        }
        SipRequest.Builder b = d.newRequest(SipMethod.MESSAGE).addVia(layer.newVia(session.transport()))
                .remove(HeaderNames.CONTACT) // RFC 3428 §10: MESSAGE carries no Contact
                .body(contentType, body);
        layer.decorate(b);
        return send(b.build(), layer.nextHop(d, session.transport()));
    }

    private CompletableFuture<SipResponse> send(SipRequest message, Destination to) {
        CompletableFuture<SipResponse> result = new CompletableFuture<>();
        layer.transactions().sendRequest(message, to, new ClientTransactionListener() {
            @Override
            public void onResponse(ClientTransaction tx, SipResponse rsp) {
                if (rsp.isFinal()) {
                    result.complete(rsp);
                }
            }

            @Override
            public void onTimeout(ClientTransaction tx) {
                result.complete(SipResponse.to(message, 408).reason("Request Timeout (no response)").build());
            }

            @Override
            public void onTransportError(ClientTransaction tx, TransportException e) {
                result.complete(SipResponse.to(message, 503).reason("Service Unavailable (" + e.getMessage() + ")").build());
            }
        });
        return result;
    }

    void onMessage(ServerTransaction tx, SipRequest message) {
        MessageListener listener = ext.messageListener();
        if (listener == null) {
            tx.respond(layer.response(message, 480, null).build());
            return;
        }
        String type = message.contentType().orElse("");
        if (!listener.accepts().contains(type.toLowerCase(Locale.ROOT))) { // §7
            tx.respond(layer.response(message, 415, null)
                    .header(HeaderNames.ACCEPT, String.join(", ", new TreeSet<>(listener.accepts()))).build());
            return;
        }
        int status;
        try {
            status = listener.onMessage(message);
        } catch (RuntimeException e) {
            LOG.error("{}: MESSAGE listener threw", message.callId(), e);
            status = 500;
        }
        if (status < 200 || status > 699) {
            LOG.error("{}: MESSAGE listener returned {}; answering 500", message.callId(), status);
            status = 500;
        }
        tx.respond(layer.response(message, status >= 200 && status < 300 ? 200 : status, null).build());
    }
}
