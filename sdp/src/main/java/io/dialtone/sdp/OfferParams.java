package io.dialtone.sdp;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * What a local party offers (RFC 3264 §5): one audio stream over RTP/AVP.
 *
 * <table>
 *   <caption>Defaults</caption>
 *   <tr><th>name</th><th>default</th><th>unit</th><th>effect</th></tr>
 *   <tr><td>codecs</td><td>{@link Codec#DEFAULTS}</td><td></td><td>m= formats in preference order</td></tr>
 *   <tr><td>ptimeMs</td><td>20</td><td>ms</td><td>{@code a=ptime}: packetization we want to receive</td></tr>
 *   <tr><td>direction</td><td>SENDRECV</td><td></td><td>direction attribute; SENDONLY puts the peer on hold</td></tr>
 *   <tr><td>sessionId</td><td>random, positive</td><td></td><td>{@code o=} sess-id; keep it for the whole session</td></tr>
 *   <tr><td>sessionVersion</td><td>= sessionId</td><td></td><td>{@code o=} sess-version; increment on every re-offer (§8)</td></tr>
 *   <tr><td>username</td><td>"-"</td><td></td><td>{@code o=} username</td></tr>
 *   <tr><td>sessionName</td><td>"-"</td><td></td><td>{@code s=}</td></tr>
 *   <tr><td>rtcpMux</td><td>false</td><td></td><td>{@code a=rtcp-mux} (RFC 5761)</td></tr>
 * </table>
 *
 * @param address local IP address for {@code o=} and {@code c=}; required
 * @param rtpPort local RTP port, 1..65535 (0 offers the stream disabled)
 */
public record OfferParams(String address, int rtpPort, List<Codec> codecs, int ptimeMs, MediaDirection direction,
                          long sessionId, long sessionVersion, String username, String sessionName, boolean rtcpMux) {

    public OfferParams {
        Objects.requireNonNull(address, "address");
        if (rtpPort < 0 || rtpPort > 65535) throw new IllegalArgumentException("rtpPort out of range: " + rtpPort);
        codecs = List.copyOf(codecs);
        if (codecs.isEmpty()) throw new IllegalArgumentException("no codecs");
        if (ptimeMs <= 0) throw new IllegalArgumentException("ptimeMs must be positive: " + ptimeMs);
        Objects.requireNonNull(direction, "direction");
        if (sessionId < 0 || sessionVersion < 0) throw new IllegalArgumentException("negative session id or version");
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(sessionName, "sessionName");
    }

    /** @return a builder with the defaults above */
    public static Builder builder(String address, int rtpPort) { return new Builder(address, rtpPort); }

    /** @return a builder holding these values, e.g. to re-offer with {@code .sessionVersion(v + 1)} */
    public Builder toBuilder() {
        return new Builder(address, rtpPort).codecs(codecs).ptimeMs(ptimeMs).direction(direction).sessionId(sessionId)
                .sessionVersion(sessionVersion).username(username).sessionName(sessionName).rtcpMux(rtcpMux);
    }

    /** Mutable builder; not thread-safe. */
    public static final class Builder {
        private final String address;
        private final int rtpPort;
        private List<Codec> codecs = Codec.DEFAULTS;
        private int ptimeMs = 20;
        private MediaDirection direction = MediaDirection.SENDRECV;
        private Long sessionId;
        private Long sessionVersion;
        private String username = "-";
        private String sessionName = "-";
        private boolean rtcpMux;

        private Builder(String address, int rtpPort) {
            this.address = address;
            this.rtpPort = rtpPort;
        }

        public Builder codecs(List<Codec> c) { this.codecs = c; return this; }
        public Builder ptimeMs(int ms) { this.ptimeMs = ms; return this; }
        public Builder direction(MediaDirection d) { this.direction = d; return this; }
        public Builder sessionId(long id) { this.sessionId = id; return this; }
        public Builder sessionVersion(long v) { this.sessionVersion = v; return this; }
        public Builder username(String u) { this.username = u; return this; }
        public Builder sessionName(String s) { this.sessionName = s; return this; }
        public Builder rtcpMux(boolean on) { this.rtcpMux = on; return this; }

        public OfferParams build() {
            long id = sessionId != null ? sessionId : ThreadLocalRandom.current().nextLong(1, 1L << 62);
            long version = sessionVersion != null ? sessionVersion : id;
            return new OfferParams(address, rtpPort, codecs, ptimeMs, direction, id, version, username, sessionName, rtcpMux);
        }
    }
}
