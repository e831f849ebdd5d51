package io.dialtone.session.register;

import io.dialtone.dialog.Dialog;
import io.dialtone.message.HeaderNames;
import io.dialtone.message.NameAddr;
import io.dialtone.message.SipMethod;
import io.dialtone.message.SipRequest;
import io.dialtone.message.SipResponse;
import io.dialtone.message.SipUri;
import io.dialtone.session.auth.DigestServer;
import io.dialtone.session.proxy.StatefulProxy;
import io.dialtone.transaction.ServerTransaction;
import io.dialtone.transport.Inbound;
import io.dialtone.transport.Scheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A registrar (RFC 3261 §10.3) and the routing of requests for registered AORs (§16.5) on one
 * call executor. The UA core hands it every request first ({@link #onRequest}); it takes:
 *
 * <ul>
 * <li>REGISTER: Require checked (420; we support no extension for registration), Digest when
 *     configured (401, 403 when the To user is not the authenticated user), the AOR taken from To
 *     and canonicalised ({@link LocationService#aorKey}; 404 when it is not a SIP URI with a user),
 *     then the Contacts: {@code *} removes every binding and is only valid alone with
 *     {@code Expires: 0} (else 400); an expiry below {@code minExpiresSec} gets 423 with Min-Expires,
 *     one above {@code maxExpiresSec} is shortened; a binding refreshed with the same Call-ID and a
 *     CSeq not higher than the stored one aborts the whole request with 500 (§10.3 step 7); a
 *     contact with the same {@code +sip.instance} and {@code reg-id} replaces the old one
 *     (RFC 5626 §6). The 200 lists every current binding with its {@code expires} and carries Date
 *     (step 8); a REGISTER without Contact is a query and changes nothing.</li>
 * <li>any other request outside a dialog (no To tag; not ACK or CANCEL) whose Request-URI has a
 *     user other than {@code localUser}: looked up as an AOR and forwarded by the
 *     {@link StatefulProxy} to the most preferred binding; 404 for an unknown AOR, 480 for a known
 *     one without bindings. Requests for {@code localUser} (or without a user) stay with the UA core.</li>
 * </ul>
 *
 * <p>Every domain is treated as ours (the Request-URI's host is not checked, §10.3 step 1), which
 * is what a registrar on a bare IP address needs.
 *
 * <p>Threading: confined to its call executor; the {@link LocationService} is the only shared state.
 */
public final class Registrar {
    private static final Logger LOG = LoggerFactory.getLogger(Registrar.class);
    /** §20.17: rfc1123-date with a two-digit day, always GMT. */
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US)
            .withZone(ZoneOffset.UTC);

    private final RegistrarConfig config;
    private final LocationService locations;
    private final StatefulProxy proxy;
    private final Scheduler scheduler;
    private final Clock clock;

    /**
     * @param locations shared by every executor's registrar
     * @param proxy     this executor's proxy
     * @param scheduler this executor's scheduler (periodic purge)
     * @param clock     wall clock for expiries and the Date header
     */
    public Registrar(RegistrarConfig config, LocationService locations, StatefulProxy proxy, Scheduler scheduler,
                     Clock clock) {
        this.config = Objects.requireNonNull(config, "config");
        this.locations = Objects.requireNonNull(locations, "locations");
        this.proxy = Objects.requireNonNull(proxy, "proxy");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The proxy requests for registered AORs go through. */
    public StatefulProxy proxy() {
        return proxy;
    }

    /**
     * Purges expired bindings every {@code interval}, from now on, on this executor (one executor
     * is enough: the location service is shared).
     */
    public void purgeEvery(Duration interval) {
        scheduler.schedule(interval, () -> {
            int n = locations.purgeExpired(clock.instant());
            if (n > 0) {
                LOG.debug("purged {} expired bindings", n);
            }
            purgeEvery(interval);
        });
    }

    /**
     * Offers {@code req}, which created {@code tx}, to the registrar.
     *
     * @return true when the registrar answered or forwarded it; false when it belongs to the UA core
     * @throws io.dialtone.message.SipParseException when a header it needs is malformed (the caller answers 400)
     */
    public boolean onRequest(ServerTransaction tx, SipRequest req, Inbound source) {
        if (req.is(SipMethod.REGISTER)) {
            register(tx, req);
            return true;
        }
        if (req.toTag() != null || req.is(SipMethod.ACK) || req.is(SipMethod.CANCEL)) {
            return false;
        }
        SipUri uri = req.requestUri();
        if (uri.user() == null || uri.userName().equals(config.localUser())) {
            return false;
        }
        String aor = LocationService.aorKey(uri);
        List<Binding> bindings = locations.lookup(aor, clock.instant());
        if (bindings.isEmpty()) {
            int status = locations.knows(aor) ? 480 : 404;                                    // §21.4.18, §21.4.4
            tx.respond(response(req, status).build());
            return true;
        }
        proxy.forward(tx, req, bindings.get(0).contact(), source);                            // §16.5, §16.6
        return true;
    }

    // ------------------------------------------------------------------ §10.3

    private void register(ServerTransaction tx, SipRequest req) {
        if (req.maxForwards() == 0) { // as the UA core does for every request but OPTIONS (§16.3 step 3)
            tx.respond(response(req, 483).build());
            return;
        }
        List<String> require = req.headerList(HeaderNames.REQUIRE);
        if (!require.isEmpty()) {                                                             // step 3
            tx.respond(response(req, 420).header(HeaderNames.UNSUPPORTED, String.join(", ", require)).build());
            return;
        }
        String user = null;
        DigestServer digest = config.digestServer();
        if (digest != null) {                                                                 // step 4
            DigestServer.Verdict v = digest.verify(req, false);
            switch (v.status()) {
                case AUTHORIZED -> user = v.username();
                case CHALLENGE, STALE -> {
                    SipResponse ch = digest.challenge(req, false, v.status() == DigestServer.Status.STALE)
                            .set(HeaderNames.SERVER, config.serverName()).build();
                    tx.respond(ch.toTag() != null ? ch : ch.toBuilder().toTag(Dialog.newTag()).build());
                    return;
                }
                case FORBIDDEN -> {
                    tx.respond(response(req, 403).reason(v.reason() == null ? "Forbidden" : v.reason()).build());
                    return;
                }
            }
        }
        NameAddr to = req.to();
        if (!to.isSip() || to.uri().user() == null) {                                         // step 5
            tx.respond(response(req, 404).reason("Not Found (AOR needs a SIP URI with a user)").build());
            return;
        }
        if (user != null && !user.equals(to.uri().unescapedUser())) {                          // step 6
            tx.respond(response(req, 403).reason("Forbidden (not your address-of-record)").build());
            return;
        }
        String aor = LocationService.aorKey(to.uri());
        Instant now = clock.instant();
        List<Binding> result;
        try {
            Long headerExpires = headerExpires(req);
            if (isWildcard(req)) {
                result = removeAll(req, aor, headerExpires, now);
            } else {
                List<Requested> wanted = requested(req, aor, headerExpires, now);
                result = wanted.isEmpty() ? locations.lookup(aor, now) : locations.update(aor, now, live -> apply(req, live, wanted));
            }
        } catch (Refusal r) {
            tx.respond(r.response.build());
            return;
        } catch (BindingException e) {
            LOG.debug("{}: REGISTER for {} refused: {} {}", req.callId(), aor, e.status(), e.getMessage());
            tx.respond(response(req, e.status()).reason(e.getMessage()).build());
            return;
        }
        SipResponse.Builder ok = response(req, 200).set("Date", DATE.format(now));             // step 8
        for (Binding b : result) {
            ok.header(HeaderNames.CONTACT, b.toContact(now).toString());
        }
        tx.respond(ok.build());
    }

    /** A contact the REGISTER asks to add, refresh ({@code expiresSec > 0}) or remove (0). */
    private record Requested(SipUri uri, long expiresSec, Double q, String instance, int regId) {}

    /** An answer decided while reading the request; thrown to leave the parsing early. */
    private static final class Refusal extends RuntimeException {
        final transient SipResponse.Builder response;

        Refusal(SipResponse.Builder response) {
            super(null, null, false, false);
            this.response = response;
        }
    }

    private static boolean isWildcard(SipRequest req) {
        for (String v : req.headerList(HeaderNames.CONTACT)) {
            if (v.strip().equals("*")) {
                return true;
            }
        }
        return false;
    }

    private Long headerExpires(SipRequest req) {
        String v = req.header(HeaderNames.EXPIRES).orElse(null);
        return v == null ? null : seconds(req, v.strip(), "Expires");
    }

    private long seconds(SipRequest req, String v, String what) {
        try {
            long s = Long.parseLong(v);
            if (s < 0) {
                throw new NumberFormatException();
            }
            return Math.min(s, 0xFFFF_FFFFL);
        } catch (NumberFormatException e) {
            throw new Refusal(response(req, 400).reason("Bad " + what + " value"));
        }
    }

    /** §10.3 step 6: {@code Contact: *} with {@code Expires: 0}, alone, removes every binding. */
    private List<Binding> removeAll(SipRequest req, String aor, Long headerExpires, Instant now) {
        if (req.headerList(HeaderNames.CONTACT).size() != 1 || headerExpires == null || headerExpires != 0) {
            throw new Refusal(response(req, 400).reason("Invalid wildcard Contact (needs Expires: 0 and no other Contact)"));
        }
        return locations.update(aor, now, live -> {
            for (Binding b : live) {
                checkOrder(req, b);
            }
            return List.of();
        });
    }

    private List<Requested> requested(SipRequest req, String aor, Long headerExpires, Instant now) {
        List<Requested> out = new ArrayList<>();
        for (NameAddr c : req.contacts()) {
            if (!c.isSip()) {
                throw new Refusal(response(req, 400).reason("Contact is not a SIP URI"));
            }
            String e = c.params().get("expires").orElse(null);
            long expires = e != null ? seconds(req, e.strip(), "Contact expires")
                    : headerExpires != null ? headerExpires : config.defaultExpiresSec();
            if (expires > 0 && expires < config.minExpiresSec()) {                            // step 7: 423
                throw new Refusal(response(req, 423).set("Min-Expires", Long.toString(config.minExpiresSec())));
            }
            expires = Math.min(expires, config.maxExpiresSec());
            Double q = null;
            String qv = c.params().get("q").orElse(null);
            if (qv != null) {
                try {
                    q = Double.parseDouble(qv);
                } catch (NumberFormatException ex) {
                    q = -1.0;
                }
                if (q < 0 || q > 1) {
                    throw new Refusal(response(req, 400).reason("Bad q value in Contact"));
                }
            }
            int regId = 0;
            String rv = c.params().get("reg-id").orElse(null);
            if (rv != null) {
                regId = (int) Math.min(Integer.MAX_VALUE, seconds(req, rv, "reg-id"));
            }
            out.add(new Requested(c.uri(), expires, q, c.params().get("+sip.instance").orElse(null), regId));
        }
        return out;
    }

    /** §10.3 step 7, run inside the location service's atomic update of the AOR. */
    private List<Binding> apply(SipRequest req, List<Binding> live, List<Requested> wanted) {
        List<Binding> out = new ArrayList<>(live);
        Instant now = clock.instant();
        for (Requested r : wanted) {
            for (int i = out.size() - 1; i >= 0; i--) {
                Binding b = out.get(i);
                if (b.sameAs(r.uri(), r.instance(), r.regId())) {
                    checkOrder(req, b);
                    out.remove(i);
                }
            }
            if (r.expiresSec() > 0) {
                out.add(new Binding(LocationService.aorKey(req.to().uri()), r.uri(), now.plusSeconds(r.expiresSec()), r.q(),
                        req.callId(), req.cseq().number(), r.instance(), r.regId()));
            }
        }
        return out;
    }

    /** Same Call-ID and a CSeq not higher than the binding's: the whole request fails 500 (§10.3 step 7). */
    private static void checkOrder(SipRequest req, Binding b) {
        if (b.callId().equals(req.callId()) && req.cseq().number() <= b.cseq()) {
            throw new BindingException(500, "Out of Order CSeq for Binding");
        }
    }

    private SipResponse.Builder response(SipRequest req, int status) {
        return decorate(SipResponse.to(req, status), req);
    }

    private SipResponse.Builder decorate(SipResponse.Builder b, SipRequest req) {
        b.set(HeaderNames.SERVER, config.serverName());
        if (req.toTag() == null) {
            b.toTag(Dialog.newTag());
        }
        return b;
    }
}
