package io.dialtone.session;

import io.dialtone.dialog.Dialog;
import io.dialtone.message.HeaderNames;
import io.dialtone.message.SipMethod;
import io.dialtone.message.SipRequest;
import io.dialtone.message.SipResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.Map;

/**
 * The UAC side of reliable provisional responses (RFC 3262 §4): each new reliable provisional
 * ({@code Require: 100rel} with an RSeq) is acknowledged once by a PRACK in the early dialog of its
 * To tag, with {@code RAck: <RSeq> <CSeq number> INVITE}. Per early dialog the first RSeq seen is the
 * baseline; a retransmission (RSeq not above the last) gets no new PRACK and one that skips a number
 * is dropped (§4), so the UAS retransmits it after the gap is filled.
 *
 * <p>Threading: confined to the call executor of its session.
 */
final class UacPrack {
    private static final Logger LOG = LoggerFactory.getLogger(UacPrack.class);

    private final SessionLayer layer;
    private final String transport;
    private final Map<String, Long> lastRseq = new HashMap<>(4);

    UacPrack(SessionLayer layer, String transport) {
        this.layer = layer;
        this.transport = transport;
    }

    /**
     * A provisional with a To tag arrived in {@code early}.
     *
     * @return true when it was a new reliable provisional, just PRACKed (its SDP, if any, is new)
     */
    boolean onProvisional(Dialog early, SipResponse rsp) {
        if (!layer.config().rel100().enabled() || !rsp.lists(HeaderNames.REQUIRE, "100rel")) {
            return false;
        }
        long rseq;
        try {
            rseq = Long.parseLong(rsp.header("RSeq").orElse("").strip());
        } catch (NumberFormatException e) {
            LOG.warn("{}: reliable {} without a valid RSeq; not PRACKed", rsp.callId(), rsp.statusCode());
            return false;
        }
        Long last = lastRseq.get(early.remoteTag());
        if (last != null && rseq <= last) {
            return false; // retransmission: its PRACK is already on its way (§4)
        }
        if (last != null && rseq != last + 1) {
            LOG.debug("{}: RSeq {} out of order after {}; dropped", rsp.callId(), rseq, last);
            return false;
        }
        lastRseq.put(early.remoteTag(), rseq);
        SipRequest.Builder b = early.newRequest(SipMethod.PRACK).addVia(layer.newVia(transport));
        layer.decorate(b);
        b.set("RAck", rseq + " " + rsp.cseq().number() + " " + rsp.cseq().method());
        layer.transactions().sendRequest(b.build(), layer.nextHop(early, transport), IgnoringListener.INSTANCE);
        return true;
    }
}
