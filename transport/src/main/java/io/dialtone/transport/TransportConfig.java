package io.dialtone.transport;

import io.dialtone.message.SipParserLimits;

import java.time.Duration;
import java.util.Objects;

/**
 * Configuration of a {@link SipTransport}. Immutable; build with {@link #builder()}.
 *
 * <table>
 * <caption>Settings</caption>
 * <tr><th>name</th><th>default</th><th>unit</th><th>effect</th></tr>
 * <tr><td>host</td><td>127.0.0.1</td><td>IP literal</td><td>address the UDP and TCP listening points bind</td></tr>
 * <tr><td>port</td><td>5060</td><td>port</td><td>UDP and TCP port; 0 picks a free port for UDP and binds TCP on the same number</td></tr>
 * <tr><td>callExecutors</td><td>available processors</td><td>threads</td><td>event loops, each a {@link CallExecutor}</td></tr>
 * <tr><td>parserLimits</td><td>{@link SipParserLimits#DEFAULT}</td><td>-</td><td>message size, header count, line length (513/400)</td></tr>
 * <tr><td>maxTcpConnections</td><td>1024</td><td>connections</td><td>accepted connections beyond it are closed at once and counted as dropped</td></tr>
 * <tr><td>tcpConnectTimeout</td><td>5 s</td><td>-</td><td>an outgoing connection not up by then fails the send with {@link TransportException}</td></tr>
 * <tr><td>idleTimeout</td><td>5 min</td><td>-</td><td>a TCP connection with no traffic for this long is closed; zero disables</td></tr>
 * <tr><td>udpReceiveBufferBytes</td><td>4 MiB</td><td>bytes</td><td>SO_RCVBUF of the UDP socket: absorbs bursts (a call start, a GC pause) that would otherwise be dropped by the kernel; the kernel caps it at net.core.rmem_max</td></tr>
 * <tr><td>maxExecutorBacklog</td><td>2,000</td><td>pending tasks</td><td>overload shedding: a new out-of-dialog INVITE (no To tag) whose call executor has more tasks queued than this is answered {@code 503 Service Unavailable} with {@code Retry-After} statelessly on the I/O loop and counted in {@link TransportMetrics#shed()}; requests inside dialogs, ACK, CANCEL and responses are never shed; 0 disables shedding</td></tr>
 * <tr><td>maxReceiveQueueDelay</td><td>200 ms</td><td>-</td><td>overload shedding at the UDP socket: while datagrams wait longer than this in the UDP listening point's receive queue (measured by a probe datagram sent through the queue from a daemon thread, every 10 ms while read bursts find many datagrams queued and for a second after, every 100 ms otherwise), where an overflow of the socket's receive buffer (probes lost between read ones: the kernel drops datagrams whatever their wait, and a full 4 MiB buffer drains in well under this limit at tens of thousands of datagrams a second) counts as a wait since the first probe it dropped, until a probe arrives in turn, a new out-of-dialog INVITE read from it is answered {@code 503} with {@code Retry-After} as above; {@link Duration#ZERO} disables the rule and the probe. The default, 200 ms, is well before T1 (500 ms): a request that waited T1 has been retransmitted by its sender (§17.1.1.2), and from there on a backlog feeds itself; at twice the UAS's capacity, 200 ms left a fifth fewer calls failed than T1 did, and 100 ms fewer still, but a collector pause must not reach the limit</td></tr>
 * <tr><td>retryAfterSeconds</td><td>5</td><td>seconds</td><td>{@code Retry-After} of the overload 503 (RFC 3261 §20.33)</td></tr>
 * <tr><td>impairment</td><td>{@link ImpairmentConfig#none()}</td><td>-</td><td>seeded loss, delay, jitter, duplication and reordering of UDP datagrams in both directions, for tests; TCP is never impaired</td></tr>
 * </table>
 */
public record TransportConfig(String host, int port, int callExecutors, SipParserLimits parserLimits,
                              int maxTcpConnections, Duration tcpConnectTimeout, Duration idleTimeout,
                              ImpairmentConfig impairment, int udpReceiveBufferBytes,
                              int maxExecutorBacklog, Duration maxReceiveQueueDelay, int retryAfterSeconds) {

    public TransportConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(parserLimits, "parserLimits");
        Objects.requireNonNull(tcpConnectTimeout, "tcpConnectTimeout");
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        Objects.requireNonNull(impairment, "impairment");
        Objects.requireNonNull(maxReceiveQueueDelay, "maxReceiveQueueDelay");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        if (callExecutors < 1) {
            throw new IllegalArgumentException("callExecutors must be at least 1: " + callExecutors);
        }
        if (maxTcpConnections < 1) {
            throw new IllegalArgumentException("maxTcpConnections must be at least 1: " + maxTcpConnections);
        }
        if (udpReceiveBufferBytes < 65536) {
            throw new IllegalArgumentException("udpReceiveBufferBytes below 64 KiB: " + udpReceiveBufferBytes);
        }
        if (maxExecutorBacklog < 0) {
            throw new IllegalArgumentException("maxExecutorBacklog must not be negative: " + maxExecutorBacklog);
        }
        if (maxReceiveQueueDelay.isNegative()) {
            throw new IllegalArgumentException("maxReceiveQueueDelay must not be negative: " + maxReceiveQueueDelay);
        }
        if (retryAfterSeconds < 0) {
            throw new IllegalArgumentException("retryAfterSeconds must not be negative: " + retryAfterSeconds);
        }
        if (tcpConnectTimeout.isNegative() || tcpConnectTimeout.isZero() || idleTimeout.isNegative()) {
            throw new IllegalArgumentException("timeouts must be positive (idleTimeout may be zero)");
        }
    }

    /** The defaults of the table above. */
    public static TransportConfig defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.host = host;
        b.port = port;
        b.callExecutors = callExecutors;
        b.parserLimits = parserLimits;
        b.maxTcpConnections = maxTcpConnections;
        b.tcpConnectTimeout = tcpConnectTimeout;
        b.idleTimeout = idleTimeout;
        b.impairment = impairment;
        b.udpReceiveBufferBytes = udpReceiveBufferBytes;
        b.maxExecutorBacklog = maxExecutorBacklog;
        b.maxReceiveQueueDelay = maxReceiveQueueDelay;
        b.retryAfterSeconds = retryAfterSeconds;
        return b;
    }

    /** Builds a {@link TransportConfig}; starts from the defaults. Not thread-safe. */
    public static final class Builder {
        private String host = "127.0.0.1";
        private int port = 5060;
        private int callExecutors = Runtime.getRuntime().availableProcessors();
        private SipParserLimits parserLimits = SipParserLimits.DEFAULT;
        private int maxTcpConnections = 1024;
        private Duration tcpConnectTimeout = Duration.ofSeconds(5);
        private Duration idleTimeout = Duration.ofMinutes(5);
        private ImpairmentConfig impairment = ImpairmentConfig.none();
        private int udpReceiveBufferBytes = 4 * 1024 * 1024;
        private int maxExecutorBacklog = 2000;
        private Duration maxReceiveQueueDelay = Duration.ofMillis(200);
        private int retryAfterSeconds = 5;

        private Builder() {}

        public Builder host(String v) { this.host = v; return this; }

        /** @param v 0 for an ephemeral port shared by UDP and TCP */
        public Builder port(int v) { this.port = v; return this; }

        public Builder callExecutors(int v) { this.callExecutors = v; return this; }

        public Builder parserLimits(SipParserLimits v) { this.parserLimits = v; return this; }

        public Builder maxTcpConnections(int v) { this.maxTcpConnections = v; return this; }

        public Builder tcpConnectTimeout(Duration v) { this.tcpConnectTimeout = v; return this; }

        /** @param v {@link Duration#ZERO} disables idle closing */
        public Builder idleTimeout(Duration v) { this.idleTimeout = v; return this; }

        /** Seeded impairment of UDP datagrams in both directions (tests only); see {@link ImpairmentConfig}. */
        public Builder impairment(ImpairmentConfig v) { this.impairment = v; return this; }

        /** @param v SO_RCVBUF of the UDP socket in bytes, at least 64 KiB */
        public Builder udpReceiveBufferBytes(int v) { this.udpReceiveBufferBytes = v; return this; }

        /** @param v pending tasks on a call executor above which new INVITEs are shed with 503; 0 disables */
        public Builder maxExecutorBacklog(int v) { this.maxExecutorBacklog = v; return this; }

        /**
         * @param v how long datagrams may wait in the UDP receive queue before new INVITEs read from it
         *          are shed with 503; {@link Duration#ZERO} disables
         */
        public Builder maxReceiveQueueDelay(Duration v) { this.maxReceiveQueueDelay = v; return this; }

        /** @param v Retry-After of the overload 503, in seconds */
        public Builder retryAfterSeconds(int v) { this.retryAfterSeconds = v; return this; }

        public TransportConfig build() {
            return new TransportConfig(host, port, callExecutors, parserLimits, maxTcpConnections,
                    tcpConnectTimeout, idleTimeout, impairment, udpReceiveBufferBytes, maxExecutorBacklog,
                    maxReceiveQueueDelay, retryAfterSeconds);
        }
    }
}
