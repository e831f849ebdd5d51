package io.dialtone.client;

import io.dialtone.rtp.MediaEngine;
import io.dialtone.rtp.ToneSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** A call whose media runs on each kind of media event loop ({@link UserAgent.Builder#mediaIo}): RTP flows both ways. */
@DisplayName("Media on NIO and on native epoll loops over loopback")
class MediaIoIT {
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

    @ParameterizedTest
    @EnumSource(MediaEngine.Io.class)
    void rtpFlowsBothWays(MediaEngine.Io io) throws Exception {
        CompletableFuture<Call> answered = new CompletableFuture<>();
        callee = UserAgent.builder().listen("127.0.0.1", 0).userName("callee").mediaIo(io)
                .onIncomingCall(in -> in.answer(new ToneSource(440, 8000, 0.3), (frame, samples) -> { })
                        .thenAccept(answered::complete))
                .start();
        caller = UserAgent.builder().listen("127.0.0.1", 0).userName("caller").mediaIo(io).start();

        Call call = caller.call("sip:callee@127.0.0.1:" + callee.localAddress().getPort()).get(10, TimeUnit.SECONDS);
        Call atCallee = answered.get(10, TimeUnit.SECONDS);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while ((call.mediaStats().packetsReceived() < 25 || atCallee.mediaStats().packetsReceived() < 25)
                && System.nanoTime() < deadline) {
            Thread.sleep(20);                            // 25 packets: half a second of 20 ms frames
        }
        assertThat(call.mediaStats().packetsReceived()).isGreaterThanOrEqualTo(25);
        assertThat(atCallee.mediaStats().packetsReceived()).isGreaterThanOrEqualTo(25);
        assertThat(call.mediaStats().malformed()).isZero();
        call.hangup().get(10, TimeUnit.SECONDS);
    }
}
