package io.dialtone.codec;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@DisplayName("ITU-T G.711")
class G711Test {

    /** G.711 Table 2a: upper decision value of each μ-law segment, 14-bit magnitude scale. */
    private static final int[] ULAW_SEGMENT_END = {31, 95, 223, 479, 991, 2015, 4063, 8159};
    /** G.711 Table 1a: upper decision value of each A-law segment, 12-bit magnitude scale. */
    private static final int[] ALAW_SEGMENT_END = {32, 64, 128, 256, 512, 1024, 2048, 4096};

    /**
     * Independent μ-law quantiser: finds the segment by comparing against the decision values of
     * Table 2a, then the interval inside it (segment 0's first interval is the single value 0).
     */
    static int referenceUlaw(int pcm16) {
        int v = Math.floorDiv(pcm16, 4);
        boolean negative = v < 0;
        int m = Math.abs(v);
        int index;
        if (m >= ULAW_SEGMENT_END[7]) {
            index = 127;
        } else {
            int seg = 0;
            while (m >= ULAW_SEGMENT_END[seg]) {
                seg++;
            }
            int start = seg == 0 ? -1 : ULAW_SEGMENT_END[seg - 1];
            int step = 2 << seg;
            index = seg * 16 + (m - start) / step;
        }
        // Transmitted code: all bits inverted, sign bit set for positive values.
        return negative ? (~index & 0x7F) : (~index & 0xFF);
    }

    /** Independent A-law quantiser using Table 1a's decision values. */
    static int referenceAlaw(int pcm16) {
        int v = Math.floorDiv(pcm16, 8);
        boolean negative = v < 0;
        int m = negative ? -v - 1 : v;
        int seg = 0;
        while (m >= ALAW_SEGMENT_END[seg]) {
            seg++;
        }
        int start = seg == 0 ? 0 : ALAW_SEGMENT_END[seg - 1];
        int step = seg < 2 ? 2 : 1 << seg;
        int index = seg * 16 + (m - start) / step;
        int signed = negative ? index : index | 0x80;
        return signed ^ 0x55; // even-bit inversion (G.711 §2 note)
    }

    @Nested
    class Ulaw {
        @Test
        void everyCodeExceptMinusZeroRoundTrips() {
            for (int code = 0; code < 256; code++) {
                short pcm = G711.ulawDecode((byte) code);
                int expected = code == 0x7F ? 0xFF : code; // −0 decodes to 0, which encodes as +0
                assertThat(G711.ulawEncode(pcm) & 0xFF).as("code %02x", code).isEqualTo(expected);
            }
        }

        @Test
        void all16BitInputsMatchIndependentQuantiser() {
            for (int pcm = Short.MIN_VALUE; pcm <= Short.MAX_VALUE; pcm++) {
                assertThat(G711.ulawEncode((short) pcm) & 0xFF).as("pcm %d", pcm).isEqualTo(referenceUlaw(pcm));
            }
        }

        @Test
        void decodedValuesAreSymmetricAndMonotonic() {
            for (int i = 0; i < 127; i++) {
                short positive = G711.ulawDecode((byte) (0xFF - i));
                assertThat(G711.ulawDecode((byte) (0x7F - i))).isEqualTo((short) -positive);
                assertThat(G711.ulawDecode((byte) (0xFF - i - 1))).isGreaterThan(positive);
            }
        }

        @ParameterizedTest
        @CsvSource({"0xFF, 0", "0x7F, 0", "0x00, -32124", "0x80, 32124", "0xFE, 8", "0x7E, -8", "0xEF, 132"})
        void knownDecodeVectors(String code, short expected) {
            assertThat(G711.ulawDecode((byte) Integer.decode(code).intValue())).isEqualTo(expected);
        }

        @ParameterizedTest
        @CsvSource({"0, 0xFF", "-1, 0x7E", "32767, 0x80", "-32768, 0x00", "1000, 0xCE"})
        void knownEncodeVectors(short pcm, String code) {
            assertThat(G711.ulawEncode(pcm) & 0xFF).isEqualTo(Integer.decode(code));
        }
    }

    @Nested
    class Alaw {
        @Test
        void everyCodeRoundTrips() {
            for (int code = 0; code < 256; code++) {
                short pcm = G711.alawDecode((byte) code);
                assertThat(G711.alawEncode(pcm) & 0xFF).as("code %02x", code).isEqualTo(code);
            }
        }

        @Test
        void all16BitInputsMatchIndependentQuantiser() {
            for (int pcm = Short.MIN_VALUE; pcm <= Short.MAX_VALUE; pcm++) {
                assertThat(G711.alawEncode((short) pcm) & 0xFF).as("pcm %d", pcm).isEqualTo(referenceAlaw(pcm));
            }
        }

        @ParameterizedTest
        @CsvSource({"0xD5, 8", "0x55, -8", "0xAA, 32256", "0x2A, -32256", "0xD4, 24"})
        void knownDecodeVectors(String code, short expected) {
            assertThat(G711.alawDecode((byte) Integer.decode(code).intValue())).isEqualTo(expected);
        }

        @ParameterizedTest
        @CsvSource({"0, 0xD5", "-1, 0x55", "32767, 0xAA", "-32768, 0x2A"})
        void knownEncodeVectors(short pcm, String code) {
            assertThat(G711.alawEncode(pcm) & 0xFF).isEqualTo(Integer.decode(code));
        }
    }
}
