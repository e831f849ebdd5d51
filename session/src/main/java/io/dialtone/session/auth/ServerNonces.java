package io.dialtone.session.auth;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The nonces of a {@link DigestServer} (RFC 7616 §3.3, §5.4): self-validating, so issuing one
 * keeps no state, and the highest nonce count seen per nonce, so a replay is refused.
 *
 * <p>A nonce is the base64url form of {@code timestamp (8 bytes, ns) || salt (8 random bytes) ||
 * HMAC-SHA256(secret, timestamp || salt || realm)[0..16)}. A nonce whose MAC is right was issued by
 * this server for this realm; its age is {@code now - timestamp} on the injected clock.
 *
 * <p>Counts are kept only for nonces that were used, until they expire; at most {@code maxTracked}
 * of them. When that many live nonces are tracked, the oldest half is dropped and every nonce issued
 * before the newest dropped one is treated as expired from then on (the client is told
 * {@code stale=true} and fetches a new nonce), so forgetting a count never lets a replay in.
 *
 * <p>Threading: thread-safe; counts are updated atomically per nonce.
 */
final class ServerNonces {
    private static final int TS = 8;
    private static final int SALT = 8;
    private static final int MAC = 16;
    /** Expired counts are dropped every this many uses (and whenever the table is full). */
    private static final int PURGE_EVERY = 256;

    /** What a nonce is, as far as its text tells. */
    enum Check { FRESH, EXPIRED, FORGED }

    private final byte[] realm;
    private final SecretKeySpec key;
    private final SecureRandom random;
    private final LongSupplier clock;
    private final long lifetimeNanos;
    private final int maxTracked;
    private final Map<String, long[]> counts = new ConcurrentHashMap<>(); // nonce -> {issued ns, highest nc}
    private final java.util.concurrent.atomic.AtomicLong uses = new java.util.concurrent.atomic.AtomicLong();
    /** Nonces issued before this are expired: their counts may have been dropped. */
    private volatile long validFromNanos = Long.MIN_VALUE;

    ServerNonces(String realm, byte[] secret, SecureRandom random, LongSupplier clock, long lifetimeNanos, int maxTracked) {
        this.realm = realm.getBytes(StandardCharsets.UTF_8);
        this.key = new SecretKeySpec(secret, "HmacSHA256");
        this.random = random;
        this.clock = clock;
        this.lifetimeNanos = lifetimeNanos;
        this.maxTracked = maxTracked;
    }

    /** A new nonce stamped with the current time. */
    String issue() {
        byte[] salt = new byte[SALT];
        random.nextBytes(salt);
        ByteBuffer b = ByteBuffer.allocate(TS + SALT + MAC);
        long now = clock.getAsLong();
        b.putLong(now).put(salt).put(mac(now, salt), 0, MAC);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b.array());
    }

    /** Whether {@code nonce} is ours, and if so whether it is still within its lifetime. */
    Check check(String nonce) {
        byte[] raw;
        try {
            raw = Base64.getUrlDecoder().decode(nonce);
        } catch (IllegalArgumentException e) {
            return Check.FORGED;
        }
        if (raw.length != TS + SALT + MAC) {
            return Check.FORGED;
        }
        ByteBuffer b = ByteBuffer.wrap(raw);
        long issued = b.getLong();
        byte[] salt = new byte[SALT];
        b.get(salt);
        byte[] mac = new byte[MAC];
        b.get(mac);
        byte[] expected = java.util.Arrays.copyOf(mac(issued, salt), MAC);
        if (!MessageDigest.isEqual(expected, mac)) {
            return Check.FORGED;
        }
        long age = clock.getAsLong() - issued;
        return age > lifetimeNanos || age < 0 || issued < validFromNanos ? Check.EXPIRED : Check.FRESH;
    }

    /**
     * Records a use of a {@link Check#FRESH} nonce with nonce count {@code nc} (0 for a request
     * without qop, which may use its nonce once).
     *
     * @return false when {@code nc} is not above every count this nonce was used with (a replay)
     */
    boolean use(String nonce, long nc) {
        if (uses.incrementAndGet() % PURGE_EVERY == 0) {
            purgeExpired();
        }
        if (!counts.containsKey(nonce) && counts.size() >= maxTracked) {
            evict();
        }
        long issued = ByteBuffer.wrap(Base64.getUrlDecoder().decode(nonce)).getLong();
        boolean[] fresh = new boolean[1];
        counts.compute(nonce, (n, seen) -> {
            if (issued < validFromNanos) { // its count may have been dropped by evict(): refuse
                return seen;
            }
            if (seen == null) {
                fresh[0] = true;
                return new long[] {issued, nc};
            }
            if (nc > seen[1]) {
                fresh[0] = true;
                return new long[] {seen[0], nc};
            }
            return seen;
        });
        return fresh[0];
    }

    /** Nonces whose counts are remembered now. */
    int tracked() {
        return counts.size();
    }

    /** Drops the counts of expired nonces: those nonces are refused as expired anyway. */
    private void purgeExpired() {
        long now = clock.getAsLong();
        counts.values().removeIf(v -> now - v[0] > lifetimeNanos);
    }

    /** Drops expired counts; if still full, the older half, and stops accepting nonces that old. */
    private synchronized void evict() {
        purgeExpired();
        if (counts.size() < maxTracked) {
            return;
        }
        long[] issued = counts.values().stream().mapToLong(v -> v[0]).sorted().toArray();
        long cutoff = issued[(issued.length - 1) / 2];
        for (Iterator<long[]> it = counts.values().iterator(); it.hasNext(); ) {
            if (it.next()[0] <= cutoff) {
                it.remove();
            }
        }
        validFromNanos = Math.max(validFromNanos, cutoff + 1);
    }

    private byte[] mac(long issued, byte[] salt) {
        try {
            Mac m = Mac.getInstance("HmacSHA256");
            m.init(key);
            m.update(ByteBuffer.allocate(TS).putLong(issued).array());
            m.update(salt);
            return m.doFinal(realm);
        } catch (GeneralSecurityException e) { // HmacSHA256 is in every Java runtime
            throw new IllegalStateException(e);
        }
    }
}
