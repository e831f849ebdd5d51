package io.dialtone.client.cli;

import io.dialtone.client.Call;
import io.dialtone.session.EndReason;
import io.dialtone.session.TransferOutcome;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code dialtone call --transfer-to}: a blind transfer (RFC 3515, RFC 5589 §6) of an answered
 * call, {@code --transfer-after} seconds after the answer. Exit 0 only when the transferee reported
 * success in a NOTIFY and the call then ended cleanly (by our BYE or the transferee's).
 */
final class CallTransfer {
    /** Longest wait for the transfer's outcome after the REFER: 64·T1 for the NOTIFY plus a call setup, s. */
    private static final long OUTCOME_TIMEOUT_SEC = 300;

    /** Prints the summary and returns the exit code. */
    interface Finisher {
        int finish(CallSummary s, TransferSummary t, int code, String reason);
    }

    private CallTransfer() {}

    static int run(Call call, String target, double afterSec, long answeredNanos, Finisher out) throws Exception {
        CompletableFuture<TransferOutcome> transfer = CompletableFuture.runAsync(() -> { },
                        CompletableFuture.delayedExecutor(Math.round(afterSec * 1000), TimeUnit.MILLISECONDS))
                .thenCompose(v -> call.transfer(target));
        TransferOutcome outcome;
        try {
            outcome = transfer.get(Math.round(afterSec * 1000) + OUTCOME_TIMEOUT_SEC * 1000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            outcome = new TransferOutcome(false, 0, "transfer not sent: " + e.getCause().getMessage());
        } catch (TimeoutException e) {
            outcome = new TransferOutcome(false, 0, "no outcome within " + OUTCOME_TIMEOUT_SEC + " s");
        }
        // on success the stack hangs up itself (RFC 5589 §6); otherwise we end the call
        EndReason end = outcome.succeeded() ? call.ended().get(40, TimeUnit.SECONDS) : call.hangup().get(40, TimeUnit.SECONDS);
        long durationMs = (System.nanoTime() - answeredNanos) / 1_000_000;
        CallSummary s = CallSummary.of("caller", call, durationMs, end);
        TransferSummary t = TransferSummary.of(target, outcome);
        if (!outcome.succeeded()) {
            return out.finish(s, t, 1, "transfer failed: " + outcome.status() + " " + outcome.reason());
        }
        if (end.status() != 200) { // our BYE, or the transferee's: RFC 3515 lets either end the call
            return out.finish(s, t, 1, "the call did not end cleanly after the transfer: " + end.text());
        }
        return out.finish(s, t, 0, null);
    }
}
