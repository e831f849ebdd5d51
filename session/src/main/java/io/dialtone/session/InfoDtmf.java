package io.dialtone.session;

import io.dialtone.message.HeaderNames;
import io.dialtone.message.SipMethod;
import io.dialtone.message.SipRequest;
import io.dialtone.message.SipResponse;
import io.dialtone.transaction.ClientTransaction;
import io.dialtone.transaction.ClientTransactionListener;
import io.dialtone.transaction.ServerTransaction;
import io.dialtone.transport.TransportException;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;

/**
 * DTMF in SIP INFO requests (RFC 6086 as the transport, the de-facto {@code application/dtmf-relay}
 * body {@code Signal=5\r\nDuration=160\r\n}), both ways.
 *
 * <ul>
 * <li>Receiving: an INFO with {@code application/dtmf-relay} (or {@code application/dtmf}, the bare
 *     digit) reports the digit to the same handler as RFC 4733 events and gets 200; a malformed body
 *     gets 400; another body type gets 415 with Accept (RFC 6086 §4.2.2 without Info Packages: we
 *     support only these legacy bodies); an empty INFO gets 200.</li>
 * <li>Sending: one INFO per digit, each sent once the previous one got its final response; a
 *     non-2xx, a timeout or a transport error fails the whole send.</li>
 * </ul>
 *
 * <p>Threading: confined to the call executor of its session.
 */
final class InfoDtmf {
    /** The body type we send and understand. */
    static final String DTMF_RELAY = "application/dtmf-relay";
    private static final String DTMF = "application/dtmf";
    private static final String DIGITS = "0123456789*#ABCD";

    private final InviteSession session;

    InfoDtmf(InviteSession session) {
        this.session = session;
    }

    // ------------------------------------------------------------------ receiving

    /** An INFO in the dialog. */
    void onInfo(ServerTransaction tx, SipRequest info) {
        SessionLayer layer = session.layer();
        if (!info.hasBody()) {
            tx.respond(layer.response(info, 200, null).build());
            return;
        }
        String type = info.contentType().orElse("").toLowerCase(Locale.ROOT);
        if (!type.equals(DTMF_RELAY) && !type.equals(DTMF)) {
            tx.respond(layer.response(info, 415, null).header(HeaderNames.ACCEPT, DTMF_RELAY + ", " + DTMF).build());
            return;
        }
        char digit = type.equals(DTMF) ? digitOf(info.bodyText().strip()) : relaySignal(info.bodyText());
        if (digit == 0) {
            tx.respond(layer.response(info, 400, null).reason("Bad DTMF body").build());
            return;
        }
        tx.respond(layer.response(info, 200, null).build());
        session.dtmf().onDigit(digit);
    }

    /** The Signal of a dtmf-relay body ({@code Signal=5}, case-insensitive keys), or 0. */
    static char relaySignal(String body) {
        for (String line : body.split("\r?\n")) {
            int eq = line.indexOf('=');
            if (eq > 0 && line.substring(0, eq).strip().equalsIgnoreCase("Signal")) {
                return digitOf(line.substring(eq + 1).strip());
            }
        }
        return 0;
    }

    private static char digitOf(String s) {
        if (s.length() == 1) {
            char c = Character.toUpperCase(s.charAt(0));
            return DIGITS.indexOf(c) >= 0 ? c : 0;
        }
        return switch (s) { // event codes of RFC 4733 §3.2, as some gateways write them
            case "10" -> '*';
            case "11" -> '#';
            default -> 0;
        };
    }

    // ------------------------------------------------------------------ sending

    /**
     * Sends {@code digits}, one INFO each, in order.
     *
     * @param durationMs the Duration line of each body, ms
     * @return completes after the last digit's 2xx
     */
    CompletableFuture<Void> send(String digits, int durationMs) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        sendFrom(digits, 0, durationMs, done);
        return done;
    }

    private void sendFrom(String digits, int index, int durationMs, CompletableFuture<Void> done) {
        if (index == digits.length()) {
            done.complete(null);
            return;
        }
        SessionState state = session.state();
        if (state != SessionState.CONFIRMED && state != SessionState.ANSWERED) {
            done.completeExceptionally(new IllegalStateException("no session to send DTMF in (" + state + ")"));
            return;
        }
        SessionLayer layer = session.layer();
        SipRequest.Builder b = session.dialog().newRequest(SipMethod.INFO).addVia(layer.newVia(session.transport()));
        layer.decorate(b);
        String body = "Signal=" + Character.toUpperCase(digits.charAt(index)) + "\r\nDuration=" + durationMs + "\r\n";
        b.body(DTMF_RELAY, body.getBytes(StandardCharsets.US_ASCII));
        layer.transactions().sendRequest(b.build(), layer.nextHop(session.dialog(), session.transport()),
                new ClientTransactionListener() {
                    @Override
                    public void onResponse(ClientTransaction tx, SipResponse rsp) {
                        if (rsp.isSuccess()) {
                            sendFrom(digits, index + 1, durationMs, done);
                        } else if (rsp.isFinal()) {
                            done.completeExceptionally(new IllegalStateException(
                                    "INFO for '" + digits.charAt(index) + "' answered " + rsp.statusCode()));
                        }
                    }

                    @Override
                    public void onTimeout(ClientTransaction tx) {
                        done.completeExceptionally(new TimeoutException("no response to INFO"));
                    }

                    @Override
                    public void onTransportError(ClientTransaction tx, TransportException e) {
                        done.completeExceptionally(e);
                    }
                });
    }
}
