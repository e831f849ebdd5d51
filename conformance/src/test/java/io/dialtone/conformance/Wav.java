package io.dialtone.conformance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * 8 kHz mono PCM16 WAV files: writes test tones for peers to play and reads what dialtone and
 * baresip record, walking the RIFF chunks (libsndfile may add chunks before {@code data}).
 */
final class Wav {
    static final int SAMPLE_RATE_HZ = 8000;

    private Wav() {
    }

    /** Writes a sine tone of {@code frequencyHz}, {@code seconds} long, at {@code amplitude} (0..1) of full scale. */
    static Path writeTone(Path file, double frequencyHz, double seconds, double amplitude) {
        int n = (int) Math.round(seconds * SAMPLE_RATE_HZ);
        ByteBuffer b = ByteBuffer.allocate(44 + 2 * n).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes()).putInt(36 + 2 * n).put("WAVE".getBytes());
        b.put("fmt ".getBytes()).putInt(16).putShort((short) 1).putShort((short) 1)
                .putInt(SAMPLE_RATE_HZ).putInt(2 * SAMPLE_RATE_HZ).putShort((short) 2).putShort((short) 16);
        b.put("data".getBytes()).putInt(2 * n);
        for (int i = 0; i < n; i++) {
            b.putShort((short) Math.round(amplitude * 32767 * Math.sin(2 * Math.PI * frequencyHz * i / SAMPLE_RATE_HZ)));
        }
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            return Files.write(file, b.array());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The samples of an 8 kHz mono PCM16 WAV file. A {@code data} chunk whose size was never
     * patched (0 or past the end) is read to the end of the file.
     *
     * @throws AssertionError if the file is not 8 kHz mono PCM16
     */
    static short[] read(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (bytes.length < 12 || !tag(b, 0).equals("RIFF") || !tag(b, 8).equals("WAVE")) {
            throw new AssertionError(file + " is not a RIFF/WAVE file (" + bytes.length + " bytes)");
        }
        int pos = 12;
        boolean fmtOk = false;
        while (pos + 8 <= bytes.length) {
            String id = tag(b, pos);
            long size = b.getInt(pos + 4) & 0xffffffffL;
            int body = pos + 8;
            if (id.equals("fmt ")) {
                int format = b.getShort(body) & 0xffff;
                int channels = b.getShort(body + 2);
                int rate = b.getInt(body + 4);
                int bits = b.getShort(body + 14);
                if ((format != 1 && format != 0xfffe) || channels != 1 || rate != SAMPLE_RATE_HZ || bits != 16) {
                    throw new AssertionError(file + ": expected 8000 Hz mono PCM16, got format " + format + ", "
                            + channels + " channel(s), " + rate + " Hz, " + bits + " bits");
                }
                fmtOk = true;
            } else if (id.equals("data")) {
                if (!fmtOk) {
                    throw new AssertionError(file + ": data chunk before fmt chunk");
                }
                long available = bytes.length - body;
                long len = size == 0 || size > available ? available : size;
                short[] samples = new short[(int) (len / 2)];
                for (int i = 0; i < samples.length; i++) {
                    samples[i] = b.getShort(body + 2 * i);
                }
                return samples;
            }
            pos = (int) Math.min(bytes.length, body + size + (size & 1));
        }
        throw new AssertionError(file + " has no data chunk");
    }

    private static String tag(ByteBuffer b, int at) {
        byte[] t = new byte[4];
        b.get(at, t);
        return new String(t, java.nio.charset.StandardCharsets.US_ASCII);
    }
}
