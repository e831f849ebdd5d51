package io.dialtone.message.header;

import io.dialtone.message.CSeq;
import io.dialtone.message.HeaderType;
import io.dialtone.message.NameAddr;
import io.dialtone.message.SessionExpires;
import io.dialtone.message.SipParseException;
import io.dialtone.message.Via;

/**
 * Typed header definitions for use with {@link io.dialtone.message.SipMessage#typed(HeaderType)}
 * and {@link io.dialtone.message.SipMessage#typedList(HeaderType)}: every header of RFC 3261 §20
 * and the extension headers the stack uses. Each constant names the header canonically and parses
 * one value (one comma-separated element for a multi-valued header) into an immutable record
 * whose {@code toString()} is its canonical wire form, so that {@code T.parse(x.toString())}
 * equals {@code x}. A malformed value raises {@link SipParseException} with status 400 naming
 * the header.
 *
 * <p>Numbers that are plain delta-seconds or counts (Content-Length, Expires, Max-Forwards,
 * Min-Expires, RSeq) are {@link Long}s; free text (Subject, Organization), tokens without
 * parameters (Priority) and Call-IDs are {@link String}s.
 *
 * <p>Name-addr headers reuse {@link NameAddr}, whose address may be a SIP, SIPS, tel or other URI
 * (a tel URI in P-Asserted-Identity, RFC 3325 §9.1).
 */
public final class Headers {
    private Headers() {}

    // RFC 3261 §20, in its order

    /** §20.1 Accept: media ranges with q. */
    public static final HeaderType<MediaRange> ACCEPT = list("Accept", v -> MediaRange.parse(v, "Accept"));
    /** §20.2 Accept-Encoding: codings with q. */
    public static final HeaderType<QualifiedToken> ACCEPT_ENCODING =
            list("Accept-Encoding", v -> QualifiedToken.parse(v, "Accept-Encoding"));
    /** §20.3 Accept-Language: language ranges with q. */
    public static final HeaderType<QualifiedToken> ACCEPT_LANGUAGE =
            list("Accept-Language", v -> QualifiedToken.parse(v, "Accept-Language"));
    /** §20.4 Alert-Info: ring-tone URIs. */
    public static final HeaderType<InfoUri> ALERT_INFO = list("Alert-Info", v -> InfoUri.parse(v, "Alert-Info"));
    /** §20.5 Allow: methods. */
    public static final HeaderType<Token> ALLOW = tokens("Allow");
    /** §20.6 Authentication-Info (RFC 7616 §3.5). */
    public static final HeaderType<AuthenticationInfo> AUTHENTICATION_INFO =
            single("Authentication-Info", AuthenticationInfo::parse);
    /** §20.7 Authorization: one credentials per header field. */
    public static final HeaderType<Credentials> AUTHORIZATION =
            single("Authorization", v -> Credentials.parse(v, "Authorization"));
    /** §20.8 Call-ID (compact {@code i}). */
    public static final HeaderType<String> CALL_ID = single("Call-ID", v -> CallIds.parse(v, "Call-ID", '\0'));
    /** §20.9 Call-Info: URIs with {@code purpose}. */
    public static final HeaderType<InfoUri> CALL_INFO = list("Call-Info", v -> InfoUri.parse(v, "Call-Info"));
    /** §20.10 Contact (compact {@code m}): addresses or {@code *}. */
    public static final HeaderType<Contact> CONTACT = list("Contact", Contact::parse);
    /** §20.11 Content-Disposition. */
    public static final HeaderType<ContentDisposition> CONTENT_DISPOSITION =
            single("Content-Disposition", ContentDisposition::parse);
    /** §20.12 Content-Encoding (compact {@code e}). */
    public static final HeaderType<Token> CONTENT_ENCODING = tokens("Content-Encoding");
    /** §20.13 Content-Language: language tags. */
    public static final HeaderType<Token> CONTENT_LANGUAGE = tokens("Content-Language");
    /** §20.14 Content-Length (compact {@code l}) in bytes. */
    public static final HeaderType<Long> CONTENT_LENGTH = delta("Content-Length");
    /** §20.15 Content-Type (compact {@code c}). */
    public static final HeaderType<MediaRange> CONTENT_TYPE =
            single("Content-Type", v -> MediaRange.parse(v, "Content-Type"));
    /** §20.16 CSeq. */
    public static final HeaderType<CSeq> CSEQ = single("CSeq", CSeq::parse);
    /** §20.17 Date (RFC 1123, GMT). */
    public static final HeaderType<SipDate> DATE = single("Date", SipDate::parse);
    /** §20.18 Error-Info: URIs. */
    public static final HeaderType<InfoUri> ERROR_INFO = list("Error-Info", v -> InfoUri.parse(v, "Error-Info"));
    /** §20.19 Expires in seconds. */
    public static final HeaderType<Long> EXPIRES = delta("Expires");
    /** §20.20 From (compact {@code f}). */
    public static final HeaderType<NameAddr> FROM = nameAddr("From", false);
    /** §20.21 In-Reply-To: Call-IDs. */
    public static final HeaderType<String> IN_REPLY_TO = list("In-Reply-To", v -> CallIds.parse(v, "In-Reply-To", ','));
    /** §20.22 Max-Forwards. */
    public static final HeaderType<Long> MAX_FORWARDS = delta("Max-Forwards");
    /** §20.23 Min-Expires in seconds. */
    public static final HeaderType<Long> MIN_EXPIRES = delta("Min-Expires");
    /** §20.24 MIME-Version. */
    public static final HeaderType<MimeVersion> MIME_VERSION = single("MIME-Version", MimeVersion::parse);
    /** §20.25 Organization: text. */
    public static final HeaderType<String> ORGANIZATION = text("Organization");
    /** §20.26 Priority: {@code emergency}, {@code urgent}, {@code normal}, {@code non-urgent} or an extension token. */
    public static final HeaderType<String> PRIORITY =
            single("Priority", v -> HeaderSyntax.token(v, "Priority", "priority"));
    /** §20.27 Proxy-Authenticate: one challenge per header field. */
    public static final HeaderType<Challenge> PROXY_AUTHENTICATE =
            single("Proxy-Authenticate", v -> Challenge.parse(v, "Proxy-Authenticate"));
    /** §20.28 Proxy-Authorization: one credentials per header field. */
    public static final HeaderType<Credentials> PROXY_AUTHORIZATION =
            single("Proxy-Authorization", v -> Credentials.parse(v, "Proxy-Authorization"));
    /** §20.29 Proxy-Require: option-tags. */
    public static final HeaderType<Token> PROXY_REQUIRE = tokens("Proxy-Require");
    /** §20.30 Record-Route. */
    public static final HeaderType<NameAddr> RECORD_ROUTE = nameAddr("Record-Route", true);
    /** §20.31 Reply-To. */
    public static final HeaderType<NameAddr> REPLY_TO = nameAddr("Reply-To", false);
    /** §20.32 Require: option-tags. */
    public static final HeaderType<Token> REQUIRE = tokens("Require");
    /** §20.33 Retry-After. */
    public static final HeaderType<RetryAfter> RETRY_AFTER = single("Retry-After", RetryAfter::parse);
    /** §20.34 Route. */
    public static final HeaderType<NameAddr> ROUTE = nameAddr("Route", true);
    /** §20.35 Server: products and comments. */
    public static final HeaderType<Products> SERVER = single("Server", v -> Products.parse(v, "Server"));
    /** §20.36 Subject (compact {@code s}): text. */
    public static final HeaderType<String> SUBJECT = text("Subject");
    /** §20.37 Supported (compact {@code k}): option-tags. */
    public static final HeaderType<Token> SUPPORTED = tokens("Supported");
    /** §20.38 Timestamp. */
    public static final HeaderType<Timestamp> TIMESTAMP = single("Timestamp", Timestamp::parse);
    /** §20.39 To (compact {@code t}). */
    public static final HeaderType<NameAddr> TO = nameAddr("To", false);
    /** §20.40 Unsupported: option-tags. */
    public static final HeaderType<Token> UNSUPPORTED = tokens("Unsupported");
    /** §20.41 User-Agent: products and comments. */
    public static final HeaderType<Products> USER_AGENT = single("User-Agent", v -> Products.parse(v, "User-Agent"));
    /** §20.42 Via (compact {@code v}). */
    public static final HeaderType<Via> VIA = list("Via", Via::parse);
    /** §20.43 Warning. */
    public static final HeaderType<Warning> WARNING = list("Warning", Warning::parse);
    /** §20.44 WWW-Authenticate: one challenge per header field. */
    public static final HeaderType<Challenge> WWW_AUTHENTICATE =
            single("WWW-Authenticate", v -> Challenge.parse(v, "WWW-Authenticate"));

    // Extensions

    /** RFC 3262 §7.1 RSeq: the reliable provisional response number, 1 to 2^32-1. */
    public static final HeaderType<Long> RSEQ = single("RSeq", Headers::parseRSeq);
    /** RFC 3262 §7.2 RAck. */
    public static final HeaderType<RAck> RACK = single("RAck", RAck::parse);
    /** RFC 4028 §4 Session-Expires (compact {@code x}). */
    public static final HeaderType<SessionExpires> SESSION_EXPIRES = single("Session-Expires", SessionExpires::parse);
    /** RFC 4028 §5 Min-SE. */
    public static final HeaderType<MinSe> MIN_SE = single("Min-SE", MinSe::parse);
    /** RFC 3515 §2.1 Refer-To (compact {@code r}). */
    public static final HeaderType<NameAddr> REFER_TO = nameAddr("Refer-To", false);
    /** RFC 3892 §3 Referred-By (compact {@code b}). */
    public static final HeaderType<NameAddr> REFERRED_BY = nameAddr("Referred-By", false);
    /** RFC 3891 §6.1 Replaces. */
    public static final HeaderType<Replaces> REPLACES = single("Replaces", Replaces::parse);
    /** RFC 6665 §8.2.1 Event (compact {@code o}). */
    public static final HeaderType<Event> EVENT = single("Event", Event::parse);
    /** RFC 6665 §8.2.2 Allow-Events (compact {@code u}): event types. */
    public static final HeaderType<Token> ALLOW_EVENTS = tokens("Allow-Events");
    /** RFC 6665 §8.2.3 Subscription-State. */
    public static final HeaderType<SubscriptionState> SUBSCRIPTION_STATE =
            single("Subscription-State", SubscriptionState::parse);
    /** RFC 3326 §2 Reason. */
    public static final HeaderType<Reason> REASON = list("Reason", Reason::parse);
    /** RFC 3327 §4 Path. */
    public static final HeaderType<NameAddr> PATH = nameAddr("Path", true);
    /** RFC 3325 §9.1 P-Asserted-Identity. */
    public static final HeaderType<NameAddr> P_ASSERTED_IDENTITY = nameAddr("P-Asserted-Identity", true);
    /** RFC 3325 §9.2 P-Preferred-Identity. */
    public static final HeaderType<NameAddr> P_PREFERRED_IDENTITY = nameAddr("P-Preferred-Identity", true);
    /** RFC 3329 §2.2 Security-Client. */
    public static final HeaderType<SecurityMechanism> SECURITY_CLIENT = security("Security-Client");
    /** RFC 3329 §2.2 Security-Server. */
    public static final HeaderType<SecurityMechanism> SECURITY_SERVER = security("Security-Server");
    /** RFC 3329 §2.2 Security-Verify. */
    public static final HeaderType<SecurityMechanism> SECURITY_VERIFY = security("Security-Verify");

    private static <T> HeaderType<T> single(String name, java.util.function.Function<String, T> parser) {
        return HeaderType.of(name, false, parser);
    }

    private static <T> HeaderType<T> list(String name, java.util.function.Function<String, T> parser) {
        return HeaderType.of(name, true, parser);
    }

    private static HeaderType<Token> tokens(String name) {
        return list(name, v -> Token.parse(v, name));
    }

    private static HeaderType<Long> delta(String name) {
        return single(name, v -> HeaderSyntax.delta(v, name));
    }

    private static HeaderType<NameAddr> nameAddr(String name, boolean multiValued) {
        return HeaderType.of(name, multiValued, v -> NameAddr.parse(v, name));
    }

    private static HeaderType<SecurityMechanism> security(String name) {
        return list(name, v -> SecurityMechanism.parse(v, name));
    }

    private static HeaderType<String> text(String name) {
        return single(name, v -> {
            String t = v.strip();
            for (int i = 0; i < t.length(); i++) {
                char c = t.charAt(i);
                if (c < 0x20 && c != '\t' || c == 0x7F) {
                    throw HeaderSyntax.fail(name, "control character in text");
                }
            }
            return t;
        });
    }

    private static long parseRSeq(String v) {
        long n = HeaderSyntax.delta(v, "RSeq");
        if (n == 0) {
            throw HeaderSyntax.fail("RSeq", "response-num out of range");
        }
        return n;
    }
}
