package io.dialtone.client;

import io.dialtone.session.register.RegistrationClient;
import io.dialtone.session.register.RegistrationState;
import io.dialtone.transport.CallExecutor;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * A registration made with {@link UserAgent#register} (RFC 3261 §10.2): kept refreshed until
 * {@link #unregister()}. Thread-safe: reads are snapshots, actions hop onto the registration's
 * call executor; futures complete on the application's callback executor.
 */
public final class Registration {
    private final CallExecutor executor;
    private final Executor callbacks;
    private final CompletableFuture<Void> registered = new CompletableFuture<>();
    private volatile RegistrationClient client;
    private volatile RegistrationState state = RegistrationState.REGISTERING;
    private volatile String detail = "";
    private volatile long grantedExpiresSec;

    Registration(CallExecutor executor, Executor callbacks) {
        this.executor = executor;
        this.callbacks = callbacks;
    }

    void bind(RegistrationClient c) { // on the executor
        this.client = c;
        c.registered().whenComplete((rsp, e) -> {
            grantedExpiresSec = c.grantedExpiresSec();
            if (e != null) {
                callbacks.execute(() -> registered.completeExceptionally(e));
            } else {
                callbacks.execute(() -> registered.complete(null));
            }
        });
    }

    void onStateChange(RegistrationState to, String why) { // on the executor
        state = to;
        detail = why;
        RegistrationClient c = client;
        if (c != null) {
            grantedExpiresSec = c.grantedExpiresSec();
        }
    }

    void failToStart(Throwable e) {
        state = RegistrationState.FAILED;
        detail = e.getMessage();
        registered.completeExceptionally(e);
    }

    /**
     * The first outcome: completes when the registrar first accepted the binding; fails with
     * {@link io.dialtone.session.register.RegistrationException} (status and reason) when the first
     * attempt failed. Retryable failures keep being retried afterwards (see {@link #state()}).
     */
    public CompletableFuture<Void> registered() {
        return registered;
    }

    /** The current state (a snapshot). */
    public RegistrationState state() {
        return state;
    }

    /** Why the last state change happened, e.g. "registered for 3600 s" or "403 Forbidden". */
    public String detail() {
        return detail;
    }

    /** The expiry the registrar granted at the last 2xx, s (0 before one). */
    public long grantedExpiresSec() {
        return grantedExpiresSec;
    }

    /**
     * Removes the binding (Expires 0, §10.2.2) and stops refreshing.
     *
     * @return completes when the registrar confirmed; fails with
     *         {@link io.dialtone.session.register.RegistrationException} otherwise
     */
    public CompletableFuture<Void> unregister() {
        CompletableFuture<Void> result = new CompletableFuture<>();
        executor.execute(() -> {
            RegistrationClient c = client;
            if (c == null) {
                result.complete(null);
                return;
            }
            c.unregister().whenComplete((v, e) -> callbacks.execute(() -> {
                if (e != null) {
                    result.completeExceptionally(e);
                } else {
                    result.complete(null);
                }
            }));
        });
        return result;
    }
}
