package io.dialtone.rtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("RFC 3550 §6.4 SR/RR, §6.5 SDES, §6.6 BYE")
class RtcpCompoundTest {

    private static final RtcpReportBlock BLOCK = new RtcpReportBlock(0xCAFEBABEL, 25, -3, 70000, 123, 0x12345678L, 65536);

    @Test
    void senderReportRoundTrips() {
        RtcpCompound sr = new RtcpCompound(0xFFFFFFFFL, new RtcpSenderInfo(0xE1234567_89ABCDEFL, 4000, 50, 8000),
                List.of(BLOCK), "alice@example.com", List.of(), null);
        byte[] wire = sr.toBytes();
        assertThat(wire.length % 4).isZero();
        assertThat(wire[1] & 0xFF).isEqualTo(200);
        assertThat(RtcpCompound.parse(wire, 0, wire.length)).isEqualTo(sr);
        assertThat(sr.senderInfo().compactNtp()).isEqualTo(0x456789ABL);
    }

    @Test
    void receiverReportWithByeRoundTrips() {
        RtcpCompound rr = new RtcpCompound(1, null, List.of(), "x", List.of(1L), "done");
        byte[] wire = rr.toBytes();
        assertThat(wire[1] & 0xFF).isEqualTo(201);
        RtcpCompound back = RtcpCompound.parse(wire, 0, wire.length);
        assertThat(back).isEqualTo(rr);
        assertThat(back.isBye()).isTrue();
    }

    @Test
    void cnameLengthsPadToWords() {
        for (int n = 1; n <= 8; n++) {
            RtcpCompound c = new RtcpCompound(1, null, List.of(), "a".repeat(n), List.of(), null);
            byte[] wire = c.toBytes();
            assertThat(RtcpCompound.parse(wire, 0, wire.length).cname()).isEqualTo("a".repeat(n));
        }
    }

    @Test
    void rejectsCompoundNotStartingWithReport() {
        byte[] sdesOnly = Arrays.copyOfRange(new RtcpCompound(1, null, List.of(), "a", List.of(), null).toBytes(), 8, 20);
        assertThatThrownBy(() -> RtcpCompound.parse(sdesOnly, 0, sdesOnly.length)).isInstanceOf(RtpFormatException.class)
                .hasMessageContaining("SR or RR");
    }

    @Test
    void rejectsLengthBeyondCompound() {
        byte[] wire = new RtcpCompound(1, null, List.of(BLOCK), null, List.of(), null).toBytes();
        assertThatThrownBy(() -> RtcpCompound.parse(wire, 0, wire.length - 4)).hasMessageContaining("exceeds");
    }

    @Test
    void rejectsReportCountBeyondLength() {
        byte[] wire = new RtcpCompound(1, null, List.of(), null, List.of(), null).toBytes();
        wire[0] = (byte) 0x81; // claims one block
        assertThatThrownBy(() -> RtcpCompound.parse(wire, 0, wire.length)).hasMessageContaining("report count");
    }

    @Test
    void rejectsBadVersionAndTruncatedSdes() {
        byte[] wire = new RtcpCompound(1, null, List.of(), "abc", List.of(), null).toBytes();
        byte[] v1 = wire.clone();
        v1[0] = 0x40;
        assertThatThrownBy(() -> RtcpCompound.parse(v1, 0, v1.length)).hasMessageContaining("version");
        byte[] badItem = wire.clone();
        badItem[8 + 9] = 40; // CNAME length beyond the packet
        assertThatThrownBy(() -> RtcpCompound.parse(badItem, 0, badItem.length)).hasMessageContaining("SDES item");
    }
}
