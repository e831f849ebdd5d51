package io.dialtone.rtp;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * An RTCP APP packet (RFC 3550 §6.7): application-defined data, parsed and kept so that an
 * application can read it; this stack defines none of its own. An immutable value.
 *
 * @param subtype 0..31, the application's subtype (the header's count field)
 * @param ssrc    SSRC of the sender, 0..2³²-1
 * @param name    four ASCII characters naming the application
 * @param data    application data, a multiple of 4 bytes (copied)
 */
public record RtcpApp(int subtype, long ssrc, String name, byte[] data) {

    /** RTCP packet type APP (RFC 3550 §12.1). */
    public static final int PT_APP = 204;

    /** Validates and copies. */
    public RtcpApp {
        Objects.requireNonNull(name, "name");
        if (subtype < 0 || subtype > 31) {
            throw new IllegalArgumentException("APP subtype out of range: " + subtype);
        }
        if (name.length() != 4 || name.getBytes(StandardCharsets.US_ASCII).length != 4
                || !StandardCharsets.US_ASCII.newEncoder().canEncode(name)) {
            throw new IllegalArgumentException("APP name must be 4 ASCII characters: " + name);
        }
        if (data.length % 4 != 0) {
            throw new IllegalArgumentException("APP data must be a multiple of 4 bytes: " + data.length);
        }
        data = data.clone();
    }

    /** @return a copy of the application data */
    @Override
    public byte[] data() {
        return data.clone();
    }

    byte[] toBytes() {
        byte[] out = new byte[sizeBytes()];
        writeTo(out, 0);
        return out;
    }

    /** @return serialised size in bytes */
    int sizeBytes() {
        return 12 + data.length;
    }

    /** Serialises the packet without allocating; @return the bytes written */
    int writeTo(byte[] out, int off) {
        int size = sizeBytes();
        Objects.checkFromIndexSize(off, size, out.length);
        out[off] = (byte) (0x80 | subtype);
        out[off + 1] = (byte) PT_APP;
        RtpPacket.put16(out, off + 2, size / 4 - 1);
        RtpPacket.put32(out, off + 4, ssrc);
        for (int i = 0; i < 4; i++) {
            out[off + 8 + i] = (byte) name.charAt(i); // ASCII, checked at construction
        }
        System.arraycopy(data, 0, out, off + 12, data.length);
        return size;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RtcpApp a && a.subtype == subtype && a.ssrc == ssrc && a.name.equals(name)
                && Arrays.equals(a.data, data);
    }

    @Override
    public int hashCode() {
        return Objects.hash(subtype, ssrc, name, Arrays.hashCode(data));
    }

    @Override
    public String toString() {
        return "RtcpApp[subtype=" + subtype + ", ssrc=" + ssrc + ", name=" + name + ", " + data.length + " bytes]";
    }
}
