package io.dialtone.rtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("RFC 3611 §4.7 VoIP Metrics, RFC 3550 §6.7 APP")
class VoipMetricsTest {

    static final VoipMetrics M = new VoipMetrics(0xCAFEBABEL, 26, 3, 64, 2, 120, 4000, 42, 80, VoipMetrics.UNAVAILABLE,
            VoipMetrics.UNAVAILABLE, VoipMetrics.UNAVAILABLE, 16, 67, VoipMetrics.UNAVAILABLE, 34, 34, 0xF0, 60, 500, 500);

    @Test
    void roundTripsInACompound() {
        RtcpCompound rr = new RtcpCompound(1, null, List.of(), "me", List.of(), null, M, List.of());
        byte[] wire = rr.toBytes();
        assertThat(RtcpCompound.parse(wire, 0, wire.length)).isEqualTo(rr);
    }

    @Test
    void wireLayoutOfTheXrPacket() {
        byte[] xr = M.toXrPacket(1);
        assertThat(xr).hasSize(44);
        assertThat(xr[0] & 0xFF).isEqualTo(0x80);
        assertThat(xr[1] & 0xFF).isEqualTo(207);
        assertThat(RtpPacket.u16(xr, 2)).isEqualTo(10); // 44 / 4 − 1
        assertThat(xr[8]).isEqualTo((byte) 7); // BT
        assertThat(RtpPacket.u16(xr, 10)).isEqualTo(8); // block length
        assertThat(RtpPacket.u32(xr, 12)).isEqualTo(0xCAFEBABEL);
        assertThat(xr[16]).isEqualTo((byte) 26); // loss rate
        assertThat(RtpPacket.u16(xr, 24)).isEqualTo(42); // round trip delay
        assertThat(xr[31]).isEqualTo((byte) 16); // Gmin
        assertThat(xr[32]).isEqualTo((byte) 67); // R factor
        assertThat(RtpPacket.u16(xr, 42)).isEqualTo(500); // JB abs max
    }

    @Test
    void otherXrBlocksAreSkippedAndTheirLengthsChecked() {
        byte[] rr = new RtcpCompound(1, null, List.of(), null, List.of(), null).toBytes();
        // XR with a Receiver Reference Time block (BT 4, 2 words) then the VoIP Metrics block
        byte[] xr = M.toXrPacket(1);
        byte[] both = new byte[xr.length + 12];
        System.arraycopy(xr, 0, both, 0, 8);
        both[8] = 4;
        RtpPacket.put16(both, 10, 2);
        System.arraycopy(xr, 8, both, 20, xr.length - 8);
        RtpPacket.put16(both, 2, both.length / 4 - 1);
        byte[] wire = concat(rr, both);
        assertThat(RtcpCompound.parse(wire, 0, wire.length).voipMetrics()).isEqualTo(M);
        RtpPacket.put16(wire, rr.length + 10, 200); // block longer than the packet
        assertThatThrownBy(() -> RtcpCompound.parse(wire, 0, wire.length)).isInstanceOf(RtpFormatException.class);
    }

    @Test
    void shortVoipMetricsBlockIsRejected() {
        byte[] rr = new RtcpCompound(1, null, List.of(), null, List.of(), null).toBytes();
        byte[] xr = M.toXrPacket(1);
        RtpPacket.put16(xr, 10, 7);
        byte[] wire = concat(rr, Arrays.copyOf(xr, xr.length - 4));
        RtpPacket.put16(wire, rr.length + 2, (xr.length - 4) / 4 - 1);
        assertThatThrownBy(() -> RtcpCompound.parse(wire, 0, wire.length)).isInstanceOf(RtpFormatException.class);
    }

    @Test
    void unavailableValuesReadAsNaN() {
        assertThat(M.rFactorValue()).isEqualTo(67.0);
        assertThat(M.mosLqValue()).isEqualTo(3.4);
        VoipMetrics none = new VoipMetrics(1, 0, 0, 0, 0, 0, 0, 0, 0, 127, 127, 127, 16, 127, 127, 127, 127, 0, 0, 0, 0);
        assertThat(none.rFactorValue()).isNaN();
        assertThat(none.mosLqValue()).isNaN();
    }

    @Test
    void appPacketsAreKeptAndSent() {
        RtcpApp app = new RtcpApp(3, 1, "DTL1", new byte[] {1, 2, 3, 4});
        RtcpCompound c = new RtcpCompound(1, null, List.of(), "me", List.of(1L), null, null, List.of(app));
        byte[] wire = c.toBytes();
        RtcpCompound back = RtcpCompound.parse(wire, 0, wire.length);
        assertThat(back.apps()).containsExactly(app);
        assertThat(back.apps().get(0).data()).containsExactly(1, 2, 3, 4);
        assertThat(back.byeSsrcs()).containsExactly(1L); // BYE stays last
    }

    @Test
    void appShorterThanItsHeaderIsRejected() {
        byte[] rr = new RtcpCompound(1, null, List.of(), null, List.of(), null).toBytes();
        byte[] app = {(byte) 0x80, (byte) 204, 0, 1, 0, 0, 0, 1};
        byte[] wire = concat(rr, app);
        assertThatThrownBy(() -> RtcpCompound.parse(wire, 0, wire.length)).isInstanceOf(RtpFormatException.class);
    }

    @Test
    void appRejectsBadNamesAndData() {
        assertThatThrownBy(() -> new RtcpApp(0, 1, "toolong", new byte[0])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RtcpApp(0, 1, "ABCD", new byte[3])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RtcpApp(32, 1, "ABCD", new byte[0])).isInstanceOf(IllegalArgumentException.class);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
