package io.dialtone.client.cli;

import io.dialtone.client.Call;
import io.dialtone.rtp.RemoteReport;
import io.dialtone.rtp.RtpStreamStats;
import io.dialtone.session.EndReason;

import java.util.Locale;

/**
 * The one-line summary {@code call}, {@code serve} and {@code demo} print per call, as text or
 * JSON. Field names are stable: conformance tests parse them.
 *
 * @param role        "caller" or "callee"
 * @param callId      Call-ID
 * @param status      final status of the INVITE (200 answered, 487 cancelled, ...)
 * @param setupMs     INVITE to 2xx in ms, -1 when unanswered
 * @param durationMs  2xx to end in ms, 0 when unanswered
 * @param rtpSent     RTP packets sent
 * @param rtpReceived RTP packets received
 * @param rtpLost     RTP packets lost (RFC 3550 A.3)
 * @param jitterMs    interarrival jitter (RFC 3550 A.8), ms
 * @param remoteReportedLost  cumulative number of our packets lost, as the peer last reported it in
 *                    RTCP (RFC 3550 §6.4.1), -1 when no report came
 * @param remoteFractionLost  fraction of our packets lost in the peer's last reporting interval
 *                    (RFC 3550 §6.4.1), 0 to 1, -1 when no report came
 * @param rttMs       round-trip time from RTCP LSR/DLSR (RFC 3550 §6.4.1), ms; NaN (JSON null) when unknown
 * @param rFactor     ITU-T G.107 R of the audio received; NaN (JSON null) until enough data exists
 * @param mos         MOS from {@code rFactor} (G.107 Annex B); NaN (JSON null) when it is unknown
 * @param concealed   frames replaced by packet loss concealment
 * @param playoutDelayMs jitter-buffer playout delay at the end, ms
 * @param refreshes   RFC 4028 session refreshes
 * @param end         why it ended
 * @param dtmfReceived DTMF digits received (RFC 4733), in order, "" for none
 */
record CallSummary(String role, String callId, int status, long setupMs, long durationMs, long rtpSent,
                   long rtpReceived, long rtpLost, double jitterMs, long remoteReportedLost, double remoteFractionLost,
                   double rttMs, double rFactor, double mos, long concealed, int playoutDelayMs, int refreshes, String end, String dtmfReceived) {

    static CallSummary of(String role, Call call, long durationMs, EndReason end) {
        RtpStreamStats st = call.mediaStats();
        RemoteReport rr = st == null ? null : st.lastRemoteReport();
        return new CallSummary(role, call.callId(), call.status(), call.setupMillis(), durationMs,
                st == null ? 0 : st.packetsSent(), st == null ? 0 : st.packetsReceived(),
                st == null ? 0 : st.packetsLost(), st == null ? 0 : st.jitterMs(),
                rr == null ? -1 : rr.cumulativeLost(), rr == null ? -1 : rr.fractionLost(),
                st == null ? Double.NaN : st.rttMs().orElse(Double.NaN),
                st == null ? Double.NaN : st.rFactor().orElse(Double.NaN),
                st == null ? Double.NaN : st.mos().orElse(Double.NaN),
                st == null ? 0 : st.concealedFrames(), st == null ? 0 : st.playoutDelayMs(),
                call.sessionRefreshes(), end == null ? "" : end.text(), call.dtmfReceived());
    }

    static CallSummary failed(String role, String callId, int status, String why) {
        return new CallSummary(role, callId, status, -1, 0, 0, 0, 0, 0, -1, -1, Double.NaN, Double.NaN, Double.NaN,
                0, 0, 0, why, "");
    }

    String json() {
        return String.format(Locale.ROOT,
                "{\"role\":\"%s\",\"callId\":\"%s\",\"status\":%d,\"setupMs\":%d,\"durationMs\":%d,"
                        + "\"rtp\":{\"sent\":%d,\"received\":%d,\"lost\":%d,\"jitterMs\":%.2f,"
                        + "\"remoteReportedLost\":%d,\"remoteFractionLost\":%.4f,\"rttMs\":%s,\"rFactor\":%s,"
                        + "\"mos\":%s,\"concealed\":%d,\"playoutDelayMs\":%d},"
                        + "\"sessionRefreshes\":%d,\"end\":\"%s\",\"dtmfReceived\":\"%s\"}",
                role, escape(callId), status, setupMs, durationMs, rtpSent, rtpReceived, rtpLost, jitterMs,
                remoteReportedLost, remoteFractionLost, number(rttMs, 1), number(rFactor, 1), number(mos, 2), concealed,
                playoutDelayMs, refreshes, escape(end), escape(dtmfReceived));
    }

    String text() {
        return String.format(Locale.ROOT,
                "%s call %s: status %d, setup %d ms, duration %d ms, RTP sent %d received %d lost %d, "
                        + "jitter %.2f ms, peer reported lost %d (fraction %.4f), RTT %s ms, R %s, MOS %s, "
                        + "concealed %d, playout delay %d ms, refreshes %d, DTMF received \"%s\", ended: %s",
                role, callId, status, setupMs, durationMs, rtpSent, rtpReceived, rtpLost, jitterMs,
                remoteReportedLost, remoteFractionLost, text(rttMs, 1), text(rFactor, 1), text(mos, 2), concealed,
                playoutDelayMs, refreshes, dtmfReceived, end);
    }

    /**
     * The line {@code call} and {@code serve} print on stdout for each DTMF digit received, as text in
     * both modes (so that it never reads as a JSON summary): {@code dtmf <Call-ID> <digit>}.
     */
    static String dtmfLine(String callId, char digit) {
        return "dtmf " + callId + " " + digit;
    }

    /** A JSON number with {@code decimals} places, or null when unknown (NaN). */
    private static String number(double v, int decimals) {
        return Double.isNaN(v) ? "null" : String.format(Locale.ROOT, "%." + decimals + "f", v);
    }

    private static String text(double v, int decimals) {
        return Double.isNaN(v) ? "unknown" : String.format(Locale.ROOT, "%." + decimals + "f", v);
    }

    /** {@code s} as the inside of a JSON string: quotes, backslashes and control characters escaped. */
    static String escape(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                sb.append('\\').append(c);
            } else if (c < 0x20) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
