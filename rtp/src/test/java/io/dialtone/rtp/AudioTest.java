package io.dialtone.rtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AudioTest {

    @TempDir
    Path dir;

    @Test
    void toneIsPhaseContinuousAndAtItsFrequency() {
        ToneSource tone = new ToneSource(1000, 8000, 0.5);
        short[] all = new short[800];
        short[] frame = new short[160];
        for (int f = 0; f < 5; f++) {
            assertThat(tone.read(frame, 160)).isTrue();
            System.arraycopy(frame, 0, all, f * 160, 160);
        }
        assertThat(all[0]).isZero();
        assertThat(all[2]).isEqualTo((short) 16384); // sin(π/2) × 0.5 full scale
        assertThat(Goertzel.power(all, 0, 800, 1000, 8000)).isGreaterThan(100 * Goertzel.power(all, 0, 800, 400, 8000));
        assertThat(all[160 + 2]).isEqualTo((short) 16384); // 8 samples per period: frame boundary keeps phase
    }

    @Test
    void wavSinkWritesWhatSourceReads() throws Exception {
        Path file = dir.resolve("a.wav");
        AudioSink sink = WavFile.createSink(file);
        short[] frame = new short[160];
        for (int i = 0; i < 160; i++) {
            frame[i] = (short) (i * 100 - 8000);
        }
        sink.write(frame, 160);
        sink.write(frame, 80);
        sink.close();
        assertThat(Files.size(file)).isEqualTo(44 + 480);
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(b.getInt(4)).isEqualTo(36 + 480);
        assertThat(b.getInt(40)).isEqualTo(480);

        AudioSource once = WavFile.openSource(file);
        short[] read = new short[240];
        assertThat(once.read(read, 240)).isTrue();
        assertThat(read[159]).isEqualTo(frame[159]);
        assertThat(read[239]).isEqualTo(frame[79]);
        assertThat(once.read(read, 1)).isFalse();

        AudioSource looping = WavFile.openSource(file, true);
        assertThat(looping.read(read, 240)).isTrue();
        assertThat(looping.read(read, 2)).isTrue();
        assertThat(read[1]).isEqualTo(frame[1]);
    }

    @Test
    void wavSourceRejectsOtherFormats() throws Exception {
        Path file = dir.resolve("s.wav");
        AudioSink sink = WavFile.createSink(file);
        sink.close();
        byte[] bytes = Files.readAllBytes(file);
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt(24, 11025);
        Files.write(file, bytes);
        assertThatThrownBy(() -> WavFile.openSource(file)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("11025 Hz");
        Files.write(file, new byte[] {1, 2, 3});
        assertThatThrownBy(() -> WavFile.openSource(file)).hasMessageContaining("RIFF");
    }

    @Test
    void echoReturnsWhatWasWritten() {
        EchoAudio echo = new EchoAudio(4);
        echo.write(new short[] {1, 2, 3, 4, 5}, 5);
        short[] out = new short[6];
        echo.read(out, 6);
        assertThat(out).containsExactly(2, 3, 4, 5, 0, 0);
        assertThat(echo.overwritten()).isEqualTo(1);
    }

    @Test
    void echoMatchesAQueueOfSamplesThroughWrapsOverflowAndUnderrun() {
        java.util.ArrayDeque<Short> model = new java.util.ArrayDeque<>();
        EchoAudio echo = new EchoAudio(37);
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(7);
        long overwritten = 0;
        short next = 1;
        for (int op = 0; op < 5_000; op++) {
            int n = rnd.nextInt(0, 90); // below, near and above the capacity
            short[] frame = new short[n];
            if (rnd.nextBoolean()) {
                for (int i = 0; i < n; i++) {
                    frame[i] = next;
                    model.addLast(next++);
                    if (model.size() > 37) {
                        model.removeFirst();
                        overwritten++;
                    }
                }
                echo.write(frame, n);
            } else {
                java.util.Arrays.fill(frame, (short) -1);
                echo.read(frame, n);
                for (int i = 0; i < n; i++) {
                    Short want = model.pollFirst();
                    assertThat(frame[i]).as("op %d sample %d", op, i).isEqualTo(want == null ? 0 : want);
                }
            }
            assertThat(echo.available()).isEqualTo(model.size());
            assertThat(echo.overwritten()).isEqualTo(overwritten);
        }
    }
}
