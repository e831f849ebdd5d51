package io.dialtone.message;

/**
 * SIP method names (RFC 3261 §7.1 and extensions). Methods are plain case-sensitive tokens;
 * these constants name the ones the stack knows. An unknown method is just another string.
 */
public final class SipMethod {
    public static final String INVITE = "INVITE";
    public static final String ACK = "ACK";
    public static final String BYE = "BYE";
    public static final String CANCEL = "CANCEL";
    public static final String OPTIONS = "OPTIONS";
    public static final String REGISTER = "REGISTER";
    /** RFC 3311. */
    public static final String UPDATE = "UPDATE";
    /** RFC 3262. */
    public static final String PRACK = "PRACK";
    /** RFC 6086. */
    public static final String INFO = "INFO";
    /** RFC 3515. */
    public static final String REFER = "REFER";
    /** RFC 6665. */
    public static final String SUBSCRIBE = "SUBSCRIBE";
    /** RFC 6665. */
    public static final String NOTIFY = "NOTIFY";
    /** RFC 3428. */
    public static final String MESSAGE = "MESSAGE";

    private SipMethod() {}

    /** Returns the interned constant for a known method, else {@code name} itself. */
    public static String intern(String name) {
        return switch (name) {
            case INVITE -> INVITE;
            case ACK -> ACK;
            case BYE -> BYE;
            case CANCEL -> CANCEL;
            case OPTIONS -> OPTIONS;
            case REGISTER -> REGISTER;
            case UPDATE -> UPDATE;
            case PRACK -> PRACK;
            case INFO -> INFO;
            case REFER -> REFER;
            case SUBSCRIBE -> SUBSCRIBE;
            case NOTIFY -> NOTIFY;
            case MESSAGE -> MESSAGE;
            default -> name;
        };
    }
}
