package io.dialtone.rtp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * RIFF WAVE files of mono signed 16-bit little-endian PCM at 8000, 16000, 24000 or 48000 Hz.
 *
 * <p>{@link #openSource} loads the whole data chunk into memory when called (at most
 * {@link #MAX_DATA_BYTES}), so reads on the event loop never touch the disk; a file at another rate
 * than the one asked for is resampled while it plays ({@link ResamplingSource}), so a 16 kHz prompt
 * plays into an 8 kHz G.711 stream. {@link #createSink} writes through a 32 KiB buffer: a write to
 * disk happens every ~2 s of 8 kHz audio on the event loop, which page-cache-backed local files
 * absorb; use another sink for slow storage.
 */
public final class WavFile {

    /** Largest data chunk {@link #openSource} accepts: 64 MiB, about 70 minutes. */
    public static final int MAX_DATA_BYTES = 64 << 20;
    private static final int STREAM_RATE_HZ = 8000;
    private static final int HEADER_BYTES = 44;

    private WavFile() {
    }

    /**
     * Opens a WAV file as a source of 8000 Hz frames that ends at the end of the data.
     *
     * @param path the file, mono PCM16 at 8, 16, 24 or 48 kHz
     * @return a source confined to one thread
     * @throws IllegalArgumentException if the file is not such a RIFF WAVE file, naming what is wrong
     * @throws UncheckedIOException     if the file cannot be read
     */
    public static AudioSource openSource(Path path) {
        return openSource(path, false, STREAM_RATE_HZ);
    }

    /**
     * Opens a WAV file as a source of 8000 Hz frames.
     *
     * @param path the file, mono PCM16 at 8, 16, 24 or 48 kHz
     * @param loop true to restart from the beginning at the end of the data, forever
     * @return a source confined to one thread
     * @throws IllegalArgumentException if the file is not such a RIFF WAVE file, naming what is wrong
     * @throws UncheckedIOException     if the file cannot be read
     */
    public static AudioSource openSource(Path path, boolean loop) {
        return openSource(path, loop, STREAM_RATE_HZ);
    }

    /**
     * Opens a WAV file as a source of frames at {@code sampleRateHz}, resampling when the file's rate
     * differs (the resampler's history runs on across a loop, so the seam is filtered too).
     *
     * @param path         the file, mono PCM16 at 8, 16, 24 or 48 kHz
     * @param loop         true to restart from the beginning at the end of the data, forever
     * @param sampleRateHz rate of the frames read, in Hz: 8000, 16000, 24000 or 48000
     * @return a source confined to one thread; each read must ask for a whole number of milliseconds'
     *         samples when resampling
     * @throws IllegalArgumentException if the file is not such a RIFF WAVE file, naming what is wrong,
     *                                  or the rate is not supported
     * @throws UncheckedIOException     if the file cannot be read
     */
    public static AudioSource openSource(Path path, boolean loop, int sampleRateHz) {
        AudioFormat.of(sampleRateHz);
        Pcm pcm = readSamples(path);
        short[] samples = pcm.samples();
        AudioSource fileSource = new AudioSource() {
            private int pos;

            @Override
            public boolean read(short[] frame, int count) {
                for (int i = 0; i < count; i++) {
                    if (pos == samples.length) {
                        if (!loop || samples.length == 0) {
                            return false;
                        }
                        pos = 0;
                    }
                    frame[i] = samples[pos++];
                }
                return true;
            }
        };
        return ResamplingSource.wrap(fileSource, pcm.sampleRateHz(), sampleRateHz);
    }

    /**
     * Reads the format of a WAV file (the whole file is parsed).
     *
     * @param path the file
     * @return its sampling rate
     * @throws IllegalArgumentException if the file is not mono PCM16 RIFF WAVE at a supported rate
     * @throws UncheckedIOException     if the file cannot be read
     */
    public static AudioFormat format(Path path) {
        return AudioFormat.of(readSamples(path).sampleRateHz());
    }

    private record Pcm(short[] samples, int sampleRateHz) {
    }

    private static Pcm readSamples(Path path) {
        ByteBuffer b;
        try {
            if (Files.size(path) > MAX_DATA_BYTES + 4096L) {
                throw new IllegalArgumentException(path + ": larger than " + MAX_DATA_BYTES + " bytes");
            }
            b = ByteBuffer.wrap(Files.readAllBytes(path)).order(ByteOrder.LITTLE_ENDIAN);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (b.remaining() < 12 || b.getInt(0) != 0x46464952 /* RIFF */ || b.getInt(8) != 0x45564157 /* WAVE */) {
            throw new IllegalArgumentException(path + ": not a RIFF WAVE file");
        }
        boolean haveFmt = false;
        int rate = 0;
        int pos = 12;
        while (pos + 8 <= b.limit()) {
            int id = b.getInt(pos);
            long size = b.getInt(pos + 4) & 0xFFFFFFFFL;
            int body = pos + 8;
            if (id == 0x20746D66 /* "fmt " */) {
                if (size < 16 || body + 16 > b.limit()) {
                    throw new IllegalArgumentException(path + ": truncated fmt chunk");
                }
                int format = b.getShort(body) & 0xFFFF;
                int channels = b.getShort(body + 2);
                rate = b.getInt(body + 4);
                int bits = b.getShort(body + 14);
                if (format != 1 || channels != 1 || !AudioFormat.isSupported(rate) || bits != 16) {
                    throw new IllegalArgumentException(path + ": need PCM (format 1), 1 channel, 8000, 16000, 24000 or 48000 Hz,"
                            + " 16 bits; got format "
                            + format + ", " + channels + " channels, " + rate + " Hz, " + bits + " bits");
                }
                haveFmt = true;
            } else if (id == 0x61746164 /* "data" */) {
                if (!haveFmt) {
                    throw new IllegalArgumentException(path + ": data chunk before fmt chunk");
                }
                long available = Math.min(size, b.limit() - body); // tolerate a size left unpatched
                short[] samples = new short[(int) (available / 2)];
                b.position(body);
                b.asShortBuffer().get(samples);
                return new Pcm(samples, rate);
            }
            pos = (int) Math.min(b.limit(), body + size + (size & 1)); // chunks are word-aligned
        }
        throw new IllegalArgumentException(path + (haveFmt ? ": no data chunk" : ": no fmt chunk"));
    }

    /**
     * Creates (or truncates) an 8000 Hz WAV file and returns a sink of 8000 Hz frames writing to it.
     * The RIFF and data sizes are patched in {@link AudioSink#close()}.
     *
     * @param path the file
     * @return a sink confined to one thread; write errors surface as {@link UncheckedIOException}
     * @throws UncheckedIOException if the file cannot be created
     */
    public static AudioSink createSink(Path path) {
        return createSink(path, STREAM_RATE_HZ, STREAM_RATE_HZ);
    }

    /**
     * Creates (or truncates) a WAV file at {@code sampleRateHz} and returns a sink of frames at that
     * rate writing to it.
     *
     * @param path         the file
     * @param sampleRateHz rate of the file and of the frames written, in Hz: 8000, 16000, 24000 or 48000
     * @return a sink confined to one thread; write errors surface as {@link UncheckedIOException}
     * @throws IllegalArgumentException if the rate is not supported
     * @throws UncheckedIOException     if the file cannot be created
     */
    public static AudioSink createSink(Path path, int sampleRateHz) {
        return createSink(path, sampleRateHz, sampleRateHz);
    }

    /**
     * Creates (or truncates) a WAV file at {@code fileRateHz} and returns a sink of frames at
     * {@code frameRateHz}, resampling when they differ: e.g. a stream's 8000 Hz audio recorded
     * into a 16000 Hz file.
     *
     * @param path        the file
     * @param fileRateHz  rate of the file, in Hz: 8000, 16000, 24000 or 48000
     * @param frameRateHz rate of the frames written, in Hz: 8000, 16000, 24000 or 48000
     * @return a sink confined to one thread; write errors surface as {@link UncheckedIOException}
     * @throws IllegalArgumentException if a rate is not supported
     * @throws UncheckedIOException     if the file cannot be created
     */
    public static AudioSink createSink(Path path, int fileRateHz, int frameRateHz) {
        AudioFormat.of(fileRateHz);
        AudioFormat.of(frameRateHz);
        try {
            FileChannel ch = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING);
            ch.write(header(0, fileRateHz));
            return ResamplingSink.wrap(new WavSink(ch, fileRateHz), frameRateHz, fileRateHz);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ByteBuffer header(long dataBytes, int sampleRateHz) {
        ByteBuffer h = ByteBuffer.allocate(HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        h.putInt(0x46464952).putInt((int) (36 + dataBytes)).putInt(0x45564157);
        h.putInt(0x20746D66).putInt(16).putShort((short) 1).putShort((short) 1).putInt(sampleRateHz)
                .putInt(sampleRateHz * 2).putShort((short) 2).putShort((short) 16);
        h.putInt(0x61746164).putInt((int) dataBytes);
        return h.flip();
    }

    private static final class WavSink implements AudioSink {
        private final FileChannel channel;
        private final int sampleRateHz;
        private final ByteBuffer buffer = ByteBuffer.allocate(32 * 1024).order(ByteOrder.LITTLE_ENDIAN);
        private long dataBytes;
        private boolean closed;

        WavSink(FileChannel channel, int sampleRateHz) {
            this.channel = channel;
            this.sampleRateHz = sampleRateHz;
        }

        @Override
        public void write(short[] frame, int samples) {
            if (closed) {
                throw new IllegalStateException("sink closed");
            }
            for (int i = 0; i < samples; i++) {
                if (!buffer.hasRemaining()) {
                    flush();
                }
                buffer.putShort(frame[i]);
            }
            dataBytes += 2L * samples;
        }

        private void flush() {
            try {
                buffer.flip();
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                buffer.clear();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void close() {
            if (closed) {
                return;
            }
            closed = true;
            try (channel) {
                flush();
                channel.write(header(dataBytes, sampleRateHz), 0);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
