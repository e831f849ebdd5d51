package io.dialtone.sdp;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * What a local party can accept when answering (RFC 3264 §6): one audio stream over RTP/AVP.
 *
 * <table>
 *   <caption>Defaults</caption>
 *   <tr><th>name</th><th>default</th><th>unit</th><th>effect</th></tr>
 *   <tr><td>codecs</td><td>{@link Codec#DEFAULTS}</td><td></td><td>what we support; matched by name, rate, channels.
 *       Their payload type numbers are ignored: the answer uses the offerer's (§6.1)</td></tr>
 *   <tr><td>singleCodec</td><td>true</td><td></td><td>answer only the first common codec (+ telephone-event);
 *       false lists every common codec in the offerer's order</td></tr>
 *   <tr><td>ptimeMs</td><td>20</td><td>ms</td><td>{@code a=ptime}: packetization we want to receive</td></tr>
 *   <tr><td>direction</td><td>SENDRECV</td><td></td><td>what we allow; intersected with the reversed offer direction</td></tr>
 *   <tr><td>sessionId</td><td>random, positive</td><td></td><td>{@code o=} sess-id; keep it for the whole session</td></tr>
 *   <tr><td>sessionVersion</td><td>= sessionId</td><td></td><td>{@code o=} sess-version; increment when our SDP changes (§8)</td></tr>
 *   <tr><td>username</td><td>"-"</td><td></td><td>{@code o=} username</td></tr>
 *   <tr><td>sessionName</td><td>"-"</td><td></td><td>{@code s=}</td></tr>
 *   <tr><td>rtcpMux</td><td>false</td><td></td><td>accept {@code a=rtcp-mux} if offered (RFC 5761 §5.1.1)</td></tr>
 * </table>
 *
 * @param address local IP address for {@code o=} and {@code c=}; required
 * @param rtpPort local RTP port, 1..65535
 */
public record AnswerParams(String address, int rtpPort, List<Codec> codecs, boolean singleCodec, int ptimeMs,
                           MediaDirection direction, long sessionId, long sessionVersion, String username,
                           String sessionName, boolean rtcpMux) {

    public AnswerParams {
        Objects.requireNonNull(address, "address");
        if (rtpPort <= 0 || rtpPort > 65535) throw new IllegalArgumentException("rtpPort out of range: " + rtpPort);
        codecs = List.copyOf(codecs);
        if (ptimeMs <= 0) throw new IllegalArgumentException("ptimeMs must be positive: " + ptimeMs);
        Objects.requireNonNull(direction, "direction");
        if (sessionId < 0 || sessionVersion < 0) throw new IllegalArgumentException("negative session id or version");
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(sessionName, "sessionName");
    }

    /** @return a builder with the defaults above */
    public static Builder builder(String address, int rtpPort) { return new Builder(address, rtpPort); }

    /** @return a builder holding these values, e.g. to answer a re-offer with {@code .sessionVersion(v + 1)} */
    public Builder toBuilder() {
        return new Builder(address, rtpPort).codecs(codecs).singleCodec(singleCodec).ptimeMs(ptimeMs).direction(direction)
                .sessionId(sessionId).sessionVersion(sessionVersion).username(username).sessionName(sessionName).rtcpMux(rtcpMux);
    }

    /** Mutable builder; not thread-safe. */
    public static final class Builder {
        private final String address;
        private final int rtpPort;
        private List<Codec> codecs = Codec.DEFAULTS;
        private boolean singleCodec = true;
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
        public Builder singleCodec(boolean on) { this.singleCodec = on; return this; }
        public Builder ptimeMs(int ms) { this.ptimeMs = ms; return this; }
        public Builder direction(MediaDirection d) { this.direction = d; return this; }
        public Builder sessionId(long id) { this.sessionId = id; return this; }
        public Builder sessionVersion(long v) { this.sessionVersion = v; return this; }
        public Builder username(String u) { this.username = u; return this; }
        public Builder sessionName(String s) { this.sessionName = s; return this; }
        public Builder rtcpMux(boolean on) { this.rtcpMux = on; return this; }

        public AnswerParams build() {
            long id = sessionId != null ? sessionId : ThreadLocalRandom.current().nextLong(1, 1L << 62);
            long version = sessionVersion != null ? sessionVersion : id;
            return new AnswerParams(address, rtpPort, codecs, singleCodec, ptimeMs, direction, id, version, username,
                    sessionName, rtcpMux);
        }
    }
}
