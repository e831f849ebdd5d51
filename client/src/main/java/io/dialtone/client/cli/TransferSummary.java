package io.dialtone.client.cli;

import io.dialtone.session.TransferOutcome;

import java.util.Locale;

/**
 * The {@code transfer} field {@code dialtone call --transfer-to} adds to its summary:
 * {@code "transfer":{"target":"sip:…","succeeded":true,"status":200,"reason":"…"}}.
 *
 * @param target    the Refer-To URI
 * @param succeeded whether the transferee reported a 2xx (RFC 3515 NOTIFY sipfrag)
 * @param status    the status it reported, or the REFER's failure status; 0 when none came
 * @param reason    an account of the outcome
 */
record TransferSummary(String target, boolean succeeded, int status, String reason) {
    static TransferSummary of(String target, TransferOutcome o) {
        return new TransferSummary(target, o.succeeded(), o.status(), o.reason());
    }

    String json() {
        return String.format(Locale.ROOT, "{\"target\":\"%s\",\"succeeded\":%b,\"status\":%d,\"reason\":\"%s\"}",
                CallSummary.escape(target), succeeded, status, CallSummary.escape(reason));
    }

    /** {@code summaryJson} (one JSON object) with this as its last field, {@code transfer}. */
    String appendTo(String summaryJson) {
        return summaryJson.substring(0, summaryJson.lastIndexOf('}')) + ",\"transfer\":" + json() + "}";
    }

    String text() {
        return "transfer to " + target + ": " + (succeeded ? "succeeded" : "failed") + " (" + status + " " + reason + ")";
    }
}
