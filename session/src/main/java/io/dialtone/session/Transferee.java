package io.dialtone.session;

import io.dialtone.dialog.Dialog;
import io.dialtone.message.Parameters;
import io.dialtone.message.SipRequest;
import io.dialtone.message.header.Event;
import io.dialtone.message.header.SubscriptionState;
import io.dialtone.transaction.ServerTransaction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Locale;

/**
 * The transferee's side of one REFER (RFC 3515 §2.4.2–§2.4.5): checks it (400 without Refer-To or
 * with more than one), lets the application decline it (603), answers 202, reports
 * {@code SIP/2.0 100 Trying} at once in a NOTIFY of the implicit {@code refer} subscription,
 * places the new call to the Refer-To URI with the Replaces (RFC 3891 §4) and Referred-By
 * (RFC 3892 §4) it names, then sends the final status line with
 * {@code Subscription-State: terminated;reason=noresource} and, when that was a 2xx, ends the
 * original call with BYE once the NOTIFY is answered.
 *
 * <p>The NOTIFYs go through {@link NotifySender}, the notifier code every event package uses.
 * The subscription cannot be refreshed or ended early by the transferor (no SUBSCRIBE with
 * {@code Event: refer} is accepted; RFC 3515 allows a notifier to keep it that simple), and it
 * never outlives the call it belongs to.
 *
 * <p>Threading: confined to the original session's call executor; the new call lives on its own
 * executor (through {@link LayerDirectory}) and reports back by hopping here.
 */
final class Transferee {
    private static final Logger LOG = LoggerFactory.getLogger(Transferee.class);
    /** The implicit subscription's expiry we announce, seconds (RFC 3515 §2.4.4 leaves it to us). */
    static final long EXPIRES_SEC = 60;

    private final SessionLayer layer;
    private final InviteSession session;
    private final NotifySender notifies;

    private Transferee(SessionLayer layer, InviteSession session, long referCseq) {
        this.layer = layer;
        this.session = session;
        // RFC 3515 §2.4.6: the id is the REFER's CSeq number (needed from the second REFER on; always sent)
        Event event = new Event("refer", Long.toString(referCseq), Parameters.EMPTY);
        this.notifies = new NotifySender(layer, session.dialog(), session.transport(), event, status -> { });
    }

    /** An in-dialog REFER whose CSeq the dialog accepted. */
    static void onRefer(SessionLayer layer, ExtensionMethods ext, InviteSession session, ServerTransaction tx, SipRequest refer) {
        List<String> referTo = refer.headerList("Refer-To");
        if (referTo.size() != 1) { // RFC 3515 §2.4.1: exactly one Refer-To
            tx.respond(layer.response(refer, 400, null)
                    .reason(referTo.isEmpty() ? "Missing Refer-To" : "More Than One Refer-To").build());
            return;
        }
        ReferRequest request = ReferTarget.parse(referTo.get(0), refer.header("Referred-By").orElse(null));
        ReferListener listener = ext.referListener();
        TransferDecision decision = listener == null ? TransferDecision.decline() : listener.onRefer(session, request);
        if (decision == null || !decision.accepted()) {
            tx.respond(layer.response(refer, 603, null).build()); // RFC 3515 §2.4.2: the user declined
            return;
        }
        tx.respond(layer.response(refer, 202, null).contact(layer.contact(session.transport())).build()); // §2.4.2
        new Transferee(layer, session, refer.cseq().number()).start(ext, request, decision);
    }

    private void start(ExtensionMethods ext, ReferRequest request, TransferDecision decision) {
        notifies.send(SubscriptionState.active(EXPIRES_SEC), SipFrag.CONTENT_TYPE, SipFrag.statusLine(100, "Trying"), null);
        String transport = request.target().transportParam() != null
                ? request.target().transportParam().toUpperCase(Locale.ROOT) : session.transport();
        String host = layer.sender().listeningPoint(transport).host().replace("[", "").replace("]", "");
        String callId = Dialog.newCallId(host);
        LOG.debug("{}: REFER accepted, calling {} as {}", session.callId(), request.target(), callId);
        ext.directory().runOn(callId, other -> {
            InviteSession placed = other.call(callId, request.target(), transport, decision.source(), decision.sink(), java.util.List.of(), b -> {
                if (request.replaces() != null) {
                    b.set("Replaces", request.replaces().toString()); // RFC 3891 §4
                }
                if (request.referredBy() != null) {
                    b.set("Referred-By", request.referredBy().toString()); // RFC 3892 §4
                }
            });
            if (decision.placed() != null) {
                decision.placed().accept(placed);
            }
            placed.outcome().whenComplete((rsp, e) -> {
                int status;
                String reason;
                if (rsp != null) {
                    status = rsp.statusCode();
                    reason = rsp.reasonPhrase();
                } else {
                    EndReason why = placed.ended().getNow(null);
                    status = why == null ? 408 : why.status();
                    reason = why == null ? "Request Timeout" : why.text();
                }
                layer.scheduler().execute(() -> onNewCallOutcome(status, reason));
            });
        });
    }

    /** The new call has its final response: report it and end the subscription (RFC 3515 §2.4.5). */
    private void onNewCallOutcome(int status, String reason) {
        boolean success = status >= 200 && status < 300;
        notifies.send(SubscriptionState.terminated("noresource"), SipFrag.CONTENT_TYPE, SipFrag.statusLine(status, reason), () -> {
            if (success) {
                session.hangup(); // the transfer replaced this call
            }
        });
    }
}
