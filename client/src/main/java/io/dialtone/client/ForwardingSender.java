package io.dialtone.client;

import io.dialtone.message.SipRequest;
import io.dialtone.message.SipResponse;
import io.dialtone.transport.Destination;
import io.dialtone.transport.Inbound;
import io.dialtone.transport.ListeningPoint;
import io.dialtone.transport.MessageSender;

import java.util.concurrent.CompletableFuture;

/**
 * Lets the layers created while the transport starts hold a sender before the transport object
 * exists; bound once, right after start, before any message can flow.
 */
final class ForwardingSender implements MessageSender {
    private volatile MessageSender target;

    void bind(MessageSender sender) {
        this.target = sender;
    }

    @Override
    public CompletableFuture<Void> sendRequest(SipRequest request, Destination destination) {
        return target.sendRequest(request, destination);
    }

    @Override
    public CompletableFuture<Void> sendResponse(SipResponse response) {
        return target.sendResponse(response);
    }

    @Override
    public CompletableFuture<Void> sendResponse(SipResponse response, Inbound requestSource) {
        return target.sendResponse(response, requestSource);
    }

    @Override
    public void countShed() {
        target.countShed();
    }

    @Override
    public ListeningPoint listeningPoint(String transport) {
        return target.listeningPoint(transport);
    }
}
