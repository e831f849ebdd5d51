package io.dialtone.message.header;

import io.dialtone.message.SipParseException;

import java.util.ArrayList;
import java.util.List;

/**
 * The value of Server (RFC 3261 §20.35) or User-Agent (§20.41): products and comments separated
 * by LWS, e.g. {@code Asterisk PBX 20.5.0} or {@code baresip v3.10.1 (x86_64/Linux)}.
 *
 * <p>Tolerated deviation: a product may hold any visible characters except {@code (} (real
 * equipment sends dates and colons), not only {@code token ["/" token]}.
 *
 * @param items products ({@code name/version}) and comments (with their parentheses) in order, never empty
 */
public record Products(List<String> items) {

    public Products {
        items = List.copyOf(items);
        if (items.isEmpty()) {
            throw new IllegalArgumentException("no products");
        }
    }

    /**
     * Parses {@code server-val *(LWS server-val)}.
     *
     * @throws SipParseException (400, naming {@code header}) when empty or a comment is unterminated
     */
    public static Products parse(String value, String header) {
        List<String> out = new ArrayList<>(4);
        String v = value.strip();
        int i = 0;
        while (i < v.length()) {
            i = HeaderSyntax.skipLws(v, i);
            if (i >= v.length()) {
                break;
            }
            int end;
            if (v.charAt(i) == '(') {
                end = HeaderSyntax.commentEnd(v, i, header);
            } else {
                end = i;
                while (end < v.length() && !HeaderSyntax.isLws(v.charAt(end)) && v.charAt(end) != '(') {
                    if (v.charAt(end) < 0x20 || v.charAt(end) == 0x7F) {
                        throw HeaderSyntax.fail(header, "control character in product");
                    }
                    end++;
                }
            }
            out.add(v.substring(i, end));
            i = end;
        }
        if (out.isEmpty()) {
            throw HeaderSyntax.fail(header, "empty value");
        }
        return new Products(out);
    }

    public static Products parse(String value) {
        return parse(value, null);
    }

    /** The products only, without comments. */
    public List<String> products() {
        return items.stream().filter(s -> !s.startsWith("(")).toList();
    }

    /** The first item, usually the product naming the implementation ({@code baresip}). */
    public String first() {
        return items.get(0);
    }

    @Override
    public String toString() {
        return String.join(" ", items);
    }
}
