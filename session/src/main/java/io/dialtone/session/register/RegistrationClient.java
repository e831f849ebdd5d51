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
import io.dialtone.session.auth.DigestClient;
import io.dialtone.transaction.ClientTransaction;
import io.dialtone.transaction.ClientTransactionListener;
import io.dialtone.transaction.TransactionLayer;
import io.dialtone.transport.ListeningPoint;
import io.dialtone.transport.MessageSender;
import io.dialtone.transport.Scheduler;
import io.dialtone.transport.TransportException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * Keeps one contact registered (RFC 3261 §10.2) with RFC 5626 instance id, reg-id, keep-alives
 * and retry backoff. States and edges: {@link RegistrationState}.
 *
 * <ul>
 * <li>One Call-ID for the registration's life and a CSeq that grows by one per request (§10.2.4);
 *     the From tag is kept too. To and From are the AOR; Contact is ours with
 *     {@code +sip.instance} and {@code reg-id} (RFC 5626 §4.1, §4.2) and Supported: outbound.</li>
 * <li>The granted expiry is our Contact's {@code expires} in the 200 (matched by instance id, else
 *     by URI), else the Expires header, else what we asked; it is refreshed after
 *     max(E/2, E − refreshMargin) (see {@link RegistrationConfig}).</li>
 * <li>423: retried once per answer with the Min-Expires asked for (§10.2.8); a 423 that asks for no
 *     more than we sent fails the registration.</li>
 * <li>401/407: {@link DigestClient#onChallenge}; a retry when it says so, else (wrong password:
 *     a repeated rejection) FAILED with a clear reason — never a loop. At most three challenges
 *     in a row.</li>
 * <li>Retryable outcomes (408, 480, 5xx, timeout, transport error) re-register after
 *     min(retryMax, retryBase·2^failures) scaled by a random 50–100% (RFC 5626 §4.5); other 4xx
 *     and 6xx are final (FAILED).</li>
 * <li>{@link #unregister}: REGISTER with {@code Contact: <ours>;expires=0} and {@code Expires: 0}
 *     (§10.2.2), after any request in flight has completed (§10.2.4: one at a time).</li>
 * </ul>
 *
 * <p>The future of {@link #registered()} completes with the first outcome: the 200, or a
 * {@link RegistrationException}; retries go on after a retryable failure and are visible through
 * the {@link RegistrationListener}.
 *
 * <p>Threading: confined to the call executor its Call-ID hashes to; create it and call every
 * method there. Futures complete on that executor.
 */
public final class RegistrationClient {
    private static final Logger LOG = LoggerFactory.getLogger(RegistrationClient.class);
    private static final int MAX_CHALLENGES = 3;

    private final RegistrationConfig config;
    private final String callId;
    private final String fromTag = Dialog.newTag();
    private final TransactionLayer transactions;
    private final MessageSender sender;
    private final Scheduler scheduler;
    private final RegistrationListener listener;
    private final DigestClient digest;
    private final CompletableFuture<SipResponse> registered = new CompletableFuture<>();
    private CompletableFuture<Void> unregistered;

    private RegistrationState state = RegistrationState.REGISTERING;
    private long cseq;
    private long requestedExpiresSec;
    private long grantedExpiresSec;
    private int failures;
    private int challenges;
    private boolean authorized;
    private boolean started;
    private ClientTransaction inFlight;
    private Scheduler.Scheduled refreshTimer;
    private Scheduler.Scheduled retryTimer;
    private Scheduler.Scheduled keepAliveTimer;
    private boolean keepAliveInFlight;

    /**
     * @param callId    Call-ID of every request of this registration; must hash to this executor
     * @param listener  told about state changes, or {@code null}
     */
    public RegistrationClient(RegistrationConfig config, String callId, TransactionLayer transactions, MessageSender sender,
                              Scheduler scheduler, RegistrationListener listener) {
        this.config = Objects.requireNonNull(config, "config");
        this.callId = Objects.requireNonNull(callId, "callId");
        this.transactions = Objects.requireNonNull(transactions, "transactions");
        this.sender = Objects.requireNonNull(sender, "sender");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.listener = listener != null ? listener : (a, b, c, d) -> { };
        this.digest = config.credentials() != null ? new DigestClient(config.credentials()) : null;
        this.requestedExpiresSec = config.expiresSec();
    }

    /**
     * Sends the first REGISTER.
     *
     * @throws IllegalStateException when already started
     */
    public void start() {
        if (started) {
            throw new IllegalStateException("already started");
        }
        started = true;
        LOG.debug("{}: registering {} at {}", callId, config.aor(), config.registrar());
        sendRegister();
    }

    /** The first outcome: the 2xx, or a failed future with {@link RegistrationException}. */
    public CompletableFuture<SipResponse> registered() {
        return registered;
    }

    /** The current state; read it on the registration's call executor (elsewhere it may be stale). */
    public RegistrationState state() {
        return state;
    }

    /** The expiry the registrar granted at the last 2xx, in seconds (0 before one). */
    public long grantedExpiresSec() {
        return grantedExpiresSec;
    }

    /** The Call-ID of this registration. */
    public String callId() {
        return callId;
    }

    /** Consecutive failed attempts (RFC 5626 §4.5 consecutive-failures). */
    public int failures() {
        return failures;
    }

    /**
     * Removes our binding (§10.2.2). Idempotent: a second call returns the same future.
     *
     * @return completes when the registrar confirmed the removal; fails with
     *         {@link RegistrationException} otherwise. When we hold no binding (FAILED) it completes at once.
     */
    public CompletableFuture<Void> unregister() {
        if (unregistered != null) {
            return unregistered;
        }
        unregistered = new CompletableFuture<>();
        registered.completeExceptionally(new RegistrationException(487, "unregistered before the first registration completed"));
        cancelTimers();
        if (state == RegistrationState.FAILED || !started) {
            enter(RegistrationState.UNREGISTERED, null, "unregistered without a binding");
            unregistered.complete(null);
            return unregistered;
        }
        enter(RegistrationState.UNREGISTERING, null, "unregister requested");
        if (inFlight == null) {
            sendRegister();
        } // else: sent when the request in flight completes (§10.2.4)
        return unregistered;
    }

    // ------------------------------------------------------------------ requests

    private void sendRegister() {
        boolean removing = state == RegistrationState.UNREGISTERING;
        NameAddr contact = contact();
        if (removing) {
            contact = contact.withParam("expires", "0");
        }
        SipRequest.Builder b = base(SipMethod.REGISTER, NameAddr.of(config.aor()))
                .contact(contact)
                .set(HeaderNames.EXPIRES, Long.toString(removing ? 0 : requestedExpiresSec))
                .set(HeaderNames.SUPPORTED, "outbound");
        SipRequest request = b.build();
        if (authorized) {
            request = digest.authorize(request);
        }
        send(request, new RegisterResponses());
    }

    private SipRequest.Builder base(String method, NameAddr to) {
        ListeningPoint lp = sender.listeningPoint(config.transport());
        SipRequest.Builder b = SipRequest.builder(method, config.registrar())
                .addVia(Via.of(config.transport(), lp.host(), lp.port(), TransactionLayer.newBranch()))
                .maxForwards(70)
                .from(NameAddr.of(config.aor()).withTag(fromTag))
                .to(to)
                .callId(callId)
                .cseq(++cseq, method)                                                          // §10.2.4
                .set(HeaderNames.USER_AGENT, config.userAgent());
        if (config.outboundProxy() != null) {
            b.routes(List.of(NameAddr.of(config.outboundProxy())));                           // §8.1.2
        }
        return b;
    }

    /** Our Contact with the RFC 5626 instance id and reg-id. */
    private NameAddr contact() {
        ListeningPoint lp = sender.listeningPoint(config.transport());
        SipUri uri = SipUri.of(config.contactUser(), lp.host(), lp.port());
        if (config.transport().equals("TCP")) {
            uri = uri.withParam("transport", config.transport().toLowerCase(Locale.ROOT));
        }
        return NameAddr.of(uri).withParam("+sip.instance", "\"<" + config.instanceId() + ">\"")
                .withParam("reg-id", Integer.toString(config.regId()));
    }

    private void send(SipRequest request, ClientTransactionListener l) {
        try {
            ClientTransaction tx = transactions.sendRequest(request, NextHop.of(request, config.transport()), l);
            if (request.is(SipMethod.REGISTER)) {
                inFlight = tx;
            }
        } catch (TransportException e) { // unresolvable next hop
            if (request.is(SipMethod.REGISTER)) {
                failed(503, "cannot reach " + config.registrar() + ": " + e.getMessage(), null, false);
            } else {
                keepAliveInFlight = false;
                flowFailed("keep-alive: " + e.getMessage());
            }
        }
    }

    // ------------------------------------------------------------------ responses to REGISTER

    private final class RegisterResponses implements ClientTransactionListener {
        @Override
        public void onResponse(ClientTransaction tx, SipResponse rsp) {
            if (rsp.isProvisional()) {
                return;
            }
            inFlight = null;
            SipRequest sent = tx.request();
            int status = rsp.statusCode();
            if (supersededByUnregister(sent)) {
                if ((status == 401 || status == 407) && digest != null && answerable(sent, rsp)) {
                    authorized = true;
                }
                sendRegister();
            } else if (rsp.isSuccess()) {
                succeeded(rsp);
            } else if ((status == 401 || status == 407) && digest != null && challenges < MAX_CHALLENGES
                    && answerable(sent, rsp)) {                                                // §22.2
                challenges++;
                authorized = true;
                sendRegister();
            } else if (status == 401 || status == 407) {
                String code = status + " " + rsp.reasonPhrase();
                failed(status, digest == null ? code + ": no credentials configured"
                        : challenges > 0 ? "authentication failed (" + code + "): wrong username or password"
                        : "authentication failed (" + code + "): cannot answer the challenge (no credentials for its realm"
                                + " or no supported algorithm)", rsp, true);
            } else if (status == 423 && state != RegistrationState.UNREGISTERING) {          // §10.2.8
                long min = rsp.header("Min-Expires").map(v -> parseSeconds(v)).orElse(-1L);
                if (min > requestedExpiresSec) {
                    requestedExpiresSec = min;
                    sendRegister();
                } else {
                    failed(status, "423 Interval Too Brief without a usable Min-Expires", rsp, true);
                }
            } else {
                failed(status, status + " " + rsp.reasonPhrase(), rsp, !retryable(status));
            }
        }

        @Override
        public void onTimeout(ClientTransaction tx) {
            inFlight = null;
            if (supersededByUnregister(tx.request())) {
                sendRegister();
                return;
            }
            failed(408, "no response from " + tx.destination().address() + " (Timer F)", null, false);
        }

        @Override
        public void onTransportError(ClientTransaction tx, TransportException e) {
            inFlight = null;
            if (supersededByUnregister(tx.request())) {
                sendRegister();
                return;
            }
            failed(503, "transport error: " + e.getMessage(), null, false);
        }
    }

    /**
     * {@link DigestClient#onChallenge}; a challenge it cannot parse (it throws) is one we cannot
     * answer, so the registration fails with the reason instead of hanging.
     */
    private boolean answerable(SipRequest sent, SipResponse challenge) {
        try {
            return digest.onChallenge(sent, challenge);
        } catch (RuntimeException e) {
            LOG.warn("{}: cannot answer {} challenge: {}", callId, challenge.statusCode(), e.toString());
            return false;
        }
    }

    /** True for a (re-)registration that was in flight when {@link #unregister()} was called: send the removal now. */
    private boolean supersededByUnregister(SipRequest sent) {
        return state == RegistrationState.UNREGISTERING && !"0".equals(sent.header(HeaderNames.EXPIRES).orElse(""));
    }

    private static long parseSeconds(String v) {
        try {
            return Long.parseLong(v.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** RFC 5626 §4.5 is about flows that fail; these statuses say nothing final about us. */
    private static boolean retryable(int status) {
        return status == 408 || status == 480 || (status >= 500 && status < 600);
    }

    private void succeeded(SipResponse rsp) {
        failures = 0;
        challenges = 0;
        if (state == RegistrationState.UNREGISTERING) {
            grantedExpiresSec = 0;
            enter(RegistrationState.UNREGISTERED, rsp, "binding removed");
            unregistered.complete(null);
            return;
        }
        grantedExpiresSec = granted(rsp);
        enter(RegistrationState.REGISTERED, rsp, "registered for " + grantedExpiresSec + " s");
        registered.complete(rsp);
        long e = grantedExpiresSec;
        long refreshSec = Math.max(1, Math.max(e / 2, e - config.refreshMarginSec()));
        refreshTimer = scheduler.schedule(Duration.ofSeconds(refreshSec), () -> {
            refreshTimer = null;
            refresh();
        });
        scheduleKeepAlive();
    }

    /** Our Contact's expires in the 200, else Expires, else what we asked (§10.2.4). */
    private long granted(SipResponse rsp) {
        NameAddr ours = contact();
        String instance = ours.params().get("+sip.instance").orElse(null);
        for (NameAddr c : rsp.contacts()) {
            boolean mine = c.isSip() && (instance != null && instance.equals(c.params().get("+sip.instance").orElse(null))
                    || c.uri().equivalent(ours.uri()));
            if (mine) {
                long s = parseSeconds(c.params().get("expires").orElse(""));
                if (s > 0) {
                    return s;
                }
            }
        }
        long header = parseSeconds(rsp.header(HeaderNames.EXPIRES).orElse(""));
        return header > 0 ? header : requestedExpiresSec;
    }

    private void refresh() {
        if (state == RegistrationState.REGISTERED && inFlight == null) {
            sendRegister();
        }
    }

    /**
     * @param terminal true: FAILED for good; false: RETRY_WAIT and the RFC 5626 §4.5 backoff
     */
    private void failed(int status, String why, SipResponse rsp, boolean terminal) {
        LOG.debug("{}: REGISTER failed: {}", callId, why);
        if (state == RegistrationState.UNREGISTERING) {
            enter(RegistrationState.FAILED, rsp, "unregister failed: " + why);
            unregistered.completeExceptionally(new RegistrationException(status, why));
            return;
        }
        cancelTimers();
        if (terminal) {
            enter(RegistrationState.FAILED, rsp, why);
        } else {
            failures++;
            Duration wait = backoff(failures);
            enter(RegistrationState.RETRY_WAIT, rsp, why + "; retrying in " + wait.toSeconds() + " s");
            retryTimer = scheduler.schedule(wait, () -> {
                retryTimer = null;
                enter(RegistrationState.REGISTERING, null, "retry " + failures);
                sendRegister();
            });
        }
        registered.completeExceptionally(new RegistrationException(status, why)); // after the state moved
    }

    /**
     * RFC 5626 §4.5: min(max-time, base-time·2^failures), then a random 50–100% of it.
     *
     * @param consecutiveFailures at least 1
     */
    Duration backoff(int consecutiveFailures) {
        double wait = Math.min(config.retryMaxSec(),
                config.retryBaseSec() * Math.pow(2, Math.min(consecutiveFailures, 30)));
        double fraction = 0.5 + 0.5 * Math.min(1.0, Math.max(0.0, config.jitter().getAsDouble()));
        return Duration.ofMillis(Math.round(wait * fraction * 1000));
    }

    // ------------------------------------------------------------------ keep-alive (RFC 5626 §4.4, by OPTIONS)

    private void scheduleKeepAlive() {
        if (config.keepAliveSec() == 0 || keepAliveTimer != null) {
            return;
        }
        keepAliveTimer = scheduler.schedule(Duration.ofSeconds(config.keepAliveSec()), () -> {
            keepAliveTimer = null;
            sendKeepAlive();
        });
    }

    private void sendKeepAlive() {
        if (state != RegistrationState.REGISTERED || keepAliveInFlight) {
            return;
        }
        keepAliveInFlight = true;
        SipRequest options = base(SipMethod.OPTIONS, NameAddr.of(config.registrar())).build();
        send(options, new ClientTransactionListener() {
            @Override
            public void onResponse(ClientTransaction tx, SipResponse rsp) {
                if (rsp.isFinal()) { // any final answer shows the flow works
                    keepAliveInFlight = false;
                    scheduleKeepAlive();
                }
            }

            @Override
            public void onTimeout(ClientTransaction tx) {
                keepAliveInFlight = false;
                flowFailed("keep-alive OPTIONS timed out");
            }

            @Override
            public void onTransportError(ClientTransaction tx, TransportException e) {
                keepAliveInFlight = false;
                flowFailed("keep-alive failed: " + e.getMessage());
            }
        });
    }

    /** RFC 5626 §4.4.1: the flow failed, so register again now over a fresh one. */
    private void flowFailed(String why) {
        if (state != RegistrationState.REGISTERED || inFlight != null) {
            return;
        }
        cancelTimers();
        enter(RegistrationState.REGISTERING, null, why);
        sendRegister();
    }

    private void cancelTimers() {
        for (Scheduler.Scheduled t : new Scheduler.Scheduled[] {refreshTimer, retryTimer, keepAliveTimer}) {
            if (t != null) {
                t.cancel();
            }
        }
        refreshTimer = null;
        retryTimer = null;
        keepAliveTimer = null;
    }

    private void enter(RegistrationState next, SipResponse cause, String detail) {
        RegistrationState old = state;
        state = next;
        LOG.debug("{}: registration {} -> {} ({})", callId, old, next, detail);
        try {
            listener.onStateChange(old, next, cause, detail);
        } catch (RuntimeException e) {
            LOG.error("{}: registration listener threw", callId, e);
        }
    }
}
