package io.dialtone.rtp;

/** Lets tests in other packages use {@link Goertzel} at 8 kHz over a whole frame. */
public final class GoertzelAccess {
    private GoertzelAccess() {
    }

    public static double power(short[] frame, double frequencyHz) {
        return Goertzel.power(frame, 0, frame.length, frequencyHz, 8000);
    }
}
