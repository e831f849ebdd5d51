package io.dialtone.session.register;

import io.dialtone.message.NameAddr;
import io.dialtone.message.Parameters;
import io.dialtone.message.SipUri;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * One binding of an address-of-record to a contact address (RFC 3261 §10.3), as a registrar
 * stores it. Immutable.
 *
 * @param aor        the address-of-record in canonical form ({@link LocationService#aorKey})
 * @param contact    the contact URI requests for the AOR are sent to
 * @param expiresAt  absolute time the binding lapses (wall clock of the registrar)
 * @param q          the Contact's {@code q} preference 0.0–1.0, or {@code null} when it gave none (ranked as 1.0)
 * @param callId     Call-ID of the REGISTER that created or last refreshed it (§10.3 step 7)
 * @param cseq       CSeq number of that REGISTER
 * @param instanceId the Contact's {@code +sip.instance} value as written (RFC 5626 §4.1, quotes
 *                   included), or {@code null}
 * @param regId      the Contact's {@code reg-id} (RFC 5626 §4.2), or 0 when absent
 */
public record Binding(String aor, SipUri contact, Instant expiresAt, Double q, String callId, long cseq,
                      String instanceId, int regId) {

    public Binding {
        Objects.requireNonNull(aor, "aor");
        Objects.requireNonNull(contact, "contact");
        Objects.requireNonNull(expiresAt, "expiresAt");
        Objects.requireNonNull(callId, "callId");
        if (q != null && (q < 0 || q > 1)) {
            throw new IllegalArgumentException("q outside 0..1: " + q);
        }
    }

    /** True when the binding has lapsed at {@code now}. */
    public boolean expired(Instant now) {
        return !expiresAt.isAfter(now);
    }

    /** Whole seconds left at {@code now}, at least 0 (the {@code expires} parameter of a 200, §10.3 step 8). */
    public long remainingSec(Instant now) {
        return Math.max(0, Duration.between(now, expiresAt).toSeconds());
    }

    /** The preference used for ranking: {@code q}, or 1.0 when absent. */
    public double rank() {
        return q == null ? 1.0 : q;
    }

    /**
     * True when {@code other} is the same binding in the sense of §10.3 step 7 (equivalent contact
     * URI, §19.1.4) or of RFC 5626 §6 (same {@code +sip.instance} and {@code reg-id}).
     */
    public boolean sameAs(SipUri otherContact, String otherInstance, int otherRegId) {
        if (instanceId != null && otherInstance != null) {
            return instanceId.equals(otherInstance) && regId == otherRegId;
        }
        return contact.equivalent(otherContact);
    }

    /** The Contact value for a 200 to REGISTER: the URI with {@code expires}, {@code q}, instance and reg-id. */
    public NameAddr toContact(Instant now) {
        NameAddr c = new NameAddr(null, contact, Parameters.EMPTY).withParam("expires", Long.toString(remainingSec(now)));
        if (q != null) {
            c = c.withParam("q", qText(q));
        }
        if (instanceId != null) {
            c = c.withParam("+sip.instance", instanceId);
        }
        if (regId > 0) {
            c = c.withParam("reg-id", Integer.toString(regId));
        }
        return c;
    }

    private static String qText(double q) {
        String s = String.format(java.util.Locale.ROOT, "%.3f", q);
        s = s.replaceAll("0+$", "");
        return s.endsWith(".") ? s + "0" : s;
    }
}
