package io.dialtone.rtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("RFC 3550 §5.1 RTP header read and written in place")
class RtpPacketViewTest {

    @Test
    void readsEveryFieldWhereItIs() {
        RtpPacket p = RtpPacket.of(true, 96, 65535, 0xFFFFFFFFL, 0xDEADBEEFL, new long[] {5, 0xFFFFFFFFL}, 0xBEDE,
                new byte[] {9, 9, 9, 9}, new byte[] {42, 43});
        byte[] buf = new byte[64];
        int n = p.writeTo(buf, 7);
        RtpPacketView v = new RtpPacketView().wrap(buf, 7, n);
        assertThat(v.marker()).isTrue();
        assertThat(v.payloadType()).isEqualTo(96);
        assertThat(v.sequenceNumber()).isEqualTo(65535);
        assertThat(v.timestamp()).isEqualTo(0xFFFFFFFFL);
        assertThat(v.ssrc()).isEqualTo(0xDEADBEEFL);
        assertThat(v.csrcCount()).isEqualTo(2);
        assertThat(v.csrc(1)).isEqualTo(0xFFFFFFFFL);
        assertThat(v.extension()).isTrue();
        assertThat(v.extensionProfile()).isEqualTo(0xBEDE);
        assertThat(v.payloadOffset()).isEqualTo(7 + 12 + 8 + 8);
        assertThat(v.payloadLength()).isEqualTo(2);
        assertThat(v.buffer()).isSameAs(buf);
        assertThat(v.toPacket()).isEqualTo(p);
        assertThatThrownBy(() -> v.csrc(2)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void paddingIsExcludedFromThePayload() {
        byte[] wire = Arrays.copyOf(RtpPacket.of(false, 0, 1, 2, 3, new byte[] {7, 8}).toBytes(), 18);
        wire[0] |= 0x20;
        wire[17] = 4;
        RtpPacketView v = new RtpPacketView().wrap(wire, 0, 18);
        assertThat(v.padding()).isTrue();
        assertThat(v.payloadLength()).isEqualTo(2);
        assertThat(v.length()).isEqualTo(18);
    }

    @ParameterizedTest
    @ValueSource(ints = {0x40, 0x8F, 0x90, 0xA0})
    void malformedHeadersAreRejectedAndLeaveTheViewEmpty(int b0) {
        byte[] b = new byte[12];
        b[0] = (byte) b0; // version 1; 15 CSRCs in 12 bytes; X without room; P with count 0
        RtpPacketView v = new RtpPacketView().wrap(RtpPacket.of(false, 0, 1, 2, 3, new byte[1]).toBytes(), 0, 13);
        assertThatThrownBy(() -> v.wrap(b, 0, 12)).isInstanceOf(RtpFormatException.class);
        assertThatThrownBy(v::ssrc).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void writtenHeaderParsesBack() {
        byte[] out = new byte[20];
        int n = RtpPacketView.writeHeader(out, 4, true, 8, 40000, 0xFFFFFFFFL, 0x80000000L);
        assertThat(n).isEqualTo(12);
        out[16] = 1;
        RtpPacket p = RtpPacket.parse(out, 4, 16);
        assertThat(p).isEqualTo(RtpPacket.of(true, 8, 40000, 0xFFFFFFFFL, 0x80000000L, new byte[] {1, 0, 0, 0}));
    }

    @Test
    void writeHeaderRejectsFieldsOutOfRange() {
        byte[] out = new byte[12];
        assertThatThrownBy(() -> RtpPacketView.writeHeader(out, 0, false, 128, 0, 0, 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RtpPacketView.writeHeader(out, 0, false, 0, 65536, 0, 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RtpPacketView.writeHeader(out, 0, false, 0, 0, 1L << 32, 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RtpPacketView.writeHeader(out, 1, false, 0, 0, 0, 0))
                .isInstanceOf(IndexOutOfBoundsException.class);
    }
}
