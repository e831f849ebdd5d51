package io.dialtone.rtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Application audio at 8, 16, 24 and 48 kHz adapted to a stream's 8 kHz frames, and WAV files at those rates. */
@DisplayName("Audio at the application's rate")
class ResamplingAudioTest {

    @TempDir
    Path dir;

    /** Records every frame written, and whether it was closed. */
    static final class Recorder implements AudioSink {
        final List<Integer> frameSizes = new ArrayList<>();
        short[] all = new short[0];
        boolean closed;

        @Override
        public void write(short[] frame, int samples) {
            frameSizes.add(samples);
            short[] grown = java.util.Arrays.copyOf(all, all.length + samples);
            System.arraycopy(frame, 0, grown, all.length, samples);
            all = grown;
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    /** Amplitude of {@code frequencyHz} over the last {@code seconds} of {@code x}, as a fraction of full scale. */
    static double amplitude(short[] x, double seconds, double frequencyHz, int rateHz) {
        int n = (int) (seconds * rateHz);
        return 2 * Math.sqrt(Goertzel.power(x, x.length - n, x.length, frequencyHz, rateHz)) / n / Short.MAX_VALUE;
    }

    @ParameterizedTest(name = "{0} Hz")
    @ValueSource(ints = {8000, 16000, 24000, 48000})
    void sourceAtTheApplicationsRateFillsStreamFrames(int appRateHz) {
        AudioSource stream = ResamplingSource.wrap(new ToneSource(440, appRateHz, 0.5), appRateHz, 8000);
        short[] heard = new short[8000];
        short[] frame = new short[160];
        for (int f = 0; f < 50; f++) {
            assertThat(stream.read(frame, 160)).isTrue();
            System.arraycopy(frame, 0, heard, f * 160, 160);
        }
        assertThat(amplitude(heard, 0.5, 440, 8000)).isCloseTo(0.5, within(0.5 * 0.06)); // ±0.5 dB
        assertThat(amplitude(heard, 0.5, 1000, 8000)).isLessThan(0.001);
    }

    @ParameterizedTest(name = "{0} Hz")
    @ValueSource(ints = {8000, 16000, 24000, 48000})
    void sinkAtTheApplicationsRateGetsFramesAtThatRate(int appRateHz) {
        Recorder app = new Recorder();
        AudioSink stream = ResamplingSink.wrap(app, 8000, appRateHz);
        ToneSource tone = new ToneSource(1000, 8000, 0.5);
        short[] frame = new short[160];
        for (int f = 0; f < 50; f++) {
            tone.read(frame, 160);
            stream.write(frame, 160);
        }
        stream.close();
        assertThat(app.frameSizes).hasSize(50).containsOnly(appRateHz / 50);
        assertThat(app.closed).isTrue();
        assertThat(amplitude(app.all, 0.5, 1000, appRateHz)).isCloseTo(0.5, within(0.5 * 0.06));
        if (appRateHz > 8000) {
            assertThat(amplitude(app.all, 0.5, 7000, appRateHz)).as("image of 1 kHz at 8 kHz").isLessThan(0.001);
        }
    }

    @Test
    void equalRatesAreNotWrapped() {
        AudioSource src = SilenceSource.INSTANCE;
        AudioSink snk = (f, n) -> { };
        assertThat(ResamplingSource.wrap(src, 8000, 8000)).isSameAs(src);
        assertThat(ResamplingSink.wrap(snk, 8000, 8000)).isSameAs(snk);
        assertThat(ResamplingSource.wrap(src, 24000, 8000)).isInstanceOf(ResamplingSource.class);
    }

    @Test
    void framesThatAreNotWholeAtTheOtherRateAreRejected() {
        AudioSource src = new ResamplingSource(SilenceSource.INSTANCE, 24000, 16000);
        assertThatThrownBy(() -> src.read(new short[3], 3)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("whole number");
        assertThat(src.read(new short[320], 320)).isTrue();
    }

    @Test
    void longerPacketIntervalsWork() {
        AudioSource stream = ResamplingSource.wrap(new ToneSource(440, 48000, 0.5), 48000, 8000);
        short[] frame = new short[480]; // 60 ms
        assertThat(stream.read(frame, 480)).isTrue();
        assertThat(stream.read(frame, 160)).isTrue();
    }

    @Test
    void formatAcceptsOnlyTheSupportedRates() {
        assertThat(AudioFormat.of(24000)).isSameAs(AudioFormat.PCM16_24KHZ);
        assertThat(AudioFormat.PCM16_16KHZ.samplesPer(20)).isEqualTo(320);
        assertThatThrownBy(() -> AudioFormat.of(44100)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AudioFormat(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest(name = "{0} Hz")
    @ValueSource(ints = {8000, 16000, 24000, 48000})
    void wavFilesAtEachRateRoundTripAndPlayInto8kHzStreams(int rateHz) throws Exception {
        Path file = dir.resolve(rateHz + ".wav");
        AudioSink sink = WavFile.createSink(file, rateHz);
        ToneSource tone = new ToneSource(440, AudioFormat.of(rateHz), 0.5);
        short[] written = new short[rateHz];
        short[] frame = new short[rateHz / 50];
        for (int f = 0; f < 50; f++) {
            tone.read(frame, frame.length);
            sink.write(frame, frame.length);
            System.arraycopy(frame, 0, written, f * frame.length, frame.length);
        }
        sink.close();
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(b.getInt(24)).isEqualTo(rateHz);
        assertThat(b.getInt(28)).as("byte rate").isEqualTo(2 * rateHz);
        assertThat(b.getInt(40)).isEqualTo(2 * rateHz);
        assertThat(WavFile.format(file).sampleRateHz()).isEqualTo(rateHz);

        short[] read = new short[rateHz];
        assertThat(WavFile.openSource(file, false, rateHz).read(read, rateHz)).isTrue();
        assertThat(read).isEqualTo(written);

        AudioSource at8k = WavFile.openSource(file);
        short[] heard = new short[8000];
        for (int f = 0; f < 50; f++) {
            assertThat(at8k.read(frame, 160)).isTrue();
            System.arraycopy(frame, 0, heard, f * 160, 160);
        }
        assertThat(at8k.read(frame, 160)).as("end of data").isFalse();
        assertThat(amplitude(heard, 0.5, 440, 8000)).isCloseTo(0.5, within(0.5 * 0.06));
    }

    @Test
    void streamAudioIsRecordedIntoAFileAtAnotherRate() throws Exception {
        Path file = dir.resolve("rec.wav");
        AudioSink sink = WavFile.createSink(file, 48000, 8000);
        ToneSource tone = new ToneSource(1000, 8000, 0.5);
        short[] frame = new short[160];
        for (int f = 0; f < 50; f++) {
            tone.read(frame, 160);
            sink.write(frame, 160);
        }
        sink.close();
        assertThat(WavFile.format(file)).isEqualTo(AudioFormat.PCM16_48KHZ);
        short[] all = new short[48000];
        assertThat(WavFile.openSource(file, false, 48000).read(all, 48000)).isTrue();
        assertThat(amplitude(all, 0.5, 1000, 48000)).isCloseTo(0.5, within(0.5 * 0.06));
        assertThatThrownBy(() -> WavFile.createSink(dir.resolve("x.wav"), 44100)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void wavSourceRejectsStereo() throws Exception {
        Path file = dir.resolve("st.wav");
        WavFile.createSink(file, 16000).close();
        byte[] bytes = Files.readAllBytes(file);
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putShort(22, (short) 2);
        Files.write(file, bytes);
        assertThatThrownBy(() -> WavFile.openSource(file)).hasMessageContaining("2 channels");
    }
}
