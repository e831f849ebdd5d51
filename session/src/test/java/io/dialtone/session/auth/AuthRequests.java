package io.dialtone.session.auth;

import io.dialtone.message.NameAddr;
import io.dialtone.message.SipMethod;
import io.dialtone.message.SipRequest;
import io.dialtone.message.SipResponse;
import io.dialtone.message.SipUri;
import io.dialtone.message.Via;

/** Requests and challenges for the Digest tests. */
final class AuthRequests {
    static final SipUri BOB = SipUri.of("bob", "biloxi.example.com", 5060);
    private static int branch;

    private AuthRequests() {
    }

    static SipRequest invite() {
        return request(SipMethod.INVITE, 1);
    }

    static SipRequest request(String method, long cseq) {
        return SipRequest.builder(method, BOB)
                .addVia(Via.of("UDP", "127.0.0.1", 5070, "z9hG4bKauth" + (++branch)))
                .maxForwards(70)
                .from(NameAddr.of(SipUri.of("alice", "atlanta.example.com", 5060)).withTag("a1"))
                .to(NameAddr.of(BOB))
                .callId("auth-call@127.0.0.1")
                .cseq(cseq, method)
                .body("application/sdp", "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\n")
                .build();
    }

    /** A 401 (or 407) to {@code request} with the given WWW-Authenticate (Proxy-Authenticate) values. */
    static SipResponse challenge(SipRequest request, int status, String... challenges) {
        SipResponse.Builder b = SipResponse.to(request, status).toTag("uas1");
        for (String c : challenges) {
            b.header(status == 407 ? "Proxy-Authenticate" : "WWW-Authenticate", c);
        }
        return b.build();
    }
}
