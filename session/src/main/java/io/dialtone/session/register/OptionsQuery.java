package io.dialtone.session.register;

import io.dialtone.dialog.Dialog;
import io.dialtone.dialog.NextHop;
import io.dialtone.message.HeaderNames;
import io.dialtone.message.NameAddr;
import io.dialtone.message.SipMethod;
import io.dialtone.message.SipRequest;
import io.dialtone.message.SipResponse;
import io.dialtone.message.SipUri;
import io.dialtone.message.Via;
import io.dialtone.transaction.ClientTransaction;
import io.dialtone.transaction.ClientTransactionListener;
import io.dialtone.transaction.TransactionLayer;
import io.dialtone.transport.ListeningPoint;
import io.dialtone.transport.MessageSender;
import io.dialtone.transport.TransportException;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Queries a UA or server for its capabilities with OPTIONS outside any dialog (RFC 3261 §11.1).
 * Stateless helper; call {@link #send} on the call executor {@code callId} hashes to.
 */
public final class OptionsQuery {
    private OptionsQuery() {}

    /**
     * Sends OPTIONS to {@code target} and completes with its final response, whatever the status.
     *
     * @param callId        a new Call-ID that hashes to the calling executor
     * @param from          our address (From), e.g. {@code sip:dialtone@host:port}
     * @param transport     "UDP" or "TCP" unless {@code target} names one
     * @param outboundProxy a proxy to send it through ({@code Route: <proxy;lr>}), or {@code null}
     * @return fails with {@link RegistrationException} 408 on Timer F, 503 on a transport error
     */
    public static CompletableFuture<SipResponse> send(TransactionLayer transactions, MessageSender sender, String callId,
                                                      SipUri target, SipUri from, String transport, SipUri outboundProxy,
                                                      String userAgent) {
        CompletableFuture<SipResponse> result = new CompletableFuture<>();
        ListeningPoint lp = sender.listeningPoint(transport);
        SipRequest.Builder b = SipRequest.builder(SipMethod.OPTIONS, target)
                .addVia(Via.of(transport, lp.host(), lp.port(), TransactionLayer.newBranch()))
                .maxForwards(70)
                .from(NameAddr.of(from).withTag(Dialog.newTag()))
                .to(NameAddr.of(target.withoutParam("transport")))
                .callId(callId)
                .cseq(1, SipMethod.OPTIONS)
                .contact(NameAddr.of(from))
                .set(HeaderNames.ACCEPT, "application/sdp")
                .set(HeaderNames.USER_AGENT, userAgent);
        if (outboundProxy != null) {
            b.routes(List.of(NameAddr.of(outboundProxy.looseRouting() ? outboundProxy : outboundProxy.withParam("lr", null))));
        }
        SipRequest options = b.build();
        try {
            transactions.sendRequest(options, NextHop.of(options, transport), new ClientTransactionListener() {
                @Override
                public void onResponse(ClientTransaction tx, SipResponse rsp) {
                    if (rsp.isFinal()) {
                        result.complete(rsp);
                    }
                }

                @Override
                public void onTimeout(ClientTransaction tx) {
                    result.completeExceptionally(new RegistrationException(408, "no response to OPTIONS (Timer F)"));
                }

                @Override
                public void onTransportError(ClientTransaction tx, TransportException e) {
                    result.completeExceptionally(new RegistrationException(503, "transport error: " + e.getMessage()));
                }
            });
        } catch (TransportException e) {
            result.completeExceptionally(new RegistrationException(503, e.getMessage()));
        }
        return result;
    }
}
