package io.dialtone.client.cli;

import io.dialtone.session.TransferOutcome;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TransferSummaryTest {
    @Test
    void theTransferFieldEndsTheJsonSummary() {
        String summary = CallSummary.failed("caller", "c1", 200, "local hangup").json();
        TransferSummary t = TransferSummary.of("sip:carol@127.0.0.1:5099",
                new TransferOutcome(true, 200, "transferee reported 200 \"OK\""));
        String json = t.appendTo(summary);
        assertThat(json).startsWith(summary.substring(0, summary.length() - 1) + ",\"transfer\":{");
        assertThat(json).endsWith(",\"transfer\":{\"target\":\"sip:carol@127.0.0.1:5099\",\"succeeded\":true,"
                + "\"status\":200,\"reason\":\"transferee reported 200 \\\"OK\\\"\"}}");
        assertThat(t.text()).isEqualTo("transfer to sip:carol@127.0.0.1:5099: succeeded (200 transferee reported 200 \"OK\")");
    }
}
