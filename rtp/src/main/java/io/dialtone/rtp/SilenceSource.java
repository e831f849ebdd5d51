package io.dialtone.rtp;

import java.util.Arrays;

/** An endless source of digital silence. Stateless singleton; thread-safe. */
public final class SilenceSource implements AudioSource {

    /** The only instance. */
    public static final SilenceSource INSTANCE = new SilenceSource();

    private SilenceSource() {
    }

    /** Fills zeros; never ends. */
    @Override
    public boolean read(short[] frame, int samples) {
        Arrays.fill(frame, 0, samples, (short) 0);
        return true;
    }
}
