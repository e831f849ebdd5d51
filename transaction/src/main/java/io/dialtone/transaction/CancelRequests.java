package io.dialtone.transaction;

import io.dialtone.message.HeaderNames;
import io.dialtone.message.SipMethod;
import io.dialtone.message.SipRequest;

import java.util.List;

/** Builds CANCEL requests for the UAC core (RFC 3261 §9.1). Stateless and thread-safe. */
public final class CancelRequests {
    private CancelRequests() {}

    /**
     * The CANCEL for {@code invite} (§9.1): same Request-URI, Call-ID, From, To (no tag added),
     * CSeq number with method CANCEL, a single Via equal to the INVITE's top Via (so the branch
     * matches, §9.2), the INVITE's Route headers, Max-Forwards 70. Send it with
     * {@link TransactionLayer#sendRequest} to the INVITE's destination once a provisional arrived.
     *
     * @throws IllegalArgumentException if {@code invite} is not an INVITE
     */
    public static SipRequest create(SipRequest invite) {
        if (!invite.is(SipMethod.INVITE)) {
            throw new IllegalArgumentException("CANCEL only for INVITE, not " + invite.method());
        }
        SipRequest.Builder b = SipRequest.builder(SipMethod.CANCEL, invite.requestUri())
                .vias(List.of(invite.topVia()))
                .maxForwards(70)
                .from(invite.from())
                .to(invite.to())
                .callId(invite.callId())
                .cseq(invite.cseq().number(), SipMethod.CANCEL);
        for (String route : invite.headerValues(HeaderNames.ROUTE)) {
            b.header(HeaderNames.ROUTE, route);
        }
        return b.build();
    }
}
