package io.dialtone.session;

import io.dialtone.dialog.Dialog;
import io.dialtone.dialog.DialogState;
import io.dialtone.message.HeaderField;
import io.dialtone.message.HeaderNames;
import io.dialtone.message.SipMethod;
import io.dialtone.message.SipRequest;
import io.dialtone.message.SipResponse;
import io.dialtone.message.header.Headers;
import io.dialtone.session.auth.CredentialsProvider;
import io.dialtone.session.auth.DigestClient;
import io.dialtone.transaction.ClientTransaction;
import io.dialtone.transaction.ClientTransactionListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashSet;
import java.util.Set;

/**
 * The UAC core's answer to 401 and 407 (RFC 3261 §22.2, §8.1.3.5) for one session: the INVITE is
 * sent again with a new Via branch and the next CSeq (same Call-ID and From tag), carrying
 * Authorization / Proxy-Authorization from a {@link DigestClient}; a challenged BYE, re-INVITE or
 * UPDATE is sent again once, built by the dialog so its CSeq stays in order. The non-2xx final was
 * already ACKed by the INVITE client transaction (§17.1.1.3).
 *
 * <p>Nothing is retried without {@link SessionConfig#credentials()}, when the
 * {@link DigestClient} gives up (no credentials for the realm, no supported algorithm, the same
 * credentials rejected again), or after {@value #MAX_INVITE_RETRIES} answered challenges to one
 * INVITE (a server repeating {@code stale=true} cannot make us loop).
 *
 * <p>Threading: confined to the call executor of its session.
 */
final class UacChallenge {
    private static final Logger LOG = LoggerFactory.getLogger(UacChallenge.class);
    /** Challenges answered per session for the INVITE, at most. */
    static final int MAX_INVITE_RETRIES = 3;
    private static final String AUTHORIZATION = Headers.AUTHORIZATION.name();
    private static final String PROXY_AUTHORIZATION = Headers.PROXY_AUTHORIZATION.name();

    private final SessionLayer layer;
    private final String transport;
    private Set<Long> retriedCseqs; // CSeqs of in-dialog retries, not retried again; created by the first
    private DigestClient digest;
    private int inviteRetries;

    UacChallenge(SessionLayer layer, String transport) {
        this.layer = layer;
        this.transport = transport;
    }

    /**
     * The INVITE to send in place of {@code invite} after {@code rsp}, or {@code null} when
     * {@code rsp} is not a challenge we answer.
     */
    SipRequest retryInvite(SipRequest invite, SipResponse rsp) {
        if (!isChallenge(rsp) || inviteRetries >= MAX_INVITE_RETRIES || !answer(invite, rsp)) {
            return null;
        }
        inviteRetries++;
        LOG.debug("{}: INVITE challenged ({}), sending it again with credentials", invite.callId(), rsp.statusCode());
        return digest.authorize(invite.toBuilder()
                .topVia(layer.newVia(transport))
                .cseq(invite.cseq().number() + 1, SipMethod.INVITE)
                .build());
    }

    /**
     * {@code request} (a new INVITE in place of the one answered, e.g. the RFC 4028 §7.4 retry
     * after 422) with fresh credentials for every challenge answered so far: a new nonce count and
     * response, not the previous request's copied Authorization, which a server would take as a
     * replay. Unchanged when no challenge was answered.
     */
    SipRequest reauthorize(SipRequest request) {
        return digest == null ? request : digest.authorize(request);
    }

    /**
     * Sends {@code tx}'s request again in {@code dialog} with credentials when {@code rsp} is a
     * challenge we answer and the request was not itself such a retry.
     *
     * @return the retry's client transaction (responses go to {@code listener}), or {@code null}
     */
    ClientTransaction retryInDialog(ClientTransaction tx, SipResponse rsp, Dialog dialog, ClientTransactionListener listener) {
        SipRequest req = tx.request();
        if (!isChallenge(rsp) || dialog == null || dialog.state() == DialogState.TERMINATED
                || retriedCseqs != null && retriedCseqs.contains(req.cseq().number()) || !answer(req, rsp)) {
            return null;
        }
        SipRequest.Builder b = dialog.newRequest(req.method()).addVia(layer.newVia(transport));
        for (HeaderField h : req.headers()) {
            if (!dialogOwned(h.name())) {
                b.header(h.name(), h.value());
            }
        }
        if (req.hasBody()) {
            b.body(req.contentType().orElse("application/sdp"), req.body());
        }
        SipRequest retry = digest.authorize(b.build());
        if (retriedCseqs == null) {
            retriedCseqs = new HashSet<>(4);
        }
        retriedCseqs.add(retry.cseq().number());
        LOG.debug("{}: {} challenged ({}), sending it again with credentials", req.callId(), req.method(), rsp.statusCode());
        return layer.transactions().sendRequest(retry, layer.nextHop(dialog, transport), listener);
    }

    /**
     * {@code ack} with the credentials {@code invite} carried: the ACK of a 2xx repeats them
     * (RFC 3261 §13.2.2.4), so a proxy that challenged the INVITE lets it through.
     */
    static SipRequest withCredentialsOf(SipRequest invite, SipRequest ack) {
        var auth = invite.headerValues(AUTHORIZATION);
        var proxyAuth = invite.headerValues(PROXY_AUTHORIZATION);
        if (auth.isEmpty() && proxyAuth.isEmpty()) {
            return ack;
        }
        SipRequest.Builder b = ack.toBuilder();
        auth.forEach(v -> b.header(AUTHORIZATION, v));
        proxyAuth.forEach(v -> b.header(PROXY_AUTHORIZATION, v));
        return b.build();
    }

    private boolean answer(SipRequest challenged, SipResponse rsp) {
        CredentialsProvider credentials = layer.config().credentials();
        if (credentials == null) {
            return false;
        }
        if (digest == null) {
            digest = new DigestClient(credentials);
        }
        return digest.onChallenge(challenged, rsp);
    }

    private static boolean isChallenge(SipResponse rsp) {
        return rsp.statusCode() == 401 || rsp.statusCode() == 407;
    }

    /** Header fields the dialog writes itself (§12.2.1.1), or the body and credentials carry anew. */
    private static boolean dialogOwned(String name) {
        return HeaderNames.same(name, HeaderNames.VIA) || HeaderNames.same(name, HeaderNames.FROM)
                || HeaderNames.same(name, HeaderNames.TO) || HeaderNames.same(name, HeaderNames.CALL_ID)
                || HeaderNames.same(name, HeaderNames.CSEQ) || HeaderNames.same(name, HeaderNames.MAX_FORWARDS)
                || HeaderNames.same(name, HeaderNames.ROUTE) || HeaderNames.same(name, HeaderNames.CONTACT)
                || HeaderNames.same(name, HeaderNames.CONTENT_TYPE) || HeaderNames.same(name, HeaderNames.CONTENT_LENGTH)
                || HeaderNames.same(name, AUTHORIZATION) || HeaderNames.same(name, PROXY_AUTHORIZATION);
    }
}
