package io.dialtone.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CodecsTest {

    @Test
    void findsCodecsCaseInsensitively() {
        assertThat(Codecs.byName("pcmu")).contains(PcmuCodec.INSTANCE);
        assertThat(Codecs.byName("PCMA")).contains(PcmaCodec.INSTANCE);
        assertThat(Codecs.byName("opus")).isEmpty();
    }

    @Test
    void describesRfc3551StaticPayloadTypes() {
        assertThat(PcmuCodec.INSTANCE.payloadType()).isZero();
        assertThat(PcmaCodec.INSTANCE.payloadType()).isEqualTo(8);
        assertThat(PcmuCodec.INSTANCE.clockRateHz()).isEqualTo(8000);
        assertThat(PcmaCodec.INSTANCE.encodingName()).isEqualTo("PCMA");
    }

    @Test
    void encodesAndDecodesWithOffsets() {
        short[] pcm = {0, 1000, -1000, 32767};
        byte[] out = new byte[6];
        PcmuCodec.INSTANCE.encode(pcm, 1, 3, out, 2);
        assertThat(out[2]).isEqualTo(G711.ulawEncode((short) 1000));
        short[] back = new short[5];
        PcmuCodec.INSTANCE.decode(out, 2, 3, back, 1);
        assertThat(back[0]).isZero();
        assertThat(back[1]).isEqualTo(G711.ulawDecode(out[2]));
        assertThat(back[3]).isEqualTo((short) 32124);
    }

    @Test
    void rejectsOutOfRangeBuffers() {
        assertThatThrownBy(() -> PcmaCodec.INSTANCE.encode(new short[2], 0, 3, new byte[3], 0))
                .isInstanceOf(IndexOutOfBoundsException.class);
    }
}
