package io.dialtone.rtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("RFC 3550 §6.1 compound RTCP read and written in place")
class RtcpCompoundViewTest {

    private static final RtcpReportBlock BLOCK = new RtcpReportBlock(0xCAFEBABEL, 25, -3, 70000, 123, 0x12345678L, 65536);
    private static final VoipMetrics XR = new VoipMetrics(0xCAFEBABEL, 25, 0, 24, 0, 20, 180, 2, 82, 127, 127, 127, 16,
            67, 127, 34, 34, 0xF0, 60, 500, 500);

    @Test
    void readsWhatTheCompoundWrote() {
        RtcpCompound c = new RtcpCompound(0xFFFFFFFFL, new RtcpSenderInfo(0xE1234567_89ABCDEFL, 4000, 50, 8000),
                List.of(BLOCK), "alice@example.com", List.of(7L, 8L), "bye", XR,
                List.of(new RtcpApp(3, 0xFFFFFFFFL, "TEST", new byte[] {1, 2, 3, 4})));
        byte[] buf = new byte[c.sizeBytes() + 10];
        assertThat(c.writeTo(buf, 10)).isEqualTo(c.sizeBytes());
        assertThat(Arrays.copyOfRange(buf, 10, buf.length)).isEqualTo(c.toBytes());
        RtcpCompoundView v = new RtcpCompoundView().wrap(buf, 10, c.sizeBytes());
        assertThat(v.ssrc()).isEqualTo(0xFFFFFFFFL);
        assertThat(v.isSenderReport()).isTrue();
        assertThat(v.ntpTimestamp()).isEqualTo(0xE1234567_89ABCDEFL);
        assertThat(v.compactNtp()).isEqualTo(0x456789ABL);
        assertThat(v.reportCount()).isEqualTo(1);
        assertThat(v.reportSsrc(0)).isEqualTo(0xCAFEBABEL);
        assertThat(v.reportBlock(0)).isEqualTo(BLOCK);
        assertThat(v.cname()).isEqualTo("alice@example.com");
        assertThat(v.byeCount()).isEqualTo(2);
        assertThat(v.byeSsrc(1)).isEqualTo(8L);
        assertThat(v.byeReason()).isEqualTo("bye");
        assertThat(v.hasVoipMetrics()).isTrue();
        assertThat(v.voipMetricsSsrc()).isEqualTo(0xCAFEBABEL);
        assertThat(v.voipMetrics()).isEqualTo(XR);
        assertThat(v.appCount()).isEqualTo(1);
        assertThat(v.toCompound()).isEqualTo(c);
        assertThatThrownBy(() -> v.reportSsrc(1)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void aReceiverReportHasNoSenderInfo() {
        byte[] wire = new RtcpCompound(1, null, List.of(), null, List.of(), null).toBytes();
        RtcpCompoundView v = new RtcpCompoundView().wrap(wire, 0, wire.length);
        assertThat(v.isSenderReport()).isFalse();
        assertThat(v.senderInfo()).isNull();
        assertThat(v.cname()).isNull();
        assertThat(v.isBye()).isFalse();
        assertThat(v.hasVoipMetrics()).isFalse();
        assertThatThrownBy(v::compactNtp).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aRejectedCompoundLeavesTheViewEmpty() {
        byte[] wire = new RtcpCompound(1, null, List.of(), "x", List.of(), null).toBytes();
        RtcpCompoundView v = new RtcpCompoundView().wrap(wire, 0, wire.length);
        wire[1] = (byte) RtcpCompound.PT_SDES; // A.2: the first packet must be SR or RR
        assertThatThrownBy(() -> v.wrap(wire, 0, wire.length)).isInstanceOf(RtpFormatException.class);
        assertThatThrownBy(v::ssrc).isInstanceOf(IllegalStateException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"plain", "é-accent", "日本語", "emoji \uD83D\uDE00 pair", "lone \uD800 surrogate"})
    void textIsWrittenAsUtf8WithoutACopy(String text) {
        byte[] expected = text.getBytes(StandardCharsets.UTF_8);
        assertThat(Utf8.length(text)).isEqualTo(expected.length);
        byte[] out = new byte[expected.length + 2];
        assertThat(Utf8.write(text, out, 1)).isEqualTo(1 + expected.length);
        assertThat(Arrays.copyOfRange(out, 1, 1 + expected.length)).isEqualTo(expected);
        RtcpCompound c = new RtcpCompound(1, null, List.of(), text, List.of(1L), text);
        String decoded = new String(expected, StandardCharsets.UTF_8); // a lone surrogate became '?'
        assertThat(RtcpCompound.parse(c.toBytes(), 0, c.sizeBytes()))
                .isEqualTo(new RtcpCompound(1, null, List.of(), decoded, List.of(1L), decoded));
    }
}
