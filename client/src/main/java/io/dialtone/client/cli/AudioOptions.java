package io.dialtone.client.cli;

import io.dialtone.rtp.AudioSource;
import io.dialtone.rtp.EchoAudio;
import io.dialtone.rtp.SilenceSource;
import io.dialtone.rtp.ToneSource;
import io.dialtone.rtp.WavFile;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/** The mutually exclusive audio-source options shared by {@code serve} and {@code call}. */
final class AudioOptions {
    @Option(names = "--tone", paramLabel = "HZ", description = "Send a sine tone of this frequency (Hz).")
    Double toneHz;

    @Option(names = "--play", paramLabel = "FILE.wav", description = "Send this 8 kHz mono PCM16 WAV file (looped).")
    Path play;

    @Option(names = "--echo", description = "Send back what is received (serve only).")
    boolean echo;

    /** A new source for one call; {@code echo} is returned as-is when echoing. */
    AudioSource source(EchoAudio echoAudio) {
        if (toneHz != null) {
            return new ToneSource(toneHz, 8000, 0.3);
        }
        if (play != null) {
            return WavFile.openSource(play, true);
        }
        if (echo && echoAudio != null) {
            return echoAudio;
        }
        return SilenceSource.INSTANCE;
    }

    /** A short description for logs. */
    String describe() {
        return toneHz != null ? "tone " + toneHz + " Hz" : play != null ? "file " + play : echo ? "echo" : "silence";
    }
}
