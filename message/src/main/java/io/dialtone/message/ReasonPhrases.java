package io.dialtone.message;

/** Default reason phrases of RFC 3261 §21 and the extension RFCs the stack uses. */
public final class ReasonPhrases {
    private ReasonPhrases() {}

    /** The RFC's phrase for {@code status}, or a generic one for its class. */
    public static String of(int status) {
        return switch (status) {
            case 100 -> "Trying";
            case 180 -> "Ringing";
            case 181 -> "Call Is Being Forwarded";
            case 182 -> "Queued";
            case 183 -> "Session Progress";
            case 200 -> "OK";
            case 202 -> "Accepted";
            case 301 -> "Moved Permanently";
            case 302 -> "Moved Temporarily";
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 407 -> "Proxy Authentication Required";
            case 408 -> "Request Timeout";
            case 415 -> "Unsupported Media Type";
            case 416 -> "Unsupported URI Scheme";
            case 420 -> "Bad Extension";
            case 421 -> "Extension Required";
            case 422 -> "Session Interval Too Small";
            case 480 -> "Temporarily Unavailable";
            case 481 -> "Call/Transaction Does Not Exist";
            case 482 -> "Loop Detected";
            case 483 -> "Too Many Hops";
            case 486 -> "Busy Here";
            case 487 -> "Request Terminated";
            case 488 -> "Not Acceptable Here";
            case 491 -> "Request Pending";
            case 500 -> "Server Internal Error";
            case 501 -> "Not Implemented";
            case 503 -> "Service Unavailable";
            case 504 -> "Server Time-out";
            case 505 -> "Version Not Supported";
            case 513 -> "Message Too Large";
            case 600 -> "Busy Everywhere";
            case 603 -> "Decline";
            default -> switch (status / 100) {
                case 1 -> "Progress";
                case 2 -> "OK";
                case 3 -> "Redirect";
                case 4 -> "Client Error";
                case 5 -> "Server Error";
                default -> "Global Failure";
            };
        };
    }
}
