package io.dialtone.rtp;

import static io.dialtone.rtp.JitterBuffer.FORCE_AFTER_POLLS;
import static io.dialtone.rtp.JitterBuffer.HISTORY_WINDOWS;
import static io.dialtone.rtp.JitterBuffer.WINDOW_POLLS;

/**
 * The adaptive playout-delay estimate of a {@link JitterBuffer} (see its class Javadoc for the
 * policy): the slack of the packets in the current window, the jitter (spread of slack) of the last
 * {@link JitterBuffer#HISTORY_WINDOWS} windows, the measured and target delay, and the drop or insert
 * armed at the end of a window (plus concealed frames owed to late packets). The buffer reports
 * arrivals, polls and the frames it drops or inserts; this decides when and by how much the delay
 * changes. Units are frames (polls); slack is polls a packet waits before it is played.
 *
 * <p>Created once by its buffer, allocates nothing afterwards. Threading: that of its buffer (one
 * event loop; no locks, atomics or volatile fields).
 */
final class PlayoutDelay {

    private final int minDelayFrames;
    private final int maxDelayFrames;
    private final int margin; // frames of slack kept above the worst recent packet

    private int windowPolls;
    private int windowMinSlack = Integer.MAX_VALUE;
    private int windowMaxSlack = Integer.MIN_VALUE;
    private final int[] historySpread = new int[HISTORY_WINDOWS]; // jitter per window, frames
    private int historyCount;
    private int historyNext;
    private int delayFrames; // measured: the largest slack of the last window
    private int targetFrames; // delay a new talkspurt starts with

    private int growPending; // concealed frames to insert now
    private boolean insertArmed;
    private boolean dropArmed;
    private int armedPolls;

    /**
     * @param minDelayFrames initial and minimum playout delay in frames, at least 0
     * @param maxDelayFrames maximum playout delay in frames, at least {@code minDelayFrames}
     */
    PlayoutDelay(int minDelayFrames, int maxDelayFrames) {
        this.minDelayFrames = minDelayFrames;
        this.maxDelayFrames = maxDelayFrames;
        this.margin = minDelayFrames > 0 ? 1 : 0;
        this.targetFrames = minDelayFrames;
        this.delayFrames = minDelayFrames;
    }

    /** @return measured delay while playing: the largest slack of the last window, frames */
    int delayFrames() { return delayFrames; }

    /** @return the delay the next talkspurt starts with, frames */
    int targetFrames() { return targetFrames; }

    /** A talkspurt starts (prefetch): sets the delay to the target and forgets the window and anything armed. */
    void startTalkspurt() {
        if (historyCount > 0) {
            targetFrames = clamp(jitterFrames() + margin);
        }
        delayFrames = targetFrames;
        disarm();
        windowPolls = 0;
        windowMinSlack = Integer.MAX_VALUE;
        windowMaxSlack = Integer.MIN_VALUE;
    }

    /** Playout starts after the prefetch with {@code frames} of delay. */
    void startPlaying(int frames) {
        delayFrames = frames;
    }

    /** Cancels a pending insert or drop (playout stops or restarts). */
    void disarm() {
        growPending = 0;
        insertArmed = false;
        dropArmed = false;
    }

    /**
     * A packet was buffered while playing.
     *
     * @param slack      polls it will wait before being played, at least 0
     * @param inSequence whether it follows the last packet put (the delay is the largest slack of these)
     */
    void arrived(int slack, boolean inSequence) {
        recordSlack(slack);
        if (inSequence) {
            windowMaxSlack = Math.max(windowMaxSlack, slack);
        }
    }

    /** A packet missed its frame by {@code -slack} polls: grow by as much, now, up to the maximum delay. */
    void late(int slack) {
        recordSlack(slack);
        growPending = Math.max(growPending, Math.min(-slack, maxDelayFrames - delayFrames));
    }

    /** Records a packet's slack for the jitter; the delay is the largest slack of in-sequence arrivals. */
    private void recordSlack(int slack) {
        windowMinSlack = Math.min(windowMinSlack, slack);
    }

    /** Counts a poll while playing, closing the window after {@link JitterBuffer#WINDOW_POLLS}. */
    void poll() {
        if (++windowPolls >= WINDOW_POLLS) {
            endWindow();
        }
    }

    /**
     * Takes the insert due now, if any: a frame owed to a late packet, or an armed insert after a quiet
     * frame or {@link JitterBuffer#FORCE_AFTER_POLLS} polls. Otherwise counts a poll waited while armed.
     *
     * @param lastPlayedQuiet whether the frame played last, while an insert was armed, was quiet
     * @return whether to play a concealed frame and keep the playout point (the delay grows by one)
     */
    boolean takeInsert(boolean lastPlayedQuiet) {
        if (growPending > 0 || (insertArmed && (lastPlayedQuiet || armedPolls >= FORCE_AFTER_POLLS))) {
            if (growPending > 0) {
                growPending--;
            } else {
                insertArmed = false;
            }
            shiftWindow(1);
            return true;
        }
        armedPolls++;
        return false;
    }

    /** @return whether an insert is armed (the buffer then notes whether the frame it plays is quiet) */
    boolean insertArmed() { return insertArmed; }

    /** @return whether a drop is armed */
    boolean dropArmed() { return dropArmed; }

    /** @return whether an armed drop has waited {@link JitterBuffer#FORCE_AFTER_POLLS} polls for a quiet frame */
    boolean forceDue() { return armedPolls >= FORCE_AFTER_POLLS; }

    /** The armed drop happened: the delay shrank by one frame. */
    void dropped() {
        dropArmed = false;
        shiftWindow(-1);
    }

    /**
     * Closes an adaptation window: records its jitter (the spread of slack, which clock drift does not
     * change), measures the delay, updates the target and arms at most one drop or insert.
     */
    private void endWindow() {
        windowPolls = 0;
        if (windowMinSlack == Integer.MAX_VALUE) {
            return; // no packet in the window (a hold): nothing learned
        }
        windowMaxSlack = Math.max(windowMaxSlack, windowMinSlack);
        historySpread[historyNext] = windowMaxSlack - windowMinSlack;
        historyNext = (historyNext + 1) % HISTORY_WINDOWS;
        historyCount = Math.min(historyCount + 1, HISTORY_WINDOWS);
        delayFrames = Math.max(0, windowMaxSlack);
        targetFrames = clamp(jitterFrames() + margin);
        if (!dropArmed && !insertArmed && growPending == 0) {
            if ((windowMaxSlack < minDelayFrames || windowMinSlack < margin) && delayFrames < maxDelayFrames) {
                insertArmed = true;
                armedPolls = 0;
            } else if (windowMaxSlack - 1 >= targetFrames && windowMinSlack - 1 >= margin) {
                dropArmed = true;
                armedPolls = 0;
            }
        }
        windowMinSlack = Integer.MAX_VALUE;
        windowMaxSlack = Integer.MIN_VALUE;
    }

    private int clamp(int frames) {
        return Math.max(minDelayFrames, Math.min(maxDelayFrames, frames));
    }

    /** @return the worst jitter of the remembered windows, frames */
    private int jitterFrames() {
        int m = 0;
        for (int i = 0; i < historyCount; i++) {
            m = Math.max(m, historySpread[i]);
        }
        return m;
    }

    /** Moves the current window's slack to a playout point moved by {@code frames}. */
    private void shiftWindow(int frames) {
        if (windowMinSlack != Integer.MAX_VALUE) {
            windowMinSlack += frames;
        }
        if (windowMaxSlack != Integer.MIN_VALUE) {
            windowMaxSlack += frames;
        }
    }
}
