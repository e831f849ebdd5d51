package io.dialtone.session.auth;

import io.dialtone.message.HeaderType;
import io.dialtone.message.SipParseException;
import io.dialtone.message.SipRequest;
import io.dialtone.message.SipResponse;
import io.dialtone.message.header.Challenge;
import io.dialtone.message.header.Credentials;
import io.dialtone.message.header.DigestAlgorithm;
import io.dialtone.message.header.Headers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.SecureRandom;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The UAC side of Digest authentication (RFC 3261 §22.2, RFC 7616, RFC 8760, RFC 2617
 * compatibility) for one dialog or one registration: remembers the challenges it was given and
 * adds Authorization / Proxy-Authorization to requests, counting nonce uses (nc).
 *
 * <p>Use: when a request draws 401 or 407, call {@link #onChallenge}; if it returns true, build
 * the retry (new Via branch, next CSeq) and pass it through {@link #authorize}. Later requests to
 * the same realm may be passed through {@link #authorize} pre-emptively.
 *
 * <table>
 * <caption>What is answered</caption>
 * <tr><th>challenge</th><th>answer</th></tr>
 * <tr><td>several challenges for one realm</td><td>the first whose algorithm we compute, in the server's order
 *     (RFC 8760 §2.4, RFC 7616 §3.7)</td></tr>
 * <tr><td>algorithm MD5, SHA-256, SHA-512-256 and their -sess forms</td><td>RFC 7616 §3.4.2 (absent = MD5, RFC 3261 §22.4)</td></tr>
 * <tr><td>qop offered</td><td>{@code auth} when offered, else {@code auth-int} (HA2 hashes the body, §3.4.3); {@code nc}
 *     is 8 hex digits counting the uses of one nonce, {@code cnonce} 128 random bits</td></tr>
 * <tr><td>no qop</td><td>RFC 2617 §3.2.2.1 compatibility: {@code response = H(HA1:nonce:HA2)}</td></tr>
 * <tr><td>{@code userhash=true}</td><td>{@code username} is {@code H(username:realm)} (RFC 7616 §3.4.4)</td></tr>
 * <tr><td>{@code opaque}</td><td>echoed unchanged</td></tr>
 * </table>
 *
 * <p>It gives up ({@link #onChallenge} returns false) when we have no credentials for a challenged
 * realm, when no challenge of a realm has an algorithm and qop we support, and when the challenged
 * request already carried our credentials for that realm and the server did not say
 * {@code stale=true}: the credentials were rejected, so a wrong password ends in one clear failure,
 * never a loop. The password and HA1 are never logged.
 *
 * <p>Threading: confined to the call executor that owns the dialog or registration.
 */
public final class DigestClient {
    private static final Logger LOG = LoggerFactory.getLogger(DigestClient.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final CredentialsProvider credentials;
    private final Supplier<String> cnonces;
    /** The challenge we answer per realm, in the order the realms were first challenged. */
    private final Map<String, Answer> answers = new LinkedHashMap<>();

    /** One realm's challenge and the count of its nonce's uses. */
    private static final class Answer {
        final boolean proxy;
        final Challenge challenge;
        final DigestAlgorithm algorithm;
        final String qop; // null: RFC 2617 compatibility (no qop offered)
        final DigestCredentials credentials;
        long nonceCount;

        Answer(boolean proxy, Challenge challenge, DigestAlgorithm algorithm, String qop, DigestCredentials credentials) {
            this.proxy = proxy;
            this.challenge = challenge;
            this.algorithm = algorithm;
            this.qop = qop;
            this.credentials = credentials;
        }
    }

    /** @param credentials where the user name and password of each realm come from */
    public DigestClient(CredentialsProvider credentials) {
        this(credentials, DigestClient::newCnonce);
    }

    /** For tests: {@code cnonces} supplies each cnonce instead of 128 random bits. */
    DigestClient(CredentialsProvider credentials, Supplier<String> cnonces) {
        this.credentials = Objects.requireNonNull(credentials, "credentials");
        this.cnonces = Objects.requireNonNull(cnonces, "cnonces");
    }

    /**
     * Records the challenges of a 401 (WWW-Authenticate) or 407 (Proxy-Authenticate) to
     * {@code challenged}.
     *
     * @return true when a retry should be sent: for every challenged realm we have credentials and
     *         support an offered algorithm and qop, and {@code challenged} did not already carry our
     *         credentials for it (a repeat rejection), unless the server said {@code stale=true}
     * @throws IllegalArgumentException when {@code challenge} is neither 401 nor 407
     */
    public boolean onChallenge(SipRequest challenged, SipResponse challenge) {
        int status = challenge.statusCode();
        if (status != 401 && status != 407) {
            throw new IllegalArgumentException("not a challenge: " + status);
        }
        boolean proxy = status == 407;
        List<Challenge> offered;
        Map<String, Credentials> sent = new HashMap<>();
        try {
            offered = challenge.typedList(proxy ? Headers.PROXY_AUTHENTICATE : Headers.WWW_AUTHENTICATE);
            for (Credentials c : challenged.typedList(proxy ? Headers.PROXY_AUTHORIZATION : Headers.AUTHORIZATION)) {
                if (c.isDigest() && c.realm() != null) {
                    sent.put(c.realm(), c);
                }
            }
        } catch (SipParseException e) {
            LOG.warn("{}: unusable {} challenge: {}", challenge.callId(), status, e.getMessage());
            return false;
        }
        Map<String, Challenge> chosen = new LinkedHashMap<>();
        for (Challenge c : offered) { // RFC 8760 §2.4: the server lists its preferred algorithm first
            if (c.isDigest() && c.realm() != null && c.nonce() != null) {
                chosen.putIfAbsent(c.realm(), null);
                if (chosen.get(c.realm()) == null && c.digestAlgorithm().isPresent() && qopFor(c) != null) {
                    chosen.put(c.realm(), c);
                }
            }
        }
        if (chosen.isEmpty()) {
            LOG.info("{}: {} carries no Digest challenge", challenge.callId(), status);
            return false;
        }
        Map<String, Answer> next = new LinkedHashMap<>();
        for (Map.Entry<String, Challenge> e : chosen.entrySet()) {
            String realm = e.getKey();
            Challenge c = e.getValue();
            if (c == null) {
                LOG.info("{}: realm \"{}\" offers no algorithm or qop we support", challenge.callId(), realm);
                return false;
            }
            if (sent.containsKey(realm) && !c.stale()) { // our credentials for this realm were rejected
                LOG.info("{}: credentials for realm \"{}\" rejected ({})", challenge.callId(), realm, status);
                answers.remove(realm);
                return false;
            }
            Optional<DigestCredentials> creds = credentials.credentialsFor(realm);
            if (creds.isEmpty()) {
                LOG.info("{}: no credentials for realm \"{}\"", challenge.callId(), realm);
                return false;
            }
            String qop = qopFor(c);
            Answer answer = new Answer(proxy, c, c.digestAlgorithm().orElseThrow(), qop.isEmpty() ? null : qop, creds.get());
            Answer previous = answers.get(realm);
            if (previous != null && previous.challenge.nonce().equals(c.nonce())) {
                answer.nonceCount = previous.nonceCount; // same nonce: nc goes on counting (RFC 7616 §3.4)
            }
            next.put(realm, answer);
        }
        answers.putAll(next);
        if (LOG.isDebugEnabled()) {
            next.forEach((realm, a) -> LOG.debug("{}: {} from realm \"{}\": answering as {} with {}{}{}", challenge.callId(), status,
                    realm, a.credentials.username(), a.algorithm, a.qop == null ? "" : " qop=" + a.qop,
                    a.challenge.stale() ? " (stale nonce)" : ""));
        }
        return true;
    }

    /**
     * {@code request} with credentials for every remembered challenge added (nc incremented). Any
     * Authorization / Proxy-Authorization already present for a remembered realm is replaced;
     * others are kept. The digest-uri is the Request-URI as {@code request} carries it (RFC 3261
     * §22.4), so the retry must not change it afterwards.
     */
    public SipRequest authorize(SipRequest request) {
        if (answers.isEmpty()) {
            return request;
        }
        SipRequest.Builder b = request.toBuilder();
        keepOthers(request, b, Headers.AUTHORIZATION);
        keepOthers(request, b, Headers.PROXY_AUTHORIZATION);
        for (Answer a : answers.values()) {
            a.nonceCount++;
            b.header(a.proxy ? Headers.PROXY_AUTHORIZATION.name() : Headers.AUTHORIZATION.name(), credentials(request, a).toString());
        }
        return b.build();
    }

    /** True when a challenge of some realm was accepted and is being answered. */
    public boolean hasChallenges() {
        return !answers.isEmpty();
    }

    /** Removes the credentials of the realms we answer, keeping those of other realms. */
    private void keepOthers(SipRequest request, SipRequest.Builder b, HeaderType<Credentials> type) {
        List<String> values = request.headerValues(type.name());
        if (values.isEmpty()) {
            return;
        }
        b.remove(type.name());
        for (String v : values) {
            String realm;
            try {
                realm = Credentials.parse(v, type.name()).realm();
            } catch (SipParseException e) {
                realm = null; // not ours to judge: kept as written
            }
            if (realm == null || !answers.containsKey(realm)) {
                b.header(type.name(), v);
            }
        }
    }

    private Credentials credentials(SipRequest request, Answer a) {
        Challenge c = a.challenge;
        String realm = c.realm();
        String nonce = c.nonce();
        String uri = request.requestUri().toString();
        String cnonce = a.qop != null || a.algorithm.isSession() ? cnonces.get() : null;
        String nc = String.format(Locale.ROOT, "%08x", a.nonceCount);
        String user = a.credentials.username();
        String ha1 = DigestHash.ha1(a.algorithm, user, realm, a.credentials.password(), nonce, cnonce);
        String ha2 = DigestHash.ha2(a.algorithm, request.method(), uri, a.qop, request.body());
        String response = DigestHash.response(a.algorithm, ha1, nonce, nc, cnonce, a.qop, ha2);
        Credentials cr = Credentials.digest();
        if (c.userhash()) {
            cr = cr.withParam("username", DigestHash.userhash(a.algorithm, user, realm));
        } else if (needsExtValue(user)) {
            cr = cr.withUsernameStar(user); // RFC 7616 §3.4: a name a quoted-string cannot carry
        } else {
            cr = cr.withParam("username", user);
        }
        cr = cr.withParam("realm", realm).withParam("nonce", nonce).withParam("uri", uri)
                .withParam("response", response).withParam("algorithm", a.algorithm.token());
        if (cnonce != null) {
            cr = cr.withParam("cnonce", cnonce);
        }
        if (c.opaque() != null) {
            cr = cr.withParam("opaque", c.opaque());
        }
        if (a.qop != null) {
            cr = cr.withParam("qop", a.qop).withNonceCount(a.nonceCount);
        }
        if (c.userhash()) {
            cr = cr.withParam("userhash", "true");
        }
        return cr;
    }

    /**
     * The qop we answer a challenge with: {@code auth} in preference to {@code auth-int}, the empty
     * string when none was offered (RFC 2617 compatibility), {@code null} when only unknown options
     * were offered.
     */
    private static String qopFor(Challenge c) {
        List<String> options = c.qopOptions();
        if (options.isEmpty()) {
            return "";
        }
        if (options.contains("auth")) {
            return "auth";
        }
        return options.contains("auth-int") ? "auth-int" : null;
    }

    private static boolean needsExtValue(String user) {
        return user.chars().anyMatch(ch -> ch > 0x7E || ch < 0x20 || ch == '"' || ch == '\\');
    }

    private static String newCnonce() {
        byte[] b = new byte[16];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
