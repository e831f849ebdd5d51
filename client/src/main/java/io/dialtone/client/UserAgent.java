package io.dialtone.client;

import io.dialtone.message.SipParseException;
import io.dialtone.message.SipUri;
import io.dialtone.rtp.MediaEngine;
import io.dialtone.rtp.MediaImpairment;
import io.dialtone.message.SipResponse;
import io.dialtone.session.EndReason;
import io.dialtone.session.MessageListener;
import io.dialtone.session.NotifyHandler;
import io.dialtone.session.ReferRequest;
import io.dialtone.session.Subscription;
import io.dialtone.session.TransferDecision;
import io.dialtone.session.event.EventPackage;
import io.dialtone.session.InviteSession;
import io.dialtone.session.SessionConfig;
import io.dialtone.session.SessionLayer;
import io.dialtone.session.SessionState;
import io.dialtone.message.NameAddr;
import io.dialtone.message.SipResponse;
import io.dialtone.session.proxy.StatefulProxy;
import io.dialtone.session.register.InMemoryLocationService;
import io.dialtone.session.register.LocationService;
import io.dialtone.session.register.Registrar;
import io.dialtone.session.register.RegistrarConfig;
import io.dialtone.session.register.RegistrationConfig;
import io.dialtone.session.register.RegistrationListener;
import io.dialtone.transaction.TimerConfig;
import io.dialtone.transaction.TransactionLayer;
import io.dialtone.transport.CallExecutor;
import io.dialtone.transport.ListeningPoint;
import io.dialtone.transport.SipTransport;
import io.dialtone.transport.ImpairmentConfig;
import io.dialtone.transport.TransportConfig;
import io.dialtone.transport.TransportMetrics;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * An embeddable SIP user agent: listens on UDP and TCP, places and receives calls with G.711
 * audio.
 *
 * <pre>{@code
 * try (UserAgent ua = UserAgent.builder().listen("127.0.0.1", 5070)
 *         .onIncomingCall(in -> in.answer(new ToneSource(440, 8000, 0.3), (pcm, n) -> { }))
 *         .start()) {
 *     Call call = ua.call("sip:bob@127.0.0.1:5060").get(10, SECONDS);
 *     call.hangup().get(5, SECONDS);
 * }
 * }</pre>
 *
 * <p>Threading: all methods are thread-safe. Each call lives on one call executor chosen by its
 * Call-ID; callbacks (the incoming-call handler, futures' dependents) run on that executor unless
 * {@link Builder#callbackExecutor} supplies another — do not block there.
 */
public final class UserAgent implements AutoCloseable {
    private final SipTransport transport;
    private final MediaEngine media;
    private final Map<CallExecutor, SessionLayer> layers = new ConcurrentHashMap<>();
    private final Map<String, InviteSession> live = new ConcurrentHashMap<>();
    private final Executor callbacks;
    private final Consumer<IncomingCall> incoming;
    private final Map<CallExecutor, TransactionLayer> transactionLayers = new ConcurrentHashMap<>();
    private final SipUri outboundProxy;
    private final LocationService locations;
    private final String userAgentName;
    private final Predicate<ReferRequest> referPolicy;           // transferee (RFC 3515); null: decline
    private final Consumer<Call> transferredCalls;                // calls placed because of a REFER
    private final MessageListener messages;                       // RFC 3428; null: 480
    private final List<EventPackage> eventPackages;               // RFC 6665 notifier
    private final OutOfDialog outOfDialog;                        // REGISTER, OPTIONS, MESSAGE, SUBSCRIBE

    private UserAgent(Builder b) {
        this.incoming = b.incoming;
        this.referPolicy = b.referPolicy;
        this.transferredCalls = b.transferredCalls;
        this.messages = b.messages;
        this.eventPackages = List.copyOf(b.eventPackages);
        SessionConfig cfg = b.session.build();
        this.outboundProxy = b.outboundProxy;
        this.locations = b.locations;
        this.userAgentName = cfg.userAgent();
        RegistrarConfig registrarConfig = b.locations == null ? null : b.registrarConfig != null ? b.registrarConfig
                : RegistrarConfig.builder().localUser(cfg.userName()).serverName(cfg.userAgent())
                        .digestServer(cfg.digestServer()).build(); // --auth-user: REGISTER challenged too
        this.media = MediaEngine.create(cfg.mediaEnabled() ? b.mediaThreads : 1, b.mediaIo); // media off: one idle loop
        ForwardingSender sender = new ForwardingSender();
        Executor cb = b.callbackExecutor;
        this.callbacks = cb != null ? cb : Runnable::run;
        try {
            this.transport = SipTransport.start(b.transport.build(), executor -> {
                SessionLayer sl = new SessionLayer(cfg, executor, sender, media, s -> onIncoming(s, executor));
                TransactionLayer tl = new TransactionLayer(sender, executor, cfg.timers(), sl);
                sl.bind(tl);
                if (registrarConfig != null) { // RFC 3261 §10.3 registrar + §16 proxy for registered AORs
                    StatefulProxy proxy = new StatefulProxy(tl, sender, executor, registrarConfig.serverName(),
                            Duration.ofSeconds(registrarConfig.timerCSec()));
                    Registrar registrar = new Registrar(registrarConfig, b.locations, proxy, executor, java.time.Clock.systemUTC());
                    sl.registrar(registrar);
                    if (executor.index() == 0) {
                        registrar.purgeEvery(Duration.ofSeconds(60));
                    }
                }
                transactionLayers.put(executor, tl);
                configureExtensions(sl);
                layers.put(executor, sl);
                return tl;
            });
        } catch (RuntimeException e) {
            media.close();
            throw e;
        }
        sender.bind(transport);
        this.outOfDialog = new OutOfDialog(transport, layers, transactionLayers, callbacks, outboundProxy, userAgentName);
    }

    public static Builder builder() {
        return new Builder();
    }

    private void onIncoming(InviteSession session, CallExecutor executor) {
        track(session);
        IncomingCall call = new IncomingCall(session, executor, callbacks);
        if (incoming == null) {
            session.reject(480);
            return;
        }
        callbacks.execute(() -> incoming.accept(call));
    }

    /** REFER, MESSAGE and SUBSCRIBE/NOTIFY of one layer; the directory reaches the layer owning any Call-ID. */
    private void configureExtensions(SessionLayer sl) {
        sl.extensions().directory(this::runOnLayerOf);
        sl.extensions().messageListener(messages);
        eventPackages.forEach(sl.extensions()::addEventPackage);
        if (referPolicy != null) {
            sl.extensions().referListener((session, refer) -> referPolicy.test(refer)
                    ? TransferDecision.accept(CallOptions.defaults().source(), CallOptions.defaults().sink(), this::onTransferredCall)
                    : TransferDecision.decline());
        }
    }

    private void runOnLayerOf(String callId, Consumer<SessionLayer> task) {
        CallExecutor executor = transport.executorFor(callId);
        executor.execute(() -> task.accept(layers.get(executor)));
    }

    /** A call we placed as transferee (on its executor). */
    private void onTransferredCall(InviteSession s) {
        track(s);
        Consumer<Call> handler = transferredCalls;
        if (handler != null) {
            CallExecutor executor = transport.executorFor(s.callId());
            s.outcome().whenComplete((rsp, e) -> {
                if (rsp != null) {
                    Call c = new Call(s, executor, callbacks, rsp.statusCode(), rsp.reasonPhrase());
                    callbacks.execute(() -> handler.accept(c));
                }
            });
        }
    }

    private void track(InviteSession session) {
        live.put(session.callId(), session);
        session.ended().whenComplete((r, e) -> live.remove(session.callId(), session));
    }

    /** Calls {@code uri} over UDP with silence; see {@link #call(String, CallOptions)}. */
    public CompletableFuture<Call> call(String uri) {
        return call(uri, CallOptions.defaults());
    }

    /**
     * Places a call (RFC 3261 §13.2) and completes when the INVITE has a final response: with a
     * {@link Call} whose {@link Call#status()} is 2xx when answered, or the failure status. Fails
     * with {@link CallFailedException} when no final response came (timeout, transport error), and
     * {@link IllegalArgumentException} for a malformed URI.
     *
     * @param uri a SIP URI, e.g. {@code sip:bob@127.0.0.1:5060;transport=tcp}
     */
    public CompletableFuture<Call> call(String uri, CallOptions options) {
        OutOfDialog.Origin o;
        try {
            o = outOfDialog.origin(uri, options.transport());
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(e);
        }
        SipUri target = o.target();
        String t = o.transport();
        String callId = o.callId();
        CallExecutor executor = o.executor();
        CompletableFuture<Call> result = new CompletableFuture<>();
        executor.execute(() -> {
            try {
                InviteSession s = layers.get(executor).call(callId, target, t, options.source(), options.sink(),
                        outboundProxy == null ? List.of() : List.of(NameAddr.of(outboundProxy))); // §8.1.2
                track(s);
                s.outcome().whenComplete((rsp, err) -> {
                    if (rsp == null) {
                        EndReason why = s.ended().getNow(null);
                        int code = why == null ? 408 : why.status();
                        result.completeExceptionally(new CallFailedException(code,
                                why == null ? "no final response" : why.text()));
                    } else {
                        result.complete(new Call(s, executor, callbacks, rsp.statusCode(), rsp.reasonPhrase()));
                    }
                });
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        });
        return result.thenApplyAsync(c -> c, callbacks);
    }

    /**
     * Registers a contact of this agent (RFC 3261 §10.2) and keeps it refreshed: our Contact is this
     * agent's listening point for {@code config.transport()}. The builder's outbound proxy applies
     * unless {@code config} names one.
     *
     * <p>{@link #close()} stops refreshing but leaves the binding to expire at the registrar; call
     * {@link Registration#unregister()} first to remove it.
     *
     * @param config from {@link RegistrationConfig#builder}; its {@code registrar} and {@code aor} are required
     * @return a handle; {@link Registration#registered()} completes on the first outcome
     */
    public Registration register(RegistrationConfig config) {
        return register(config, null);
    }

    /**
     * As {@link #register(RegistrationConfig)}, telling {@code listener} about every state change
     * (on the callback executor; by default the registration's call executor: do not block there).
     *
     * @param listener state changes, or {@code null}
     */
    public Registration register(RegistrationConfig config, RegistrationListener listener) {
        return outOfDialog.register(config, listener);
    }

    /**
     * Asks {@code uri} for its capabilities with OPTIONS (RFC 3261 §11), through the outbound proxy
     * if one is set.
     *
     * @return the final response, whatever its status; fails with
     *         {@link io.dialtone.session.register.RegistrationException} 408/503 when none came, and
     *         {@link IllegalArgumentException} for a malformed URI
     */
    public CompletableFuture<SipResponse> options(String uri, String transportName) {
        return outOfDialog.options(uri, transportName);
    }

    /** The location service when this agent is a registrar ({@link Builder#registrar}), else {@code null}. */
    public LocationService locationService() {
        return locations;
    }

    /**
     * Sends a MESSAGE outside any dialog (RFC 3428 §4) over UDP unless the URI names a transport.
     *
     * @param uri         the recipient, e.g. {@code sip:bob@127.0.0.1:5060}
     * @param contentType the body's media type, e.g. {@code text/plain}
     * @return the final response; a timeout gives a local 408, a transport error a local 503;
     *         fails with IllegalArgumentException for a malformed URI
     */
    public CompletableFuture<SipResponse> sendMessage(String uri, String contentType, byte[] body) {
        return outOfDialog.sendMessage(uri, contentType, body);
    }

    /**
     * Subscribes to {@code eventPackage} at {@code uri} (RFC 6665 §4.1), refreshing it until
     * {@link #unsubscribe}. {@code handler} runs on the subscription's call executor (do not block).
     *
     * @param expiresSec the duration to ask for, seconds (&gt; 0)
     * @return the subscription once its SUBSCRIBE is sent; see {@link Subscription#response()}
     */
    public CompletableFuture<Subscription> subscribe(String uri, String eventPackage, long expiresSec, NotifyHandler handler) {
        return outOfDialog.subscribe(uri, eventPackage, expiresSec, handler);
    }

    /** Ends {@code subscription} (RFC 6665 §4.1.2.3); completes when it has terminated. */
    public CompletableFuture<io.dialtone.message.header.SubscriptionState> unsubscribe(Subscription subscription) {
        transport.executorFor(subscription.callId()).execute(subscription::unsubscribe);
        return subscription.terminated().thenApplyAsync(x -> x, callbacks);
    }

    /** The UDP listening address (TCP listens on the same port). */
    public InetSocketAddress localAddress() {
        return transport.listeningPoint("UDP").address();
    }

    /** Listening points, UDP and TCP. */
    public List<ListeningPoint> listeningPoints() {
        return transport.listeningPoints();
    }

    /**
     * Hangs up every call of this agent, answered or not (BYE, CANCEL, or 603 when ringing),
     * including calls still being placed: the hang-up runs on each call executor after every task
     * queued there before it, so a call whose INVITE is not built yet is still found and cancelled.
     *
     * @return completes when all of them have ended
     */
    public CompletableFuture<Void> hangupAll() {
        List<CompletableFuture<Void>> executors = new ArrayList<>();
        for (CallExecutor executor : layers.keySet()) {
            CompletableFuture<Void> done = new CompletableFuture<>();
            executors.add(done);
            executor.execute(() -> {
                List<CompletableFuture<?>> endings = new ArrayList<>();
                for (InviteSession s : live.values()) {
                    if (transport.executorFor(s.callId()) == executor) {
                        if (s.state() != SessionState.TERMINATED) {
                            s.hangup();
                        }
                        endings.add(s.ended());
                    }
                }
                CompletableFuture.allOf(endings.toArray(new CompletableFuture<?>[0])).whenComplete((v, e) -> done.complete(null));
            });
        }
        return CompletableFuture.allOf(executors.toArray(new CompletableFuture<?>[0]));
    }

    /** Counters of the SIP transport: messages, bytes, drops, impairment decisions. Readable from any thread. */
    public TransportMetrics transportMetrics() {
        return transport.metrics();
    }

    /** Calls not yet ended. */
    public int activeCalls() {
        return live.size();
    }

    /**
     * Hangs up every call (BYE, CANCEL or 603), waits up to {@code timeout} for them to end, then
     * closes sockets and threads.
     */
    public void close(Duration timeout) {
        try {
            hangupAll().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            // calls that did not end in time are abandoned with the transport
        }
        transport.close();
        media.close();
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(5));
    }

    /** Builds and starts a {@link UserAgent}. */
    public static final class Builder {
        private final TransportConfig.Builder transport = TransportConfig.builder();
        private final SessionConfig.Builder session = SessionConfig.builder();
        private Consumer<IncomingCall> incoming;
        private Executor callbackExecutor;
        private Predicate<ReferRequest> referPolicy;
        private Consumer<Call> transferredCalls;
        private MessageListener messages;
        private final List<EventPackage> eventPackages = new ArrayList<>();
        private int mediaThreads = Math.max(1, Runtime.getRuntime().availableProcessors());
        private MediaEngine.Io mediaIo = MediaEngine.Io.best();
        private SipUri outboundProxy;
        private LocationService locations;
        private RegistrarConfig registrarConfig;

        /**
         * Sends every call, registration and OPTIONS through {@code uri} (RFC 3261 §8.1.2: a
         * {@code Route: <uri;lr>}, the Request-URI unchanged), e.g. {@code sip:127.0.0.1:5060}.
         *
         * @throws IllegalArgumentException for a malformed URI
         */
        public Builder outboundProxy(String uri) {
            try {
                SipUri u = SipUri.parse(uri);
                this.outboundProxy = u.looseRouting() ? u : u.withParam("lr", null);
            } catch (SipParseException e) {
                throw new IllegalArgumentException("bad outbound proxy URI " + uri + ": " + e.getMessage());
            }
            return this;
        }

        /**
         * Makes this agent a registrar (RFC 3261 §10.3) that also routes requests for registered AORs
         * to their contacts (§16) with the {@link RegistrarConfig} defaults; requests for this agent's
         * own user name still reach the incoming-call handler.
         *
         * @param locations shared by all call executors, e.g. {@code new InMemoryLocationService()}
         */
        public Builder registrar(LocationService locations) {
            this.locations = Objects.requireNonNull(locations, "locations");
            return this;
        }

        /** As {@link #registrar(LocationService)} with explicit settings (expiry limits, Digest, Timer C). */
        public Builder registrar(LocationService locations, RegistrarConfig config) {
            this.registrarConfig = Objects.requireNonNull(config, "config");
            return registrar(locations);
        }

        /** As {@link #registrar(LocationService)} with an {@link InMemoryLocationService} of default caps. */
        public Builder registrar() {
            return registrar(new InMemoryLocationService());
        }

        /** Host and port for UDP and TCP; port 0 picks a free one (default 127.0.0.1:5060). */
        public Builder listen(String host, int port) {
            transport.host(host).port(port);
            session.mediaAddress(host.equals("0.0.0.0") ? "127.0.0.1" : host);
            return this;
        }

        /** Address put in SDP and used for RTP (default: the listen host). */
        public Builder mediaAddress(String address) {
            session.mediaAddress(address);
            return this;
        }

        public Builder userName(String user) {
            session.userName(user);
            return this;
        }

        /** RFC 4028 session interval to ask for and to apply when a peer does not (default off). */
        public Builder sessionExpires(Duration interval) {
            session.sessionExpiresSec(interval.toSeconds());
            return this;
        }

        /** RFC 3261 timers T1, T2, T4. */
        public Builder timers(TimerConfig timers) {
            session.timers(timers);
            return this;
        }

        /** Handler for incoming calls; without one, INVITEs are answered 480. */
        public Builder onIncomingCall(Consumer<IncomingCall> handler) {
            this.incoming = Objects.requireNonNull(handler);
            return this;
        }

        /**
         * Accepts REFERs (RFC 3515, as transferee) that {@code policy} approves: 202, then a call to the
         * Refer-To target (with its Replaces and Referred-By), NOTIFYs of its progress, and BYE on the
         * transferred call once the new one is answered. Others get 603. The policy runs on the call
         * executor (do not block). Default: every REFER is declined.
         */
        public Builder onRefer(Predicate<ReferRequest> policy) {
            this.referPolicy = Objects.requireNonNull(policy);
            return this;
        }

        /** Receives each call placed because of an accepted REFER, once it has its final response. */
        public Builder onTransferredCall(Consumer<Call> handler) {
            this.transferredCalls = Objects.requireNonNull(handler);
            return this;
        }

        /** Receives MESSAGE requests (RFC 3428); without one they are answered 480. Runs on the call executor. */
        public Builder onMessage(MessageListener listener) {
            this.messages = Objects.requireNonNull(listener);
            return this;
        }

        /** Serves an event package as notifier (RFC 6665), e.g. {@link io.dialtone.session.event.MessageSummaryPackage}. */
        public Builder eventPackage(EventPackage p) {
            this.eventPackages.add(Objects.requireNonNull(p));
            return this;
        }

        /** Where callbacks run (default: the call executor itself). */
        public Builder callbackExecutor(Executor executor) {
            this.callbackExecutor = executor;
            return this;
        }

        /**
         * Seeded loss, delay, jitter, duplication and reordering, in both directions, of SIP datagrams
         * (UDP) and of every call's RTP and RTCP datagrams, for tests (default
         * {@link ImpairmentConfig#none()}). TCP is not impaired. SIP and media take the same settings
         * and seed, each path drawing its own decisions ({@link MediaImpairment}).
         */
        public Builder impairment(ImpairmentConfig impairment) {
            transport.impairment(Objects.requireNonNull(impairment, "impairment"));
            session.mediaImpairment(new MediaImpairment(impairment.lossPercent(), impairment.delayMs(),
                    impairment.jitterMs(), impairment.dupPercent(), impairment.reorderPercent(), impairment.seed()));
            return this;
        }

        /**
         * Whether calls carry RTP (default true). False is signalling only, for load tests and PBX
         * signalling: offers and answers name our codecs and address with port 9 and {@code a=inactive}
         * (see {@link SessionConfig}), no RTP socket is opened, and audio sources and sinks are ignored.
         */
        public Builder media(boolean enabled) {
            session.mediaEnabled(enabled);
            return this;
        }

        /**
         * Overload shedding: a new INVITE whose call executor has more than {@code tasks} queued is
         * answered 503 with Retry-After (default 2,000; 0 disables); see {@link TransportConfig}.
         */
        public Builder maxExecutorBacklog(int tasks) {
            transport.maxExecutorBacklog(tasks);
            return this;
        }

        /**
         * Overload shedding at the UDP socket: while datagrams wait in its receive queue for longer
         * than {@code delay} (measured by a probe datagram every 10 ms), new INVITEs read from it are answered 503 with Retry-After (default
         * 200 ms; {@link Duration#ZERO} disables); see {@link TransportConfig}.
         */
        public Builder maxReceiveQueueDelay(Duration delay) {
            transport.maxReceiveQueueDelay(delay);
            return this;
        }

        /**
         * Credentials for answering Digest challenges (RFC 3261 §22.2, RFC 7616, RFC 8760): an INVITE
         * drawing 401 or 407 is sent again with Authorization / Proxy-Authorization (new Via branch,
         * next CSeq), and so is a challenged BYE, re-INVITE or UPDATE, once. A challenge with no
         * credentials for its realm, or repeated after our answer without {@code stale=true} (a wrong
         * password), ends the call with that 401/407. Called on call executors: {@code provider} must
         * be thread-safe and must not block. Default: none (a challenge ends the call).
         */
        public Builder credentials(io.dialtone.session.auth.CredentialsProvider provider) {
            session.credentials(provider);
            return this;
        }

        /**
         * Requires Digest credentials on incoming calls (RFC 3261 §22.1): an initial INVITE without
         * valid credentials for {@code server}'s realm is answered 401 ({@code stale=true} when only its
         * nonce expired) or 403 (malformed credentials), and never reaches
         * {@link #onIncomingCall}. One {@link io.dialtone.session.auth.DigestServer} serves every call
         * executor (it is thread-safe). Default: none (calls are not authenticated).
         */
        public Builder authenticateIncoming(io.dialtone.session.auth.DigestServer server) {
            session.digestServer(server);
            return this;
        }

        /**
         * Use of reliable provisional responses, RFC 3262 (default {@link io.dialtone.session.Rel100#SUPPORTED}:
         * our INVITEs list {@code Supported: 100rel} and reliable provisionals are PRACKed; incoming INVITEs get
         * reliable provisionals when they require them). {@link io.dialtone.session.Rel100#PREFERRED} also sends
         * them when an INVITE only supports 100rel; {@link io.dialtone.session.Rel100#DISABLED} neither
         * advertises nor accepts it (420 to {@code Require: 100rel}).
         */
        public Builder rel100(io.dialtone.session.Rel100 policy) {
            session.rel100(Objects.requireNonNull(policy, "policy"));
            return this;
        }

        /** Media event loops (default: one per core). */
        public Builder mediaThreads(int n) {
            this.mediaThreads = n;
            return this;
        }

        /**
         * The kind of event loop media runs on (default {@link MediaEngine.Io#best()}: epoll on Linux
         * x86-64, else NIO). {@link MediaEngine.Io#EPOLL} paces each stream within 1 ms at p99
         * (sub-millisecond timers); {@link MediaEngine.Io#NIO} is portable, with a selector that waits
         * in whole milliseconds; see {@link MediaEngine}.
         *
         * @throws UnsupportedOperationException from {@link #start()} when EPOLL is asked for and
         *                                       Netty's native epoll transport is not available
         */
        public Builder mediaIo(MediaEngine.Io io) {
            this.mediaIo = java.util.Objects.requireNonNull(io, "io");
            return this;
        }

        /**
         * Binds the sockets and starts.
         *
         * @throws io.dialtone.transport.TransportException when the port cannot be bound
         */
        public UserAgent start() {
            return new UserAgent(this);
        }
    }
}
