package io.dialtone.session.auth;

import io.dialtone.message.HeaderType;
import io.dialtone.message.SipParseException;
import io.dialtone.message.SipRequest;
import io.dialtone.message.SipResponse;
import io.dialtone.message.SipUri;
import io.dialtone.message.header.Challenge;
import io.dialtone.message.header.Credentials;
import io.dialtone.message.header.DigestAlgorithm;
import io.dialtone.message.header.Headers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * The UAS side of Digest authentication (RFC 3261 §22.1/§22.3, RFC 7616, RFC 8760): issues
 * challenges, verifies credentials, and rejects expired or replayed nonces.
 *
 * <p>Nonces are self-validating (see {@link ServerNonces}): a timestamp on the injected clock,
 * a salt and an HMAC-SHA256 of both and the realm under a secret, so issuing one keeps no state.
 * A nonce past its lifetime whose digest is still right draws {@link Status#STALE}
 * ({@code stale=true}, RFC 7616 §3.3); the highest {@code nc} used with each nonce is remembered
 * until the nonce expires, and a request repeating or lowering it is refused as a replay
 * ({@link Status#STALE}, so an honest client simply fetches a new nonce). A request without qop
 * (RFC 2617 compatibility) may use its nonce once.
 *
 * <table>
 * <caption>Settings ({@link #builder})</caption>
 * <tr><th>name</th><th>default</th><th>unit</th><th>effect</th></tr>
 * <tr><td>algorithms</td><td>SHA-256, MD5</td><td></td><td>one challenge each, in this order (RFC 8760 §2.4: preferred first)</td></tr>
 * <tr><td>qop</td><td>auth</td><td></td><td>qop options offered; {@code auth} and {@code auth-int} are both accepted.
 *     Empty: challenges without qop (RFC 2069 style)</td></tr>
 * <tr><td>nonceLifetime</td><td>300</td><td>s</td><td>age after which a nonce is stale</td></tr>
 * <tr><td>maxTrackedNonces</td><td>65536</td><td>nonces</td><td>nonce counts remembered at most; past it the oldest half
 *     is dropped and nonces that old become stale</td></tr>
 * <tr><td>opaque</td><td>none</td><td></td><td>{@code opaque} sent in challenges and required back</td></tr>
 * <tr><td>clock</td><td>{@link System#nanoTime}</td><td>ns</td><td>time source of nonce timestamps (tests pass virtual time)</td></tr>
 * <tr><td>secret</td><td>32 bytes from {@link SecureRandom}</td><td>bytes</td><td>HMAC key of nonces; at least 16 bytes</td></tr>
 * </table>
 *
 * <p>Threading: shared by every call executor (a nonce issued on one may come back on another),
 * so it is thread-safe; it never blocks (the {@link PasswordLookup} must not either). Passwords
 * and HA1 are never logged.
 */
public final class DigestServer {
    private static final Logger LOG = LoggerFactory.getLogger(DigestServer.class);
    private static final Set<String> ACCEPTED_QOP = Set.of("auth", "auth-int");

    /** The outcome of {@link #verify}. */
    public enum Status { AUTHORIZED, CHALLENGE, STALE, FORBIDDEN }

    /**
     * @param status   what to do with the request
     * @param username the authenticated user when {@link Status#AUTHORIZED}, else {@code null}
     * @param reason   why it was not authorized, for logs and the reason phrase (never a secret)
     */
    public record Verdict(Status status, String username, String reason) { }

    private final String realm;
    private final PasswordLookup passwords;
    private final List<DigestAlgorithm> algorithms;
    private final List<String> qop;
    private final String opaque;
    private final ServerNonces nonces;

    /** A server for {@code realm} with every other setting at its default. */
    public DigestServer(String realm, PasswordLookup passwords) {
        this(builder(realm, passwords));
    }

    private DigestServer(Builder b) {
        this.realm = b.realm;
        this.passwords = b.passwords;
        this.algorithms = b.algorithms;
        this.qop = b.qop;
        this.opaque = b.opaque;
        byte[] secret = b.secret;
        if (secret == null) {
            secret = new byte[32];
            b.random.nextBytes(secret);
        }
        this.nonces = new ServerNonces(realm, secret, b.random, b.clock, b.nonceLifetime.toNanos(), b.maxTrackedNonces);
    }

    /** A builder for a server of {@code realm} whose users' passwords come from {@code passwords}. */
    public static Builder builder(String realm, PasswordLookup passwords) {
        return new Builder(realm, passwords);
    }

    /** The protection space we challenge for (RFC 7616 §3.3 {@code realm}). */
    public String realm() {
        return realm;
    }

    /** Nonces whose counts are remembered now (for tests and metrics). */
    public int trackedNonces() {
        return nonces.tracked();
    }

    /**
     * Checks the Authorization (or, with {@code proxy}, Proxy-Authorization) of {@code request}:
     * realm, algorithm and qop offered, {@code uri} equal to the Request-URI (RFC 3261 §22.4), the
     * nonce ours and fresh, the response right, and {@code nc} above every earlier use.
     *
     * <table>
     * <caption>Verdicts</caption>
     * <tr><th>status</th><th>when</th></tr>
     * <tr><td>CHALLENGE</td><td>no credentials for our realm; algorithm, qop or opaque not ours; a nonce we did not
     *     issue; unknown user or wrong response</td></tr>
     * <tr><td>STALE</td><td>right response but the nonce expired, or its {@code nc} was already used</td></tr>
     * <tr><td>FORBIDDEN</td><td>malformed credentials: a parameter missing, {@code uri} not the Request-URI,
     *     {@code userhash} (not offered), {@code nc} 0</td></tr>
     * </table>
     *
     * @throws SipParseException (400 naming the header) when the header is not valid syntax
     */
    public Verdict verify(SipRequest request, boolean proxy) {
        HeaderType<Credentials> type = proxy ? Headers.PROXY_AUTHORIZATION : Headers.AUTHORIZATION;
        Credentials cr = null;
        for (Credentials c : request.typedList(type)) {
            if (c.isDigest() && realm.equals(c.realm())) {
                cr = c;
                break;
            }
        }
        Verdict v = cr == null ? new Verdict(Status.CHALLENGE, null, "no credentials for realm") : check(request, cr);
        LOG.debug("{}: {} {} for user {} ({})", request.callId(), request.method(), v.status(),
                cr == null ? null : cr.username(), v.reason());
        return v;
    }

    private Verdict check(SipRequest request, Credentials cr) {
        String user = cr.username();
        String nonce = cr.nonce();
        String uri = cr.uri();
        String response = cr.response();
        String missing = user == null ? "username" : nonce == null ? "nonce" : uri == null ? "uri" : response == null ? "response" : null;
        if (missing != null) {
            return forbidden("credentials lack " + missing);
        }
        if (cr.userhash()) {
            return forbidden("userhash not offered");
        }
        Optional<DigestAlgorithm> algorithm = cr.digestAlgorithm();
        if (algorithm.isEmpty() || !algorithms.contains(algorithm.get())) {
            return challenge("algorithm not offered: " + cr.algorithm());
        }
        String q = cr.qop();
        if (q != null && !ACCEPTED_QOP.contains(q)) {
            return challenge("qop not supported: " + q);
        }
        if ((q != null || algorithm.get().isSession()) && cr.cnonce() == null || q != null && cr.nc() == null) {
            return forbidden("credentials lack cnonce or nc");
        }
        if (opaque != null && !opaque.equals(cr.opaque())) {
            return challenge("opaque not echoed");
        }
        if (!sameUri(uri, request.requestUri())) {
            return forbidden("digest uri does not match the Request-URI");
        }
        ServerNonces.Check age = nonces.check(nonce);
        if (age == ServerNonces.Check.FORGED) {
            return challenge("nonce not issued here");
        }
        Optional<String> password = passwords.passwordFor(user);
        if (password.isEmpty()) {
            LOG.debug("{}: unknown user {}", request.callId(), user);
            return challenge("wrong credentials"); // the same answer as a wrong password
        }
        DigestAlgorithm a = algorithm.get();
        String ha1 = DigestHash.ha1(a, user, realm, password.get(), nonce, cr.cnonce());
        String ha2 = DigestHash.ha2(a, request.method(), uri, q, request.body());
        String expected = DigestHash.response(a, ha1, nonce, cr.nc(), cr.cnonce(), q, ha2);
        if (!DigestHash.same(expected, response)) {
            return challenge("wrong credentials");
        }
        if (age == ServerNonces.Check.EXPIRED) {
            return new Verdict(Status.STALE, null, "nonce expired");
        }
        long nc = q == null ? 0 : cr.nonceCount();
        if (q != null && nc < 1) {
            return forbidden("nc must be at least 1");
        }
        if (!nonces.use(nonce, nc)) {
            return new Verdict(Status.STALE, null, q == null ? "nonce already used" : "nonce count reused");
        }
        return new Verdict(Status.AUTHORIZED, user, "authorized");
    }

    /** The digest-uri names the Request-URI (RFC 3261 §22.4): the same text, or an equivalent SIP URI (§19.1.4). */
    private static boolean sameUri(String uri, SipUri requestUri) {
        if (uri.equals(requestUri.toString())) {
            return true;
        }
        try {
            return SipUri.parse(uri).equivalent(requestUri);
        } catch (SipParseException | IllegalArgumentException e) {
            return false;
        }
    }

    private static Verdict challenge(String reason) {
        return new Verdict(Status.CHALLENGE, null, reason);
    }

    private static Verdict forbidden(String reason) {
        return new Verdict(Status.FORBIDDEN, null, reason);
    }

    /**
     * A 401 (or, with {@code proxy}, 407) to {@code request} carrying fresh challenges.
     * It has one WWW-Authenticate (Proxy-Authenticate) per offered algorithm, preferred first,
     * sharing one new nonce; the caller adds the To tag (§8.2.6.2) and sends it.
     *
     * @param stale true when the request's nonce had expired (RFC 7616 §3.3 stale=true)
     */
    public SipResponse.Builder challenge(SipRequest request, boolean proxy, boolean stale) {
        String nonce = nonces.issue();
        String header = proxy ? Headers.PROXY_AUTHENTICATE.name() : Headers.WWW_AUTHENTICATE.name();
        SipResponse.Builder b = SipResponse.to(request, proxy ? 407 : 401);
        for (DigestAlgorithm a : algorithms) {
            Challenge c = Challenge.digest(realm, nonce).withParam("algorithm", a.token());
            if (!qop.isEmpty()) {
                c = c.withParam("qop", String.join(",", qop));
            }
            if (opaque != null) {
                c = c.withParam("opaque", opaque);
            }
            if (stale) {
                c = c.withParam("stale", "true");
            }
            b.header(header, c.toString());
        }
        return b;
    }

    /**
     * The answer to a request whose {@link #verify} verdict was not {@link Status#AUTHORIZED}:
     * a challenge ({@code stale=true} for {@link Status#STALE}), or 403 naming the fault for
     * {@link Status#FORBIDDEN}. The caller adds the To tag and sends it.
     *
     * @throws IllegalArgumentException for an {@link Status#AUTHORIZED} verdict
     */
    public SipResponse.Builder reject(SipRequest request, boolean proxy, Verdict verdict) {
        return switch (verdict.status()) {
            case CHALLENGE -> challenge(request, proxy, false);
            case STALE -> challenge(request, proxy, true);
            case FORBIDDEN -> SipResponse.to(request, 403).reason("Forbidden (" + verdict.reason() + ")");
            case AUTHORIZED -> throw new IllegalArgumentException("request was authorized");
        };
    }

    /** Builds a {@link DigestServer}; every setting has the default in the class table. */
    public static final class Builder {
        private final String realm;
        private final PasswordLookup passwords;
        private List<DigestAlgorithm> algorithms = List.of(DigestAlgorithm.SHA_256, DigestAlgorithm.MD5);
        private List<String> qop = List.of("auth");
        private Duration nonceLifetime = Duration.ofSeconds(300);
        private int maxTrackedNonces = 65_536;
        private String opaque;
        private LongSupplier clock = System::nanoTime;
        private SecureRandom random = new SecureRandom();
        private byte[] secret;

        private Builder(String realm, PasswordLookup passwords) {
            this.realm = Objects.requireNonNull(realm, "realm");
            this.passwords = Objects.requireNonNull(passwords, "passwords");
        }

        /** @param v algorithms to offer, preferred first; at least one */
        public Builder algorithms(List<DigestAlgorithm> v) {
            if (v.isEmpty()) {
                throw new IllegalArgumentException("no algorithm");
            }
            algorithms = List.copyOf(v);
            return this;
        }

        /** @param v qop options to offer, each {@code auth} or {@code auth-int}; empty for none */
        public Builder qop(List<String> v) {
            if (!ACCEPTED_QOP.containsAll(v)) {
                throw new IllegalArgumentException("qop must be auth or auth-int: " + v);
            }
            qop = List.copyOf(v);
            return this;
        }

        /** @param v how long a nonce stays fresh; positive */
        public Builder nonceLifetime(Duration v) {
            if (v.isNegative() || v.isZero()) {
                throw new IllegalArgumentException("nonce lifetime must be positive: " + v);
            }
            nonceLifetime = v;
            return this;
        }

        /** @param v nonce counts remembered at most; at least 1 */
        public Builder maxTrackedNonces(int v) {
            if (v < 1) {
                throw new IllegalArgumentException("maxTrackedNonces must be at least 1: " + v);
            }
            maxTrackedNonces = v;
            return this;
        }

        /** @param v the opaque string to send and require back, or {@code null} for none */
        public Builder opaque(String v) {
            opaque = v;
            return this;
        }

        /** @param v monotonic time in nanoseconds, e.g. a {@code Scheduler::nanoTime} */
        public Builder clock(LongSupplier v) {
            clock = Objects.requireNonNull(v, "clock");
            return this;
        }

        /** @param v source of nonce salts (and of the secret when none is given) */
        public Builder random(SecureRandom v) {
            random = Objects.requireNonNull(v, "random");
            return this;
        }

        /**
         * @param v HMAC key of the nonces, at least 16 bytes (copied). Servers sharing it (and a clock with one
         *          origin, see {@link #clock}) accept each other's nonces; nonce counts are still per server
         */
        public Builder secret(byte[] v) {
            if (v.length < 16) {
                throw new IllegalArgumentException("secret shorter than 16 bytes");
            }
            secret = v.clone();
            return this;
        }

        /** The server; thread-safe, to share among all call executors. */
        public DigestServer build() {
            return new DigestServer(this);
        }
    }
}
