package io.dialtone.client.cli;

import picocli.CommandLine;

/**
 * A {@code HOST:PORT} option value ({@code [::1]:5060} for IPv6).
 *
 * @param host IP literal or name, without brackets
 * @param port 0–65535 (0 = any free port)
 */
record HostPort(String host, int port) {
    static HostPort parse(String s) {
        int colon = s.lastIndexOf(':');
        if (colon <= 0 || (s.indexOf(':') != colon && !s.startsWith("["))) {
            throw new CommandLine.TypeConversionException("expected HOST:PORT, got '" + s + "'");
        }
        String host = s.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        try {
            int port = Integer.parseInt(s.substring(colon + 1));
            if (port < 0 || port > 65535) {
                throw new NumberFormatException();
            }
            return new HostPort(host, port);
        } catch (NumberFormatException e) {
            throw new CommandLine.TypeConversionException("bad port in '" + s + "'");
        }
    }

    static final class Converter implements CommandLine.ITypeConverter<HostPort> {
        @Override
        public HostPort convert(String value) {
            return parse(value);
        }
    }
}
