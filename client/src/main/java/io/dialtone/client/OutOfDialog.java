package io.dialtone.client;

import io.dialtone.dialog.Dialog;
import io.dialtone.message.SipParseException;
import io.dialtone.message.SipResponse;
import io.dialtone.message.SipUri;
import io.dialtone.session.NotifyHandler;
import io.dialtone.session.SessionLayer;
import io.dialtone.session.Subscription;
import io.dialtone.session.register.OptionsQuery;
import io.dialtone.session.register.RegistrationClient;
import io.dialtone.session.register.RegistrationConfig;
import io.dialtone.session.register.RegistrationListener;
import io.dialtone.transaction.TransactionLayer;
import io.dialtone.transport.CallExecutor;
import io.dialtone.transport.ListeningPoint;
import io.dialtone.transport.SipTransport;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * The requests a {@link UserAgent} starts outside any dialog other than INVITE: REGISTER (RFC 3261
 * §10.2), OPTIONS (§11), MESSAGE (RFC 3428) and SUBSCRIBE (RFC 6665). Each gets a new Call-ID, runs
 * on that Call-ID's call executor and completes on the agent's callback executor. The public
 * methods and their contracts are {@link UserAgent}'s; this class holds their mechanics.
 *
 * <p>Threading: callable from any thread; the work runs on call executors.
 */
final class OutOfDialog {
    /** Where a new out-of-dialog request starts: its target, transport, a new Call-ID and that Call-ID's executor. */
    record Origin(SipUri target, String transport, String callId, CallExecutor executor) { }

    private final SipTransport transport;
    private final Map<CallExecutor, SessionLayer> layers;
    private final Map<CallExecutor, TransactionLayer> transactionLayers;
    private final Executor callbacks;
    private final SipUri outboundProxy;
    private final String userAgentName;

    OutOfDialog(SipTransport transport, Map<CallExecutor, SessionLayer> layers,
                Map<CallExecutor, TransactionLayer> transactionLayers, Executor callbacks, SipUri outboundProxy,
                String userAgentName) {
        this.transport = transport;
        this.layers = layers;
        this.transactionLayers = transactionLayers;
        this.callbacks = callbacks;
        this.outboundProxy = outboundProxy;
        this.userAgentName = userAgentName;
    }

    /**
     * @param defaultTransport used unless the URI has {@code ;transport=}
     * @throws IllegalArgumentException for a malformed URI
     */
    Origin origin(String uri, String defaultTransport) {
        SipUri target;
        try {
            target = SipUri.parse(uri);
        } catch (SipParseException e) {
            throw new IllegalArgumentException("bad URI " + uri + ": " + e.getMessage(), e);
        }
        String t = (target.transportParam() != null ? target.transportParam() : defaultTransport).toUpperCase(Locale.ROOT);
        String callId = Dialog.newCallId(transport.listeningPoint(t).host().replace("[", "").replace("]", ""));
        return new Origin(target, t, callId, transport.executorFor(callId));
    }

    /** See {@link UserAgent#register(RegistrationConfig, RegistrationListener)}. */
    Registration register(RegistrationConfig config, RegistrationListener listener) {
        RegistrationConfig cfg = config.outboundProxy() != null || outboundProxy == null ? config
                : config.withOutboundProxy(outboundProxy);
        String callId = Dialog.newCallId(transport.listeningPoint(cfg.transport()).host().replace("[", "").replace("]", ""));
        CallExecutor executor = transport.executorFor(callId);
        Registration handle = new Registration(executor, callbacks);
        executor.execute(() -> {
            try {
                RegistrationClient c = new RegistrationClient(cfg, callId, transactionLayers.get(executor), transport,
                        executor, (from, to, cause, detail) -> {
                            handle.onStateChange(to, detail);
                            if (listener != null) {
                                callbacks.execute(() -> listener.onStateChange(from, to, cause, detail));
                            }
                        });
                handle.bind(c);
                c.start();
            } catch (RuntimeException e) {
                handle.failToStart(e);
            }
        });
        return handle;
    }

    /** See {@link UserAgent#options(String, String)}. */
    CompletableFuture<SipResponse> options(String uri, String transportName) {
        Origin o;
        try {
            o = origin(uri, transportName);
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(e);
        }
        ListeningPoint lp = transport.listeningPoint(o.transport());
        return onExecutor(o.executor(), () -> OptionsQuery.send(transactionLayers.get(o.executor()), transport, o.callId(),
                o.target(), SipUri.of(null, lp.host(), lp.port()), o.transport(), outboundProxy, userAgentName));
    }

    /** See {@link UserAgent#sendMessage(String, String, byte[])}. */
    CompletableFuture<SipResponse> sendMessage(String uri, String contentType, byte[] body) {
        Origin o;
        try {
            o = origin(uri, "UDP");
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(e);
        }
        return onExecutor(o.executor(), () -> layers.get(o.executor()).extensions()
                .sendMessage(o.callId(), o.target(), o.transport(), contentType, body));
    }

    /** See {@link UserAgent#subscribe(String, String, long, NotifyHandler)}. */
    CompletableFuture<Subscription> subscribe(String uri, String eventPackage, long expiresSec, NotifyHandler handler) {
        Origin o;
        try {
            o = origin(uri, "UDP");
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(e);
        }
        return CompletableFuture.supplyAsync(() -> layers.get(o.executor()).extensions()
                .subscribe(o.callId(), o.target(), o.transport(), eventPackage, expiresSec, handler), o.executor());
    }

    /** Runs {@code request} on {@code executor} and completes the result on the callback executor. */
    private <T> CompletableFuture<T> onExecutor(CallExecutor executor, Supplier<CompletableFuture<T>> request) {
        CompletableFuture<T> result = new CompletableFuture<>();
        executor.execute(() -> {
            try {
                request.get().whenComplete((r, e) -> {
                    if (e != null) {
                        result.completeExceptionally(e);
                    } else {
                        result.complete(r);
                    }
                });
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        });
        return result.thenApplyAsync(r -> r, callbacks);
    }
}
