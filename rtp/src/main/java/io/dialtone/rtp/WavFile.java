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
 * RIFF WAVE files of 8000 Hz mono signed 16-bit little-endian PCM, the format of the G.711 streams'
 * linear side.
 *
 * <p>{@link #openSource} loads the whole data chunk into memory when called (at most
 * {@link #MAX_DATA_BYTES}), so reads on the event loop never touch the disk. {@link #createSink}
 * writes through a 32 KiB buffer: a write to disk happens every ~2 s of audio on the event loop, which
 * page-cache-backed local files absorb; use another sink for slow storage.
 */
public final class WavFile {

    /** Largest data chunk {@link #openSource} accepts: 64 MiB, about 70 minutes. */
    public static final int MAX_DATA_BYTES = 64 << 20;
    private static final int SAMPLE_RATE_HZ = 8000;
    private static final int HEADER_BYTES = 44;

    private WavFile() {
    }

    /**
     * Opens a WAV file as a source that ends at the end of the data.
     *
     * @param path the file
     * @return a source confined to one thread
     * @throws IllegalArgumentException if the file is not 8 kHz mono PCM16 RIFF WAVE, naming what is wrong
     * @throws UncheckedIOException     if the file cannot be read
     */
    public static AudioSource openSource(Path path) {
        return openSource(path, false);
    }

    /**
     * Opens a WAV file as a source.
     *
     * @param path the file
     * @param loop true to restart from the beginning at the end of the data, forever
     * @return a source confined to one thread
     * @throws IllegalArgumentException if the file is not 8 kHz mono PCM16 RIFF WAVE, naming what is wrong
     * @throws UncheckedIOException     if the file cannot be read
     */
    public static AudioSource openSource(Path path, boolean loop) {
        short[] samples = readSamples(path);
        return new AudioSource() {
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
    }

    private static short[] readSamples(Path path) {
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
                int rate = b.getInt(body + 4);
                int bits = b.getShort(body + 14);
                if (format != 1 || channels != 1 || rate != SAMPLE_RATE_HZ || bits != 16) {
                    throw new IllegalArgumentException(path + ": need PCM (format 1), 1 channel, 8000 Hz, 16 bits; got format "
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
                return samples;
            }
            pos = (int) Math.min(b.limit(), body + size + (size & 1)); // chunks are word-aligned
        }
        throw new IllegalArgumentException(path + (haveFmt ? ": no data chunk" : ": no fmt chunk"));
    }

    /**
     * Creates (or truncates) a WAV file and returns a sink writing to it. The RIFF and data sizes are
     * patched in {@link AudioSink#close()}.
     *
     * @param path the file
     * @return a sink confined to one thread; write errors surface as {@link UncheckedIOException}
     * @throws UncheckedIOException if the file cannot be created
     */
    public static AudioSink createSink(Path path) {
        try {
            FileChannel ch = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING);
            ch.write(header(0));
            return new WavSink(ch);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ByteBuffer header(long dataBytes) {
        ByteBuffer h = ByteBuffer.allocate(HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        h.putInt(0x46464952).putInt((int) (36 + dataBytes)).putInt(0x45564157);
        h.putInt(0x20746D66).putInt(16).putShort((short) 1).putShort((short) 1).putInt(SAMPLE_RATE_HZ)
                .putInt(SAMPLE_RATE_HZ * 2).putShort((short) 2).putShort((short) 16);
        h.putInt(0x61746164).putInt((int) dataBytes);
        return h.flip();
    }

    private static final class WavSink implements AudioSink {
        private final FileChannel channel;
        private final ByteBuffer buffer = ByteBuffer.allocate(32 * 1024).order(ByteOrder.LITTLE_ENDIAN);
        private long dataBytes;
        private boolean closed;

        WavSink(FileChannel channel) {
            this.channel = channel;
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
                channel.write(header(dataBytes), 0);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
