package io.dialtone.rtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("RFC 3550 §5.1 RTP fixed header")
class RtpPacketTest {

    @Test
    void roundTripsSimplePacket() {
        RtpPacket p = RtpPacket.of(true, 0, 65535, 0xFFFFFFFFL, 0xDEADBEEFL, new byte[] {1, 2, 3});
        byte[] wire = p.toBytes();
        assertThat(wire).hasSize(15);
        assertThat(wire[0] & 0xFF).isEqualTo(0x80);
        assertThat(wire[1] & 0xFF).isEqualTo(0x80);
        RtpPacket back = RtpPacket.parse(wire, 0, wire.length);
        assertThat(back).isEqualTo(p);
        assertThat(back.marker()).isTrue();
        assertThat(back.sequenceNumber()).isEqualTo(65535);
        assertThat(back.timestamp()).isEqualTo(0xFFFFFFFFL);
        assertThat(back.ssrc()).isEqualTo(0xDEADBEEFL);
        assertThat(back.payload()).containsExactly(1, 2, 3);
    }

    @Test
    void roundTripsCsrcsAndExtensionAtOffset() {
        RtpPacket p = RtpPacket.of(false, 96, 7, 160, 1, new long[] {5, 0xFFFFFFFFL}, 0xBEDE,
                new byte[] {9, 9, 9, 9}, new byte[] {42});
        byte[] out = new byte[100];
        int n = p.writeTo(out, 10);
        assertThat(n).isEqualTo(12 + 8 + 8 + 1);
        RtpPacket back = RtpPacket.parse(out, 10, n);
        assertThat(back).isEqualTo(p);
        assertThat(back.csrcCount()).isEqualTo(2);
        assertThat(back.csrcs()).containsExactly(5, 0xFFFFFFFFL);
        assertThat(back.extensionProfile()).isEqualTo(0xBEDE);
        assertThat(back.extensionData()).containsExactly(9, 9, 9, 9);
    }

    @Test
    void stripsPadding() {
        byte[] wire = Arrays.copyOf(RtpPacket.of(false, 0, 1, 2, 3, new byte[] {7, 8}).toBytes(), 18);
        wire[0] |= 0x20;
        wire[17] = 4; // 4 bytes of padding, count included
        RtpPacket p = RtpPacket.parse(wire, 0, 18);
        assertThat(p.padding()).isTrue();
        assertThat(p.payload()).containsExactly(7, 8);
    }

    private static byte[] header(int b0) {
        byte[] b = new byte[12];
        b[0] = (byte) b0;
        return b;
    }

    @Test
    void rejectsShortPacket() {
        assertThatThrownBy(() -> RtpPacket.parse(new byte[11], 0, 11)).isInstanceOf(RtpFormatException.class)
                .hasMessageContaining("fixed header");
    }

    @Test
    void rejectsVersion() {
        assertThatThrownBy(() -> RtpPacket.parse(header(0x40), 0, 12)).isInstanceOf(RtpFormatException.class)
                .hasMessageContaining("version");
    }

    @Test
    void rejectsCsrcCountBeyondLength() {
        assertThatThrownBy(() -> RtpPacket.parse(header(0x81), 0, 12)).hasMessageContaining("CSRC count");
    }

    @Test
    void rejectsMissingExtensionHeader() {
        assertThatThrownBy(() -> RtpPacket.parse(header(0x90), 0, 12)).hasMessageContaining("X bit");
    }

    @Test
    void rejectsExtensionLengthBeyondPacket() {
        byte[] b = Arrays.copyOf(header(0x90), 16);
        b[15] = 1; // one word announced, none present
        assertThatThrownBy(() -> RtpPacket.parse(b, 0, 16)).isInstanceOf(RtpFormatException.class)
                .hasMessageContaining("header extension");
    }

    @Test
    void rejectsZeroPaddingCount() {
        byte[] b = Arrays.copyOf(header(0xA0), 13);
        assertThatThrownBy(() -> RtpPacket.parse(b, 0, 13)).hasMessageContaining("padding count 0");
    }

    @Test
    void rejectsPaddingIntoHeader() {
        byte[] b = Arrays.copyOf(header(0xA0), 14);
        b[13] = 3;
        assertThatThrownBy(() -> RtpPacket.parse(b, 0, 14)).isInstanceOf(RtpFormatException.class)
                .hasMessageContaining("padding count 3");
    }

    @Test
    void rejectsOutOfRangeFieldsWhenBuilding() {
        assertThatThrownBy(() -> RtpPacket.of(false, 128, 0, 0, 0, new byte[0]))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RtpPacket.of(false, 0, 65536, 0, 0, new byte[0]))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
