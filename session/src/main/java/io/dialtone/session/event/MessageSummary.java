package io.dialtone.session.event;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * An {@code application/simple-message-summary} body (RFC 3842 §5):
 * <pre>
 * Messages-Waiting: yes
 * Message-Account: sip:alice@vmail.example.com
 * Voice-Message: 2/8 (0/2)
 * </pre>
 * Immutable. {@link #format()} writes the canonical form that {@link #parse} reads back equal.
 *
 * @param waiting whether messages are waiting ({@code Messages-Waiting: yes})
 * @param account the {@code Message-Account} URI, or {@code null}
 * @param counts  per message-context class (RFC 3458), in order, never {@code null}
 */
public record MessageSummary(boolean waiting, String account, List<Counts> counts) {
    /** The message-context classes of RFC 3458 §4.1 that a summary line may name. */
    public static final Set<String> CLASSES = Set.of("voice-message", "fax-message", "pager-message",
            "multimedia-message", "text-message", "none");

    /**
     * One summary line, {@code Voice-Message: 2/8 (0/2)}: counts of new and old messages, and of the
     * urgent ones among them when {@code urgentKnown}.
     *
     * @param messageClass lower-case class, one of {@link #CLASSES}
     */
    public record Counts(String messageClass, int newMessages, int oldMessages, boolean urgentKnown,
                         int urgentNew, int urgentOld) {
        public Counts {
            messageClass = messageClass.toLowerCase(Locale.ROOT);
            if (!CLASSES.contains(messageClass)) {
                throw new IllegalArgumentException("not a message-context class: " + messageClass);
            }
            if (newMessages < 0 || oldMessages < 0 || urgentNew < 0 || urgentOld < 0) {
                throw new IllegalArgumentException("negative message count");
            }
        }

        /** Counts without the urgent part. */
        public static Counts of(String messageClass, int newMessages, int oldMessages) {
            return new Counts(messageClass, newMessages, oldMessages, false, 0, 0);
        }

        /** Counts with the urgent part. */
        public static Counts of(String messageClass, int newMessages, int oldMessages, int urgentNew, int urgentOld) {
            return new Counts(messageClass, newMessages, oldMessages, true, urgentNew, urgentOld);
        }
    }

    public MessageSummary {
        counts = List.copyOf(counts);
    }

    /** {@code Messages-Waiting: no} for {@code account} (may be {@code null}). */
    public static MessageSummary none(String account) {
        return new MessageSummary(false, account, List.of());
    }

    /** Voice mail counts; waiting when there are new messages. */
    public static MessageSummary voice(String account, int newMessages, int oldMessages, int urgentNew, int urgentOld) {
        return new MessageSummary(newMessages > 0, account,
                List.of(Counts.of("voice-message", newMessages, oldMessages, urgentNew, urgentOld)));
    }

    /** The counts of {@code messageClass}, if the summary has them. */
    public Optional<Counts> countsOf(String messageClass) {
        String c = messageClass.toLowerCase(Locale.ROOT);
        return counts.stream().filter(x -> x.messageClass().equals(c)).findFirst();
    }

    /** The body text, CRLF line ends, class names capitalized as in RFC 3842 ({@code Voice-Message}). */
    public String format() {
        StringBuilder sb = new StringBuilder(96).append("Messages-Waiting: ").append(waiting ? "yes" : "no").append("\r\n");
        if (account != null) {
            sb.append("Message-Account: ").append(account).append("\r\n");
        }
        for (Counts c : counts) {
            sb.append(capitalize(c.messageClass())).append(": ").append(c.newMessages()).append('/').append(c.oldMessages());
            if (c.urgentKnown()) {
                sb.append(" (").append(c.urgentNew()).append('/').append(c.urgentOld()).append(')');
            }
            sb.append("\r\n");
        }
        return sb.toString();
    }

    /**
     * Parses a body by the RFC 3842 §5.2 grammar. Lines after the first empty one (optional message
     * headers) and lines naming no known class are ignored; names are case-insensitive.
     *
     * @throws IllegalArgumentException when {@code Messages-Waiting} is missing or not yes/no, or a
     *                                  summary line's counts are malformed
     */
    public static MessageSummary parse(String body) {
        Objects.requireNonNull(body, "body");
        String[] lines = body.split("\r?\n", -1);
        Boolean waiting = null;
        String account = null;
        List<Counts> counts = new ArrayList<>();
        for (String line : lines) {
            if (line.isBlank()) {
                if (waiting != null) {
                    break; // optional message headers follow (§5.2 opt-msg-headers)
                }
                continue;
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new IllegalArgumentException("not a header line: " + line);
            }
            String name = line.substring(0, colon).strip().toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).strip();
            if (waiting == null) {
                if (!name.equals("messages-waiting")) {
                    throw new IllegalArgumentException("body does not start with Messages-Waiting");
                }
                if (!value.equalsIgnoreCase("yes") && !value.equalsIgnoreCase("no")) {
                    throw new IllegalArgumentException("Messages-Waiting is neither yes nor no: " + value);
                }
                waiting = value.equalsIgnoreCase("yes");
            } else if (name.equals("message-account")) {
                account = value;
            } else if (CLASSES.contains(name)) {
                counts.add(parseCounts(name, value));
            }
        }
        if (waiting == null) {
            throw new IllegalArgumentException("empty message-summary body");
        }
        return new MessageSummary(waiting, account, counts);
    }

    /** {@code newmsgs SLASH oldmsgs [ LPAREN new-urgentmsgs SLASH old-urgentmsgs RPAREN ]}, spaces allowed around the marks. */
    private static Counts parseCounts(String messageClass, String value) {
        String main = value;
        String urgent = null;
        int paren = value.indexOf('(');
        if (paren >= 0) {
            if (!value.endsWith(")")) {
                throw new IllegalArgumentException("unclosed urgent counts: " + value);
            }
            main = value.substring(0, paren);
            urgent = value.substring(paren + 1, value.length() - 1);
        }
        int[] m = pair(main);
        if (urgent == null) {
            return Counts.of(messageClass, m[0], m[1]);
        }
        int[] u = pair(urgent);
        return Counts.of(messageClass, m[0], m[1], u[0], u[1]);
    }

    private static int[] pair(String s) {
        int slash = s.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("counts without '/': " + s);
        }
        return new int[] {count(s.substring(0, slash)), count(s.substring(slash + 1))};
    }

    private static int count(String s) {
        String t = s.strip();
        if (t.isEmpty() || t.length() > 9 || !t.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException("not a message count: '" + s + "'");
        }
        return Integer.parseInt(t);
    }

    private static String capitalize(String cls) {
        StringBuilder sb = new StringBuilder(cls.length());
        boolean up = true;
        for (char c : cls.toCharArray()) {
            sb.append(up ? Character.toUpperCase(c) : c);
            up = c == '-';
        }
        return sb.toString();
    }
}
