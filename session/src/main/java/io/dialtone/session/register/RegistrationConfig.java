package io.dialtone.session.register;

import io.dialtone.message.SipUri;
import io.dialtone.session.auth.CredentialsProvider;

import java.util.Locale;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * Configuration of a {@link RegistrationClient}; immutable, built with {@link #builder}.
 *
 * <table>
 * <caption>Settings</caption>
 * <tr><th>name</th><th>default</th><th>unit</th><th>effect</th></tr>
 * <tr><td>registrar</td><td>(required)</td><td></td><td>Request-URI of REGISTER (§10.2)</td></tr>
 * <tr><td>aor</td><td>(required)</td><td></td><td>address-of-record in To and From (§10.2)</td></tr>
 * <tr><td>contactUser</td><td>the AOR's user</td><td></td><td>user part of our Contact</td></tr>
 * <tr><td>transport</td><td>UDP</td><td></td><td>UDP or TCP, for Via, Contact and the flow</td></tr>
 * <tr><td>expiresSec</td><td>3600</td><td>s</td><td>expiry we ask for (Expires header)</td></tr>
 * <tr><td>instanceId</td><td>a random UUID URN</td><td></td><td>RFC 5626 §4.1 {@code +sip.instance}; keep it stable
 *     across restarts of the same device (persist it) so the registrar replaces, not adds, our binding</td></tr>
 * <tr><td>regId</td><td>1</td><td></td><td>RFC 5626 §4.2 {@code reg-id} of this flow</td></tr>
 * <tr><td>outboundProxy</td><td>none</td><td></td><td>REGISTER and keep-alives carry {@code Route: <proxy;lr>} and go
 *     there, the Request-URI staying the registrar (§8.1.2)</td></tr>
 * <tr><td>credentials</td><td>none</td><td></td><td>answers 401/407 with Digest (§22.2); none: a challenge fails the
 *     registration</td></tr>
 * <tr><td>refreshMarginSec</td><td>600</td><td>s</td><td>a granted expiry E is refreshed after max(E/2, E − margin):
 *     a long registration ten minutes early, a short one at half time</td></tr>
 * <tr><td>retryBaseSec</td><td>30</td><td>s</td><td>RFC 5626 §4.5 base-time (use 90 when another flow still works)</td></tr>
 * <tr><td>retryMaxSec</td><td>1800</td><td>s</td><td>RFC 5626 §4.5 max-time</td></tr>
 * <tr><td>keepAliveSec</td><td>0 (off)</td><td>s</td><td>OPTIONS to the registrar (or outbound proxy) this often while
 *     registered, over UDP and TCP alike (the transport has no way to send a bare CRLFCRLF); a keep-alive
 *     that times out counts as a failed flow and re-registers at once (RFC 5626 §4.4)</td></tr>
 * <tr><td>jitter</td><td>uniform random</td><td></td><td>fraction in [0, 1) placing each retry between 50% and 100%
 *     of its wait (RFC 5626 §4.5); tests pass a constant</td></tr>
 * <tr><td>userAgent</td><td>Dialtone/0.1</td><td></td><td>User-Agent header</td></tr>
 * </table>
 */
public record RegistrationConfig(SipUri registrar, SipUri aor, String contactUser, String transport, long expiresSec,
                                 String instanceId, int regId, SipUri outboundProxy, CredentialsProvider credentials,
                                 long refreshMarginSec, long retryBaseSec, long retryMaxSec, long keepAliveSec,
                                 DoubleSupplier jitter, String userAgent) {

    public RegistrationConfig {
        Objects.requireNonNull(registrar, "registrar");
        Objects.requireNonNull(aor, "aor");
        Objects.requireNonNull(contactUser, "contactUser");
        transport = transport.toUpperCase(Locale.ROOT);
        if (!transport.equals("UDP") && !transport.equals("TCP")) {
            throw new IllegalArgumentException("transport must be UDP or TCP: " + transport);
        }
        if (expiresSec < 1) {
            throw new IllegalArgumentException("expiresSec must be positive: " + expiresSec);
        }
        Objects.requireNonNull(instanceId, "instanceId");
        if (!instanceId.startsWith("urn:")) {
            throw new IllegalArgumentException("instanceId must be a URN (RFC 5626 §4.1): " + instanceId);
        }
        if (regId < 1 || refreshMarginSec < 0 || retryBaseSec < 1 || retryMaxSec < retryBaseSec || keepAliveSec < 0) {
            throw new IllegalArgumentException("regId >= 1, margins >= 0, 1 <= retryBaseSec <= retryMaxSec required");
        }
        if (outboundProxy != null && !outboundProxy.looseRouting()) {
            outboundProxy = outboundProxy.withParam("lr", null);
        }
        Objects.requireNonNull(jitter, "jitter");
        Objects.requireNonNull(userAgent, "userAgent");
    }

    /** This configuration with {@code proxy} as outbound proxy ({@code ;lr} added when missing). */
    public RegistrationConfig withOutboundProxy(SipUri proxy) {
        return new RegistrationConfig(registrar, aor, contactUser, transport, expiresSec, instanceId, regId, proxy,
                credentials, refreshMarginSec, retryBaseSec, retryMaxSec, keepAliveSec, jitter, userAgent);
    }

    /**
     * @param registrar Request-URI, e.g. {@code sip:example.com}
     * @param aor       address-of-record, e.g. {@code sip:alice@example.com}
     */
    public static Builder builder(SipUri registrar, SipUri aor) {
        return new Builder(registrar, aor);
    }

    /** Builds a {@link RegistrationConfig}; every setting has the default in the class table. */
    public static final class Builder {
        private final SipUri registrar;
        private final SipUri aor;
        private String contactUser;
        private String transport = "UDP";
        private long expiresSec = 3600;
        private String instanceId = "urn:uuid:" + UUID.randomUUID();
        private int regId = 1;
        private SipUri outboundProxy;
        private CredentialsProvider credentials;
        private long refreshMarginSec = 600;
        private long retryBaseSec = 30;
        private long retryMaxSec = 1800;
        private long keepAliveSec;
        private DoubleSupplier jitter = () -> ThreadLocalRandom.current().nextDouble();
        private String userAgent = "Dialtone/0.1";

        Builder(SipUri registrar, SipUri aor) {
            this.registrar = registrar;
            this.aor = aor;
        }

        /** @param v user part of our Contact (default: the AOR's user) */
        public Builder contactUser(String v) { contactUser = v; return this; }
        /** @param v "UDP" or "TCP" */
        public Builder transport(String v) { transport = v; return this; }
        /** @param seconds expiry to request */
        public Builder expiresSec(long seconds) { expiresSec = seconds; return this; }
        /** @param urn e.g. {@code urn:uuid:f81d4fae-7dec-11d0-a765-00a0c91e6bf6} */
        public Builder instanceId(String urn) { instanceId = urn; return this; }
        /** @param v RFC 5626 §4.2 reg-id of this flow, 1 or more */
        public Builder regId(int v) { regId = v; return this; }
        /** @param uri outbound proxy, {@code ;lr} added when missing; {@code null} for none */
        public Builder outboundProxy(SipUri uri) { outboundProxy = uri; return this; }
        /** @param v Digest credentials, {@code null} for none */
        public Builder credentials(CredentialsProvider v) { credentials = v; return this; }
        /** @param seconds refresh margin, see the class table */
        public Builder refreshMarginSec(long seconds) { refreshMarginSec = seconds; return this; }
        /** @param seconds RFC 5626 base-time */
        public Builder retryBaseSec(long seconds) { retryBaseSec = seconds; return this; }
        /** @param seconds RFC 5626 max-time */
        public Builder retryMaxSec(long seconds) { retryMaxSec = seconds; return this; }
        /** @param seconds keep-alive interval, 0 for none */
        public Builder keepAliveSec(long seconds) { keepAliveSec = seconds; return this; }
        /** @param v supplies fractions in [0, 1) */
        public Builder jitter(DoubleSupplier v) { jitter = v; return this; }
        /** @param v the User-Agent header value of our REGISTERs */
        public Builder userAgent(String v) { userAgent = v; return this; }

        /** @throws IllegalArgumentException for a setting out of range (see the class table) */
        public RegistrationConfig build() {
            String user = contactUser != null ? contactUser : aor.userName() != null ? aor.userName() : "dialtone";
            return new RegistrationConfig(registrar, aor, user, transport, expiresSec, instanceId, regId, outboundProxy,
                    credentials, refreshMarginSec, retryBaseSec, retryMaxSec, keepAliveSec, jitter, userAgent);
        }
    }
}
