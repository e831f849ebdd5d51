package io.dialtone.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.dialtone.rtp.AudioFormat;
import io.dialtone.rtp.AudioSink;
import io.dialtone.rtp.PlayoutQueue;
import io.dialtone.rtp.ToneSource;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Two {@link UserAgent}s on 127.0.0.1 whose applications run at different rates than G.711's
 * 8 kHz: the caller at 16 kHz (playing through a {@link PlayoutQueue}), the callee at 24 kHz. Each
 * side must hear the other's tone at the right frequency at its own rate, and flushing the queue
 * (barge-in) must silence the caller's audio at the callee.
 */
@DisplayName("PCM16 at the application's rate over a G.711 call")
class AudioRateIT {
    private UserAgent callee;
    private UserAgent caller;

    @AfterEach
    void close() {
        if (caller != null) {
            caller.close();
        }
        if (callee != null) {
            callee.close();
        }
    }

    static double goertzel(short[] x, double frequencyHz, int rateHz) {
        double coeff = 2 * Math.cos(2 * Math.PI * frequencyHz / rateHz);
        double s1 = 0;
        double s2 = 0;
        for (short v : x) {
            double s = v + coeff * s1 - s2;
            s2 = s1;
            s1 = s;
        }
        return s1 * s1 + s2 * s2 - coeff * s1 * s2;
    }

    /**
     * Keeps the last 500 ms of what it is given at {@code rateHz}. {@code heard} completes with a copy
     * of the first 500 ms window in which every frame was loud; after {@link #expectSilence()},
     * {@code silent} completes once 200 ms of consecutive near-silence arrives. Written on a media
     * event loop; futures are read by the test thread.
     */
    static final class Listener implements AudioSink {
        final int rateHz;
        final short[] window;
        final Set<Integer> frameSizes = ConcurrentHashMap.newKeySet();
        final CompletableFuture<short[]> heard = new CompletableFuture<>();
        final CompletableFuture<Void> silent = new CompletableFuture<>();
        private int pos;
        private int loudRun;
        private int quietRun;
        private volatile boolean expectSilence;

        Listener(int rateHz) {
            this.rateHz = rateHz;
            this.window = new short[rateHz / 2];
        }

        void expectSilence() {
            expectSilence = true;
        }

        @Override
        public void write(short[] frame, int samples) {
            frameSizes.add(samples);
            int peak = 0;
            for (int i = 0; i < samples; i++) {
                window[pos] = frame[i];
                pos = (pos + 1) % window.length;
                peak = Math.max(peak, Math.abs(frame[i]));
                quietRun = Math.abs(frame[i]) < 50 ? quietRun + 1 : 0;
            }
            loudRun = peak > 3000 ? loudRun + samples : 0;
            if (loudRun >= window.length && !heard.isDone()) {
                short[] copy = new short[window.length];
                for (int i = 0; i < copy.length; i++) {
                    copy[i] = window[(pos + i) % window.length];
                }
                heard.complete(copy);
            }
            if (expectSilence && quietRun >= rateHz / 5) {
                silent.complete(null);
            }
        }
    }

    static void assertTone(short[] heard, double frequencyHz, int rateHz) {
        double tone = goertzel(heard, frequencyHz, rateHz);
        double amplitude = 2 * Math.sqrt(tone) / heard.length / Short.MAX_VALUE;
        assertThat(amplitude).as("%.0f Hz at %d Hz, fraction of full scale", frequencyHz, rateHz).isBetween(0.25, 0.35);
        for (double other : new double[] {frequencyHz / 2, frequencyHz * 1.1, frequencyHz * 2, frequencyHz * 3}) {
            assertThat(goertzel(heard, other, rateHz)).as("%.0f Hz is not there", other).isLessThan(tone / 1000);
        }
    }

    @Test
    void sixteenKilohertzCallerAndTwentyFourKilohertzCalleeHearEachOtherAndBargeInSilences() throws Exception {
        Listener atCallee = new Listener(24000);
        CompletableFuture<Call> answered = new CompletableFuture<>();
        callee = UserAgent.builder().listen("127.0.0.1", 0).userName("callee")
                .onIncomingCall(in -> in.answer(new ToneSource(1000, AudioFormat.PCM16_24KHZ, 0.3), atCallee, 24000)
                        .thenAccept(answered::complete))
                .start();
        caller = UserAgent.builder().listen("127.0.0.1", 0).userName("caller").start();

        PlayoutQueue agent = new PlayoutQueue(AudioFormat.PCM16_16KHZ, 60_000);
        short[] speech = new short[16000 * 30];
        new ToneSource(440, 16000, 0.3).read(speech, speech.length);
        assertThat(agent.offer(speech)).isEqualTo(speech.length);
        Listener atCaller = new Listener(16000);

        Call call = caller.call("sip:callee@127.0.0.1:" + callee.localAddress().getPort(),
                CallOptions.defaults().withAudio(agent, atCaller, 16000)).get(10, TimeUnit.SECONDS);
        assertThat(call.answered()).isTrue();
        answered.get(10, TimeUnit.SECONDS);

        assertTone(atCallee.heard.get(10, TimeUnit.SECONDS), 440, 24000);
        assertTone(atCaller.heard.get(10, TimeUnit.SECONDS), 1000, 16000);
        assertThat(atCallee.frameSizes).containsOnly(480);
        assertThat(atCaller.frameSizes).containsOnly(320);

        atCallee.expectSilence();
        int discarded = agent.flush(); // the user interrupts the agent
        assertThat(discarded).isGreaterThan(16000 * 20);
        atCallee.silent.get(10, TimeUnit.SECONDS);
        assertThat(agent.queuedSamples()).isZero();
        assertThat(agent.flushedSamples()).isEqualTo(discarded);

        call.hangup().get(10, TimeUnit.SECONDS);
    }
}
