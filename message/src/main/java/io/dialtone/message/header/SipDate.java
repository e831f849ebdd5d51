package io.dialtone.message.header;

import io.dialtone.message.SipParseException;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * The Date header (RFC 3261 §20.17): an RFC 1123 date, always in GMT, e.g.
 * {@code Sat, 13 Nov 2010 23:29:00 GMT}. Second precision.
 *
 * @param instant the moment, truncated to seconds
 */
public record SipDate(Instant instant) {

    private static final String HEADER = "Date";
    private static final String[] DAYS = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
    private static final String[] MONTHS = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

    public SipDate {
        Objects.requireNonNull(instant, "instant");
        instant = instant.truncatedTo(ChronoUnit.SECONDS);
    }

    /**
     * Parses {@code wkday "," SP 2DIGIT SP month SP 4DIGIT SP 2DIGIT ":" 2DIGIT ":" 2DIGIT SP "GMT"}
     * (§25.1 SIP-date). Day and month names are matched ignoring case; runs of LWS count as one space.
     *
     * @throws SipParseException (400, Date) when not an RFC 1123 date in GMT
     */
    public static SipDate parse(String value) {
        String[] f = value.strip().split("[ \t]+");
        if (f.length != 6 || f[0].length() != 4 || f[0].charAt(3) != ',') {
            throw bad(value);
        }
        int weekday = indexOf(DAYS, f[0].substring(0, 3));
        int day = number(f[1], 2, value);
        int month = indexOf(MONTHS, f[2]) + 1;
        int year = number(f[3], 4, value);
        String[] t = f[4].split(":", -1);
        if (weekday < 0 || month == 0 || t.length != 3 || !f[5].equals("GMT")) {
            throw bad(value);
        }
        try {
            LocalDateTime ldt = LocalDateTime.of(year, month, day,
                    number(t[0], 2, value), number(t[1], 2, value), number(t[2], 2, value));
            if (ldt.getDayOfWeek() != DayOfWeek.of(weekday + 1)) {
                throw HeaderSyntax.fail(HEADER, "weekday does not match date '" + value.strip() + "'");
            }
            return new SipDate(ldt.toInstant(ZoneOffset.UTC));
        } catch (java.time.DateTimeException e) {
            throw bad(value);
        }
    }

    private static SipParseException bad(String value) {
        return HeaderSyntax.fail(HEADER, "not an RFC 1123 date in GMT '" + value.strip() + "'");
    }

    private static int indexOf(String[] names, String s) {
        for (int i = 0; i < names.length; i++) {
            if (names[i].equalsIgnoreCase(s)) {
                return i;
            }
        }
        return -1;
    }

    private static int number(String s, int digits, String value) {
        if (s.length() != digits) {
            throw bad(value);
        }
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                throw bad(value);
            }
            n = n * 10 + (c - '0');
        }
        return n;
    }

    @Override
    public String toString() {
        LocalDateTime t = LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
        return String.format(java.util.Locale.ROOT, "%s, %02d %s %04d %02d:%02d:%02d GMT",
                DAYS[t.getDayOfWeek().getValue() - 1], t.getDayOfMonth(), MONTHS[t.getMonthValue() - 1],
                t.getYear(), t.getHour(), t.getMinute(), t.getSecond());
    }
}
