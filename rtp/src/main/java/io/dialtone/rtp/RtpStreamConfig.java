package io.dialtone.rtp;

import io.dialtone.codec.AudioCodec;
import io.dialtone.codec.PcmuCodec;
import java.net.InetAddress;
import java.util.Objects;

/**
 * Configuration of one {@link RtpStream}. Immutable; build with {@link #builder()}.
 *
 * <table>
 * <caption>Settings</caption>
 * <tr><th>name</th><th>default</th><th>unit</th><th>effect</th></tr>
 * <tr><td>localAddress</td><td>loopback</td><td>-</td><td>address both sockets bind to</td></tr>
 * <tr><td>localPort</td><td>0</td><td>UDP port</td><td>RTP port (even); RTCP uses +1; 0 picks a free pair in range</td></tr>
 * <tr><td>portMin..portMax</td><td>16384..32766</td><td>UDP port</td><td>range searched when localPort is 0</td></tr>
 * <tr><td>codec</td><td>PCMU</td><td>-</td><td>payload format</td></tr>
 * <tr><td>payloadType</td><td>codec default</td><td>0..127</td><td>PT negotiated in SDP, sent and accepted</td></tr>
 * <tr><td>ptimeMs</td><td>20</td><td>ms</td><td>packet interval, a multiple of the 20 ms media clock</td></tr>
 * <tr><td>telephoneEventPayloadType</td><td>-1 (none)</td><td>0..127</td><td>RFC 4733 PT: DTMF sent and received ({@link RtpStream#sendDtmf}, {@link DtmfListener})</td></tr>
 * <tr><td>jitterBufferDelayMs</td><td>60</td><td>ms</td><td>initial and minimum playout delay, rounded to whole
 *     packets; the adaptive jitter buffer grows it with network jitter up to 500 ms</td></tr>
 * <tr><td>cname</td><td>random</td><td>-</td><td>RTCP SDES CNAME (RFC 3550 §6.5.1, RFC 7022)</td></tr>
 * <tr><td>impairment</td><td>none</td><td>-</td><td>seeded loss/delay/jitter/dup/reorder of this stream's RTP and
 *     RTCP datagrams, both directions, for tests ({@link MediaImpairment})</td></tr>
 * </table>
 *
 * @param localAddress              address to bind
 * @param localPort                 even RTP port, or 0 to choose one
 * @param portMin                   lowest port tried when choosing
 * @param portMax                   highest RTP port tried when choosing
 * @param codec                     payload codec
 * @param payloadType               negotiated payload type
 * @param ptimeMs                   packet interval in milliseconds
 * @param telephoneEventPayloadType RFC 4733 payload type, or -1
 * @param jitterBufferDelayMs       initial and minimum playout delay in milliseconds
 * @param cname                     RTCP canonical name
 * @param impairment                impairment of the stream's datagrams, {@link MediaImpairment#none()} for none
 */
public record RtpStreamConfig(InetAddress localAddress, int localPort, int portMin, int portMax, AudioCodec codec,
        int payloadType, int ptimeMs, int telephoneEventPayloadType, int jitterBufferDelayMs, String cname,
        MediaImpairment impairment) {

    /** Validates every field. */
    public RtpStreamConfig {
        Objects.requireNonNull(localAddress, "localAddress");
        Objects.requireNonNull(codec, "codec");
        Objects.requireNonNull(cname, "cname");
        Objects.requireNonNull(impairment, "impairment");
        if (localPort != 0 && (localPort % 2 != 0 || localPort < 2 || localPort > 65534)) {
            throw new IllegalArgumentException("localPort must be 0 or an even port: " + localPort);
        }
        if (portMin < 1024 || portMax > 65534 || portMin > portMax) {
            throw new IllegalArgumentException("bad port range " + portMin + ".." + portMax);
        }
        if (payloadType < 0 || payloadType > 127 || telephoneEventPayloadType < -1 || telephoneEventPayloadType > 127) {
            throw new IllegalArgumentException("payload type out of range");
        }
        if (ptimeMs < MediaClock.TICK_MS || ptimeMs % MediaClock.TICK_MS != 0 || ptimeMs > 200) {
            throw new IllegalArgumentException("ptimeMs must be a multiple of 20 up to 200: " + ptimeMs);
        }
        if (jitterBufferDelayMs < 0 || jitterBufferDelayMs > 2000) {
            throw new IllegalArgumentException("jitterBufferDelayMs out of range: " + jitterBufferDelayMs);
        }
    }

    /** @return a builder with the defaults of the table above */
    public static Builder builder() {
        return new Builder();
    }

    /** @return samples per packet at the codec clock rate */
    public int samplesPerPacket() {
        return codec.clockRateHz() * ptimeMs / 1000;
    }

    /** Builder for {@link RtpStreamConfig}; not thread-safe. */
    public static final class Builder {
        private InetAddress localAddress = InetAddress.getLoopbackAddress();
        private int localPort;
        private int portMin = 16384;
        private int portMax = 32766;
        private AudioCodec codec = PcmuCodec.INSTANCE;
        private int payloadType = -1;
        private int ptimeMs = 20;
        private int telephoneEventPayloadType = -1;
        private int jitterBufferDelayMs = 60;
        private String cname;
        private MediaImpairment impairment = MediaImpairment.none();

        private Builder() {
        }

        /** @param v address to bind @return this */
        public Builder localAddress(InetAddress v) { localAddress = v; return this; }

        /** @param v even RTP port or 0 @return this */
        public Builder localPort(int v) { localPort = v; return this; }

        /** @param min lowest port @param max highest RTP port @return this */
        public Builder portRange(int min, int max) { portMin = min; portMax = max; return this; }

        /** @param v codec; also sets the payload type unless one is set explicitly @return this */
        public Builder codec(AudioCodec v) { codec = v; return this; }

        /** @param v negotiated payload type @return this */
        public Builder payloadType(int v) { payloadType = v; return this; }

        /** @param v packet interval in ms @return this */
        public Builder ptimeMs(int v) { ptimeMs = v; return this; }

        /** @param v RFC 4733 payload type or -1 @return this */
        public Builder telephoneEventPayloadType(int v) { telephoneEventPayloadType = v; return this; }

        /** @param v playout delay in ms @return this */
        public Builder jitterBufferDelayMs(int v) { jitterBufferDelayMs = v; return this; }

        /** @param v RTCP CNAME @return this */
        public Builder cname(String v) { cname = v; return this; }

        /** @param v impairment of this stream's RTP/RTCP datagrams (default none) @return this */
        public Builder impairment(MediaImpairment v) { impairment = Objects.requireNonNull(v, "impairment"); return this; }

        /** @return the configuration @throws IllegalArgumentException if a value is invalid */
        public RtpStreamConfig build() {
            String name = cname != null ? cname : java.util.UUID.randomUUID().toString();
            int pt = payloadType >= 0 ? payloadType : codec.payloadType();
            return new RtpStreamConfig(localAddress, localPort, portMin, portMax, codec, pt, ptimeMs,
                    telephoneEventPayloadType, jitterBufferDelayMs, name, impairment);
        }
    }
}
