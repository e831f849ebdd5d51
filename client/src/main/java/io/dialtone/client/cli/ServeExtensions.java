package io.dialtone.client.cli;

import io.dialtone.client.UserAgent;
import io.dialtone.session.event.MessageSummaryPackage;

import java.io.PrintStream;
import java.util.function.BiConsumer;

/**
 * What {@code dialtone serve} does beyond answering INVITEs: accepts REFERs as transferee
 * (RFC 3515) and prints a summary for each call it places because of one, answers MESSAGE
 * (RFC 3428) with 200 and logs it on stderr, and serves {@code message-summary} subscriptions
 * (RFC 3842; every account reports no messages waiting).
 */
final class ServeExtensions {
    private ServeExtensions() {}

    static void configure(UserAgent.Builder b, boolean acceptRefer, PrintStream out, BiConsumer<PrintStream, CallSummary> print) {
        if (acceptRefer) {
            b.onRefer(r -> {
                System.err.printf("dialtone serve: REFER to %s accepted%n", r.target());
                return true;
            });
            b.onTransferredCall(call -> {
                long answered = System.nanoTime();
                call.ended().thenAccept(end -> print.accept(out, CallSummary.of("transferee", call,
                        call.answered() ? (System.nanoTime() - answered) / 1_000_000 : 0, end)));
            });
        }
        b.onMessage(m -> {
            System.err.printf("dialtone serve: MESSAGE %s from %s, %d bytes%n", m.callId(), m.from(), m.bodyLength());
            return 200;
        });
        b.eventPackage(new MessageSummaryPackage());
    }
}
