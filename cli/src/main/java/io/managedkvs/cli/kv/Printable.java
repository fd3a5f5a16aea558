package io.managedkvs.cli.kv;

import java.nio.charset.StandardCharsets;

/** Keys and values for a terminal: printable ASCII as it is, every other byte as \xNN. */
final class Printable {

    private Printable() {
    }

    static String of(byte[] bytes) {
        StringBuilder out = new StringBuilder(bytes.length);
        for (byte b : bytes) {
            int c = b & 0xff;
            if (c >= 0x20 && c < 0x7f && c != '\\') {
                out.append((char) c);
            } else if (c == '\\') {
                out.append("\\\\");
            } else {
                out.append(String.format("\\x%02x", c));
            }
        }
        return out.toString();
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
