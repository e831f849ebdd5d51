package io.dialtone.rtp.internal;

import io.dialtone.rtp.RtcpCompoundView;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * The RTCP transmission timer of RFC 3550 §6.3 with its member and sender tables: when to send the
 * next compound (§6.3.1, A.7), forward reconsideration when the timer expires (§6.3.6), reverse
 * reconsideration when members leave (§6.3.4), member and sender timeouts (§6.3.5), {@code we_sent}
 * (§6.3.8) and the BYE back-off of a participant leaving a session of more than 50 members (§6.3.7).
 *
 * <p>Times are monotonic nanoseconds supplied by the caller (the stream's media clock), so tests run
 * the rules on virtual time. The caller asks {@link #due} on every media-clock tick; when it is,
 * {@link #expire} applies §6.3.5 and §6.3.6 and answers whether a report (or, while leaving, the BYE)
 * goes out now; after sending one the caller reports its size through {@link #sent}.
 *
 * <table>
 * <caption>Parameters (RFC 3550 §6.2, §6.3)</caption>
 * <tr><th>Name</th><th>Value</th><th>Effect</th></tr>
 * <tr><td>RTCP bandwidth</td><td>constructor, bytes/s</td><td>5 % of the session bandwidth (§6.2)</td></tr>
 * <tr><td>T<sub>min</sub></td><td>5 s, 2.5 s before the first compound</td><td>§6.3.1 step 2</td></tr>
 * <tr><td>sender share</td><td>25 % / 75 %</td><td>when senders ≤ 25 % of members (§6.3.1 step 1)</td></tr>
 * <tr><td>randomisation</td><td>× [0.5, 1.5), ÷ (e − 3/2)</td><td>§6.3.1 steps 4 and 5</td></tr>
 * <tr><td>M</td><td>{@value #TIMEOUT_MULTIPLIER}</td><td>a member unheard for M·T<sub>d</sub> times out (§6.3.5)</td></tr>
 * <tr><td>BYE back-off</td><td>more than {@value #BYE_BACKOFF_MEMBERS} members</td><td>§6.3.7</td></tr>
 * </table>
 *
 * <p>Our own SSRC is always a member (counted in {@link #members}, not stored in the table); it is
 * a sender while {@code we_sent} holds. Threading: confined to the stream's event loop; no locks.
 * Receiving RTP from the current source does not allocate.
 */
final class RtcpTimer {

    /** §6.3.1 step 2, seconds. */
    static final double T_MIN_S = 5;
    /** §6.3.1 step 5: the reconsideration compensation e − 3/2. */
    static final double COMPENSATION = Math.E - 1.5;
    /** §6.3.1 step 1: the senders' share when they are at most this fraction of the members. */
    static final double SENDER_FRACTION = 0.25;
    /** §6.3.5: the member timeout multiplier M. */
    static final int TIMEOUT_MULTIPLIER = 5;
    /** §6.3.7: above this many members a leaving participant backs its BYE off. */
    static final int BYE_BACKOFF_MEMBERS = 50;

    /** What {@link #expire} decided. */
    enum Expiry {
        /** Forward reconsideration moved the timer to {@link #nextNanos()} (§6.3.6). */
        RESCHEDULED,
        /** Send a report now, then call {@link #sent}. */
        REPORT,
        /** Send the BYE now (§6.3.7), then stop. */
        BYE
    }

    /** A member table entry (§6.3.3). */
    private static final class Member {
        final long ssrc;
        long lastHeardNanos;
        long lastRtpNanos;
        boolean sender;

        Member(long ssrc) {
            this.ssrc = ssrc;
        }
    }

    private final RandomGenerator rng;
    private final double rtcpBandwidth; // bytes/s
    private final Map<Long, Member> table = new HashMap<>();
    private Member last; // the member heard last: one table probe saved per packet

    private long tp;
    private long tn;
    private int members = 1;
    private int pmembers = 1;
    private int senders;
    private boolean weSent;
    private long lastRtpSentNanos;
    private double avgRtcpSize;
    private boolean initial = true;
    private long intervalNanos; // T, the last calculated (randomised) interval, for the 2T sender timeout
    private boolean leaving;

    /**
     * @param rng                 uniform randomness for §6.3.1 step 4
     * @param rtcpBandwidth       RTCP bandwidth of the session, bytes/s (positive)
     * @param firstCompoundBytes  probable size of our first compound with UDP/IP headers, bytes (§6.3.2)
     */
    RtcpTimer(RandomGenerator rng, double rtcpBandwidth, double firstCompoundBytes) {
        if (!(rtcpBandwidth > 0)) {
            throw new IllegalArgumentException("RTCP bandwidth must be positive: " + rtcpBandwidth);
        }
        this.rng = rng;
        this.rtcpBandwidth = rtcpBandwidth;
        this.avgRtcpSize = firstCompoundBytes;
    }

    /**
     * §6.3.1 steps 1–3: the deterministic calculated interval T<sub>d</sub>.
     *
     * @param members     members, ourselves included (≥ 1)
     * @param senders     senders, ourselves included if {@code weSent}
     * @param weSent      whether we are a sender
     * @param avgRtcpSize average compound size with UDP/IP headers, bytes
     * @param initial     before our first compound (T<sub>min</sub> halved)
     * @param rtcpBw      RTCP bandwidth, bytes/s
     * @return seconds
     */
    static double deterministic(int members, int senders, boolean weSent, double avgRtcpSize, boolean initial,
            double rtcpBw) {
        double bw = rtcpBw;
        int n = members;
        if (senders <= members * SENDER_FRACTION) {
            if (weSent) {
                bw *= SENDER_FRACTION;
                n = senders;
            } else {
                bw *= 1 - SENDER_FRACTION;
                n = members - senders;
            }
        }
        double tMin = initial ? T_MIN_S / 2 : T_MIN_S;
        return Math.max(tMin, n * avgRtcpSize / bw);
    }

    /**
     * §6.3.1: the calculated interval T, randomised and compensated (A.7 {@code rtcp_interval}).
     *
     * @param random uniform in [0, 1)
     * @return seconds
     */
    static double interval(int members, int senders, boolean weSent, double avgRtcpSize, boolean initial,
            double rtcpBw, double random) {
        return deterministic(members, senders, weSent, avgRtcpSize, initial, rtcpBw) * (random + 0.5) / COMPENSATION;
    }

    private long drawInterval() {
        double s = interval(members, senders, weSent, avgRtcpSize, initial, rtcpBandwidth, rng.nextDouble());
        intervalNanos = (long) (s * 1e9);
        return intervalNanos;
    }

    /** §6.3.2: joins the session at {@code nowNanos}; the first compound is due after T. */
    void start(long nowNanos) {
        tp = nowNanos;
        tn = nowNanos + drawInterval();
    }

    /** @return whether the transmission timer has expired at {@code nowNanos} */
    boolean due(long nowNanos) {
        return nowNanos - tn >= 0;
    }

    /**
     * The transmission timer expired (§6.3.6): times members and senders out (§6.3.5), draws T with
     * the current membership, and sends only if {@code tp + T ≤ tc}; otherwise the timer moves to
     * {@code tp + T} (forward reconsideration). Either way {@code pmembers = members}.
     *
     * @param nowNanos t<sub>c</sub>
     */
    Expiry expire(long nowNanos) {
        if (!leaving) {
            timeOut(nowNanos);
        }
        long t = drawInterval();
        pmembers = members;
        if (tp + t - nowNanos <= 0) {
            return leaving ? Expiry.BYE : Expiry.REPORT;
        }
        tn = tp + t;
        return Expiry.RESCHEDULED;
    }

    /**
     * A compound of {@code bytes} (without UDP/IP headers) was sent at {@code nowNanos} after
     * {@link #expire} said {@link Expiry#REPORT}: {@code tp = tc}, {@code initial} is cleared, the
     * average size updated, and the next compound scheduled at {@code tc + T} with a new T (§6.3.6).
     */
    void sent(long nowNanos, int bytesWithHeaders) {
        avgRtcpSize = bytesWithHeaders / 16.0 + avgRtcpSize * 15 / 16;
        initial = false; // §6.2: only the first compound gets half the minimum
        tp = nowNanos;
        tn = nowNanos + drawInterval();
        pmembers = members;
    }

    /**
     * {@link #expire} said {@link Expiry#REPORT} but there was nobody to send to (no remote address
     * yet): the next expiry is {@code tc + T}; {@code tp}, {@code initial} and the average stay.
     */
    void notSent(long nowNanos) {
        tn = nowNanos + drawInterval();
    }

    /**
     * A validated RTP packet from {@code ssrc} (§6.3.3): a new member and sender, or one heard again.
     * Ignored while leaving (§6.3.7). Does not allocate for a known source.
     */
    void onRtp(long ssrc, long nowNanos) {
        if (leaving) {
            return;
        }
        Member m = member(ssrc, nowNanos);
        m.lastRtpNanos = nowNanos;
        if (!m.sender) {
            m.sender = true;
            senders++;
        }
    }

    /** A CSRC of a validated RTP packet (§6.3.3): a member, not a sender. */
    void onContributor(long csrc, long nowNanos) {
        if (!leaving) {
            member(csrc, nowNanos);
        }
    }

    /**
     * A compound without BYE from {@code ssrc} of {@code bytesWithHeaders} (§6.3.3): a new member or
     * one heard again, and the average size. While leaving neither counts (§6.3.7).
     */
    void onRtcp(long ssrc, int bytesWithHeaders, long nowNanos) {
        if (leaving) {
            return;
        }
        member(ssrc, nowNanos);
        avgRtcpSize = bytesWithHeaders / 16.0 + avgRtcpSize * 15 / 16;
    }

    /**
     * A compound with BYE, for each of its sources (§6.3.4): the average size, then each leaves the member
     * and sender tables, and reverse reconsideration pulls t<sub>n</sub> and t<sub>p</sub> towards
     * t<sub>c</sub> if members fell below pmembers. While we are leaving (§6.3.7) each BYE packet
     * received counts one member instead, whoever sent it and however many sources it lists.
     */
    void onBye(RtcpCompoundView bye, int bytesWithHeaders, long nowNanos) {
        avgRtcpSize = bytesWithHeaders / 16.0 + avgRtcpSize * 15 / 16;
        if (leaving) {
            members++;
            return;
        }
        for (int i = 0; i < bye.byeCount(); i++) {
            Member m = table.remove(bye.byeSsrc(i));
            if (m != null) {
                forget(m);
            }
        }
        reverseReconsideration(nowNanos);
    }

    /**
     * We sent RTP at {@code nowNanos} (§6.3.8): the first packet since {@code we_sent} was cleared
     * makes us a sender again. Reverse reconsideration (§6.3.4) then runs; its formula moves the timer
     * only if members fell below pmembers, which adding ourselves as a sender does not do.
     */
    void onRtpSent(long nowNanos) {
        lastRtpSentNanos = nowNanos;
        if (!weSent) {
            weSent = true;
            senders++;
            reverseReconsideration(nowNanos);
        }
    }

    /** Our SSRC changed (§8.2): the new one has sent nothing yet. */
    void ssrcChanged() {
        if (weSent) {
            weSent = false;
            senders--;
        }
    }

    /**
     * We leave the session at {@code nowNanos} (§6.3.7). With at most {@value #BYE_BACKOFF_MEMBERS}
     * members the BYE may go now; with more, the BYE back-off starts: {@code tp = tc}, members and
     * pmembers 1, initial, no senders, the average size that of the BYE compound, and the BYE is due
     * after T, subject to the forward reconsideration of {@link #expire}.
     *
     * @param byeBytesWithHeaders size of our BYE compound with UDP/IP headers
     * @return whether the BYE may be sent now
     */
    boolean leave(long nowNanos, int byeBytesWithHeaders) {
        if (members <= BYE_BACKOFF_MEMBERS) {
            return true;
        }
        leaving = true;
        tp = nowNanos;
        members = 1;
        pmembers = 1;
        initial = true;
        weSent = false;
        senders = 0;
        avgRtcpSize = byeBytesWithHeaders;
        tn = nowNanos + drawInterval();
        return false;
    }

    /** §6.3.5, also for ourselves as a sender (§6.3.8). */
    private void timeOut(long nowNanos) {
        long memberTimeout = (long) (TIMEOUT_MULTIPLIER
                * deterministic(members, senders, false, avgRtcpSize, initial, rtcpBandwidth) * 1e9);
        long senderTimeout = 2 * intervalNanos;
        boolean removed = false;
        for (Iterator<Member> it = table.values().iterator(); it.hasNext();) {
            Member m = it.next();
            if (nowNanos - m.lastHeardNanos > memberTimeout) {
                it.remove();
                forget(m);
                removed = true;
            } else if (m.sender && nowNanos - m.lastRtpNanos > senderTimeout) {
                m.sender = false;
                senders--;
            }
        }
        if (weSent && nowNanos - lastRtpSentNanos > senderTimeout) {
            weSent = false;
            senders--;
        }
        if (removed) {
            reverseReconsideration(nowNanos);
        }
    }

    /** §6.3.4: if members fell below pmembers, t<sub>n</sub> and t<sub>p</sub> scale towards t<sub>c</sub>. */
    private void reverseReconsideration(long nowNanos) {
        if (members >= pmembers) {
            return;
        }
        double ratio = (double) members / pmembers;
        tn = nowNanos + (long) (ratio * (tn - nowNanos));
        tp = nowNanos - (long) (ratio * (nowNanos - tp));
        pmembers = members;
    }

    private Member member(long ssrc, long nowNanos) {
        Member m = last;
        if (m == null || m.ssrc != ssrc) {
            m = table.get(ssrc);
            if (m == null) {
                m = new Member(ssrc);
                table.put(ssrc, m);
                members++;
            }
            last = m;
        }
        m.lastHeardNanos = nowNanos;
        return m;
    }

    private void forget(Member m) {
        members--;
        if (m.sender) {
            senders--;
        }
        if (last == m) {
            last = null;
        }
    }

    /** @return members, ourselves included (while leaving: 1 + BYEs received, §6.3.7) */
    int members() {
        return members;
    }

    /** @return pmembers: members when t<sub>n</sub> was last computed */
    int pmembers() {
        return pmembers;
    }

    /** @return senders, ourselves included while {@link #weSent} */
    int senders() {
        return senders;
    }

    /** @return {@code we_sent}: we sent RTP within the last two intervals (§6.3.8), so we send SRs (§6.4) */
    boolean weSent() {
        return weSent;
    }

    /** @return whether {@code ssrc} is in the member table */
    boolean isMember(long ssrc) {
        return table.containsKey(ssrc);
    }

    /** @return t<sub>n</sub>, when the timer next expires */
    long nextNanos() {
        return tn;
    }

    /** @return t<sub>p</sub>, when we last sent a compound */
    long previousNanos() {
        return tp;
    }

    /** @return the average compound size with UDP/IP headers, bytes */
    double avgRtcpSize() {
        return avgRtcpSize;
    }

    /** @return whether we have not sent a compound yet */
    boolean initial() {
        return initial;
    }

    /** @return whether the §6.3.7 BYE back-off is running */
    boolean leaving() {
        return leaving;
    }
}
