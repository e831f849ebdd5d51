package io.dialtone.rtp.internal;

import io.dialtone.rtp.DtmfListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the telephone-events a {@link TelephoneEventReceiver} reports into DTMF digits for the
 * application's {@link DtmfListener} (RFC 4733 §3.2: events 0–15), counting them; other events (flash,
 * event 16) are not digits and are dropped.
 *
 * <p>Threading: confined to the stream's event loop, as its engine is.
 */
final class DtmfReporter implements TelephoneEventReceiver.Reporter {

    private static final Logger LOG = LoggerFactory.getLogger(DtmfReporter.class);

    private final int clockRateHz;
    private DtmfListener listener;
    private long received;

    /** @param clockRateHz RTP clock rate of the stream, for durations in ms */
    DtmfReporter(int clockRateHz) {
        this.clockRateHz = clockRateHz;
    }

    /** @param listener receives DTMF digits on the loop, or null for none */
    void listener(DtmfListener listener) {
        this.listener = listener;
    }

    @Override
    public void onEvent(int event, long durationSamples) {
        char digit = TelephoneEvents.digit(event);
        if (digit == 0) {
            return; // not DTMF (e.g. flash, RFC 4733 §3.2 event 16)
        }
        received++;
        int ms = (int) Math.min(Integer.MAX_VALUE, durationSamples * 1000 / clockRateHz);
        LOG.debug("DTMF {} ({} ms)", digit, ms);
        if (listener != null) {
            listener.onDtmf(digit, ms);
        }
    }

    /** @return digits received */
    long received() {
        return received;
    }
}
