package io.dialtone.session;

import io.dialtone.rtp.MediaImpairment;
import io.dialtone.sdp.Codec;
import io.dialtone.session.auth.CredentialsProvider;
import io.dialtone.session.auth.DigestServer;
import io.dialtone.transaction.TimerConfig;

import java.util.List;
import java.util.Objects;

/**
 * Configuration of the session layer; immutable, built with {@link #builder()}.
 *
 * <table>
 * <caption>Settings</caption>
 * <tr><th>name</th><th>default</th><th>unit</th><th>effect</th></tr>
 * <tr><td>userName</td><td>dialtone</td><td></td><td>user part of our From and Contact</td></tr>
 * <tr><td>userAgent</td><td>Dialtone/0.1</td><td></td><td>User-Agent and Server header</td></tr>
 * <tr><td>sessionExpiresSec</td><td>0 (off)</td><td>s</td><td>RFC 4028 interval we ask for; 0 = only when the peer asks</td></tr>
 * <tr><td>minSeSec</td><td>90</td><td>s</td><td>smallest interval we accept (RFC 4028 §5; 422 below it)</td></tr>
 * <tr><td>mediaAddress</td><td>127.0.0.1</td><td></td><td>address in our SDP c= line and for RTP sockets</td></tr>
 * <tr><td>codecs</td><td>PCMU, PCMA, telephone-event</td><td></td><td>offer/answer preference order</td></tr>
 * <tr><td>timers</td><td>T1 500 ms, T2 4 s, T4 5 s</td><td></td><td>RFC 3261 timers, also the 2xx retransmission (§13.3.1.4)</td></tr>
 * <tr><td>jitterBufferMs</td><td>60</td><td>ms</td><td>playout delay of received audio</td></tr>
 * <tr><td>mediaImpairment</td><td>none</td><td></td><td>seeded impairment of every call's RTP/RTCP, both ways, for tests</td></tr>
 * <tr><td>mediaEnabled</td><td>true</td><td></td><td>false: signalling only (load tests, PBX signalling). Offers and answers
 *     still follow RFC 3264 with our codecs and {@code mediaAddress}, but every stream is {@code a=inactive} on port 9
 *     (the discard port, as RFC 3264 §5.1 leaves "no media now" to the direction attribute; port 0 would refuse the
 *     stream, and so the call). No RTP socket is opened and no stream started.</td></tr>
 * <tr><td>credentials</td><td>null (none)</td><td></td><td>UAC: answers 401/407 to our INVITE, BYE and refreshes with Digest
 *     credentials (RFC 3261 §22.2); null: a challenge ends the request</td></tr>
 * <tr><td>digestServer</td><td>null (none)</td><td></td><td>UAS: an initial INVITE must carry valid Digest credentials, else
 *     401 (stale=true for an expired nonce) or 403 (RFC 3261 §22.1); null: no authentication</td></tr>
 * <tr><td>rel100</td><td>{@link Rel100#SUPPORTED}</td><td></td><td>reliable provisional responses (RFC 3262): advertised
 *     and PRACKed as UAC; as UAS sent reliably when the INVITE requires them ({@link Rel100#PREFERRED}: also when it
 *     supports them)</td></tr>
 * </table>
 */
public record SessionConfig(String userName, String userAgent, long sessionExpiresSec, long minSeSec,
                            String mediaAddress, List<Codec> codecs, TimerConfig timers, int jitterBufferMs,
                            MediaImpairment mediaImpairment, boolean mediaEnabled,
                            CredentialsProvider credentials, DigestServer digestServer, Rel100 rel100) {

    /** RFC 4028 §4: the smallest Min-SE allowed on the wire. */
    public static final long ABSOLUTE_MIN_SE = 90;

    public SessionConfig {
        Objects.requireNonNull(userName, "userName");
        Objects.requireNonNull(userAgent, "userAgent");
        Objects.requireNonNull(mediaAddress, "mediaAddress");
        codecs = List.copyOf(codecs);
        Objects.requireNonNull(timers, "timers");
        Objects.requireNonNull(mediaImpairment, "mediaImpairment");
        Objects.requireNonNull(rel100, "rel100");
        if (minSeSec < ABSOLUTE_MIN_SE) {
            throw new IllegalArgumentException("Min-SE below 90 s: " + minSeSec);
        }
        if (sessionExpiresSec != 0 && sessionExpiresSec < minSeSec) {
            throw new IllegalArgumentException("Session-Expires " + sessionExpiresSec + " s below Min-SE " + minSeSec + " s");
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builds a {@link SessionConfig}; every setting has the default in the class table. */
    public static final class Builder {
        private String userName = "dialtone";
        private String userAgent = "Dialtone/0.1";
        private long sessionExpiresSec;
        private long minSeSec = ABSOLUTE_MIN_SE;
        private String mediaAddress = "127.0.0.1";
        private List<Codec> codecs = Codec.DEFAULTS;
        private TimerConfig timers = TimerConfig.DEFAULT;
        private int jitterBufferMs = 60;
        private MediaImpairment mediaImpairment = MediaImpairment.none();
        private boolean mediaEnabled = true;
        private CredentialsProvider credentials;
        private DigestServer digestServer;
        private Rel100 rel100 = Rel100.SUPPORTED;

        public Builder userName(String v) { userName = v; return this; }
        public Builder userAgent(String v) { userAgent = v; return this; }
        /** @param seconds RFC 4028 interval to request, 0 to not ask */
        public Builder sessionExpiresSec(long seconds) { sessionExpiresSec = seconds; return this; }
        public Builder minSeSec(long seconds) { minSeSec = seconds; return this; }
        public Builder mediaAddress(String v) { mediaAddress = v; return this; }
        public Builder codecs(List<Codec> v) { codecs = v; return this; }
        public Builder timers(TimerConfig v) { timers = v; return this; }
        public Builder jitterBufferMs(int v) { jitterBufferMs = v; return this; }
        /** @param v impairment of each call's RTP and RTCP datagrams (default none) */
        public Builder mediaImpairment(MediaImpairment v) { mediaImpairment = v; return this; }

        /** @param on false for signalling only: SDP on port 9 with a=inactive, no RTP socket (default true) */
        public Builder mediaEnabled(boolean on) { mediaEnabled = on; return this; }

        /** @param v where the UAC finds Digest credentials per realm, or null to answer no challenge */
        public Builder credentials(CredentialsProvider v) { credentials = v; return this; }

        /** @param v verifies Digest credentials of incoming initial INVITEs, or null to accept without */
        public Builder digestServer(DigestServer v) { digestServer = v; return this; }

        /** Same as {@link #mediaEnabled(boolean)}. */
        public Builder media(boolean on) { return mediaEnabled(on); }

        /** @param v use of reliable provisional responses, RFC 3262 (default {@link Rel100#SUPPORTED}) */
        public Builder rel100(Rel100 v) { rel100 = v; return this; }

        public SessionConfig build() {
            return new SessionConfig(userName, userAgent, sessionExpiresSec, minSeSec, mediaAddress, codecs, timers, jitterBufferMs,
                    mediaImpairment, mediaEnabled, credentials, digestServer, rel100);
        }
    }
}
