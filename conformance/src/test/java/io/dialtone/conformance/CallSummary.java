package io.dialtone.conformance;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One {@code --json} summary line of {@code dialtone call/serve/demo}:
 * {@code {"role","callId","status","setupMs","durationMs","rtp":{"sent","received","lost","jitterMs"},
 * "sessionRefreshes","end"}}. The format is flat and stable, so a few patterns read it.
 */
record CallSummary(String role, String callId, int status, long rtpSent, long rtpReceived, int sessionRefreshes,
                   String end, String line) {

    static Optional<CallSummary> parse(String line) {
        String l = line.trim();
        if (!l.startsWith("{") || !l.contains("\"role\"")) {
            return Optional.empty();
        }
        return Optional.of(new CallSummary(string(l, "role"), string(l, "callId"), (int) number(l, "status"),
                number(l, "sent"), number(l, "received"), (int) number(l, "sessionRefreshes"), string(l, "end"), l));
    }

    /** The summaries among {@code lines}, in order. */
    static List<CallSummary> all(List<String> lines) {
        return lines.stream().map(CallSummary::parse).flatMap(Optional::stream).toList();
    }

    private static String string(String json, String key) {
        Matcher m = Pattern.compile("\"" + key + "\":\"((?:[^\"\\\\]|\\\\.)*)\"").matcher(json);
        if (!m.find()) {
            throw new AssertionError("no \"" + key + "\" in summary " + json);
        }
        return m.group(1);
    }

    private static long number(String json, String key) {
        Matcher m = Pattern.compile("\"" + key + "\":(-?\\d+)").matcher(json);
        if (!m.find()) {
            throw new AssertionError("no numeric \"" + key + "\" in summary " + json);
        }
        return Long.parseLong(m.group(1));
    }
}
