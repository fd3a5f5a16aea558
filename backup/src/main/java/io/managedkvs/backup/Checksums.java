package io.managedkvs.backup;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** SHA-256 of files and streams, and the checksum file format ({@code <hex>  <file>}, as sha256sum writes it). */
public final class Checksums {

    private static final Pattern LINE = Pattern.compile("^([0-9a-f]{64}) [ *](.+)$");

    private Checksums() {
    }

    public static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** SHA-256 of a file, lower-case hex. */
    public static String of(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return copy(in, OutputStream.nullOutputStream());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** Copies {@code in} to {@code out}; returns the SHA-256 of what was copied. */
    public static String copy(InputStream in, OutputStream out) throws IOException {
        MessageDigest digest = sha256();
        try (DigestInputStream d = new DigestInputStream(in, digest)) {
            d.transferTo(out);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** The checksum file's content for {@code file}. */
    public static String line(String sha256, String file) {
        return sha256 + "  " + file + "\n";
    }

    /**
     * The SHA-256 a checksum file records for {@code file}.
     *
     * @throws BackupException when the content is not a checksum line for that file
     */
    public static String parse(String content, String file, String where) {
        Matcher m = LINE.matcher(content.strip());
        if (!m.matches() || !m.group(2).equals(file)) {
            throw new BackupException.ChecksumMismatch(where + ": the checksum file of " + file + " is not a SHA-256 line for it");
        }
        return m.group(1);
    }
}
