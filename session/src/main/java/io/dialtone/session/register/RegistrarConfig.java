package io.dialtone.session.register;

import io.dialtone.session.auth.DigestServer;

import java.util.Objects;

/**
 * Configuration of a {@link Registrar}; immutable, built with {@link #builder()}.
 *
 * <table>
 * <caption>Settings</caption>
 * <tr><th>name</th><th>default</th><th>unit</th><th>effect</th></tr>
 * <tr><td>localUser</td><td>dialtone</td><td></td><td>requests whose Request-URI has this user (or none) go to our own
 *     UA core instead of the location service</td></tr>
 * <tr><td>serverName</td><td>Dialtone/0.1</td><td></td><td>Server header of the registrar's and proxy's responses</td></tr>
 * <tr><td>minExpiresSec</td><td>60</td><td>s</td><td>a non-zero expiry below it is refused 423 with Min-Expires (§10.3 step 7)</td></tr>
 * <tr><td>maxExpiresSec</td><td>7200</td><td>s</td><td>longer requested expiries are shortened to it (§10.3 step 7)</td></tr>
 * <tr><td>defaultExpiresSec</td><td>3600</td><td>s</td><td>expiry when neither the Contact nor an Expires header gives one (§10.2.1.1)</td></tr>
 * <tr><td>digestServer</td><td>none</td><td></td><td>when set, REGISTER is challenged (401) and a user may only bind
 *     an AOR whose user part is the authenticated username (403 otherwise)</td></tr>
 * <tr><td>timerCSec</td><td>181</td><td>s</td><td>proxy Timer C (§16.6 step 11, "larger than 3 minutes"): a forwarded
 *     INVITE with no final response this long after its last provisional is cancelled (or answered 408 when nothing came)</td></tr>
 * </table>
 */
public record RegistrarConfig(String localUser, String serverName, long minExpiresSec, long maxExpiresSec,
                              long defaultExpiresSec, DigestServer digestServer, long timerCSec) {

    public RegistrarConfig {
        Objects.requireNonNull(localUser, "localUser");
        Objects.requireNonNull(serverName, "serverName");
        if (minExpiresSec < 1 || maxExpiresSec < minExpiresSec) {
            throw new IllegalArgumentException("need 1 <= minExpiresSec <= maxExpiresSec, got " + minExpiresSec
                    + ", " + maxExpiresSec);
        }
        if (defaultExpiresSec < minExpiresSec || defaultExpiresSec > maxExpiresSec) {
            throw new IllegalArgumentException("defaultExpiresSec outside [min, max]: " + defaultExpiresSec);
        }
        if (timerCSec < 1) {
            throw new IllegalArgumentException("timerCSec must be positive: " + timerCSec);
        }
    }

    /** A builder with the defaults of the class table. */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds a {@link RegistrarConfig}; every setting has the default in the class table. */
    public static final class Builder {
        private String localUser = "dialtone";
        private String serverName = "Dialtone/0.1";
        private long minExpiresSec = 60;
        private long maxExpiresSec = 7200;
        private long defaultExpiresSec = 3600;
        private DigestServer digestServer;
        private long timerCSec = 181;

        /** @param v our own user name: requests for it go to the UA core, not the proxy */
        public Builder localUser(String v) { localUser = v; return this; }
        /** @param v the Server header value of the registrar's responses */
        public Builder serverName(String v) { serverName = v; return this; }
        /** @param seconds smallest non-zero expiry accepted (423 below) */
        public Builder minExpiresSec(long seconds) { minExpiresSec = seconds; return this; }
        /** @param seconds largest expiry granted */
        public Builder maxExpiresSec(long seconds) { maxExpiresSec = seconds; return this; }
        /** @param seconds expiry when the REGISTER names none */
        public Builder defaultExpiresSec(long seconds) { defaultExpiresSec = seconds; return this; }
        /** @param v authenticates REGISTER, or {@code null} to accept every REGISTER */
        public Builder digestServer(DigestServer v) { digestServer = v; return this; }
        /** @param seconds proxy Timer C, more than 180 s per §16.6 step 11 (shorter only for tests) */
        public Builder timerCSec(long seconds) { timerCSec = seconds; return this; }

        /** @throws IllegalArgumentException when the expiry limits are inconsistent */
        public RegistrarConfig build() {
            return new RegistrarConfig(localUser, serverName, minExpiresSec, maxExpiresSec, defaultExpiresSec,
                    digestServer, timerCSec);
        }
    }
}
