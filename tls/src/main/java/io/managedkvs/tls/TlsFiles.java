package io.managedkvs.tls;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The three PEM files of one member, named as cert-manager names the keys of its Secrets, so that a
 * mounted Secret and a playground directory look the same to every server and client.
 */
public record TlsFiles(Path certificate, Path privateKey, Path authority) {

    public static final String CERT = "tls.crt";
    public static final String KEY = "tls.key";
    public static final String CA = "ca.crt";

    /** The files in {@code dir}, as a mounted TLS Secret lays them out. */
    public static TlsFiles in(Path dir) {
        return new TlsFiles(dir.resolve(CERT), dir.resolve(KEY), dir.resolve(CA));
    }

    /** Writes the PEM texts into {@code dir} (created if missing); the key is readable by its owner only. */
    public static TlsFiles write(Path dir, String certPem, String keyPem, String caPem) {
        TlsFiles files = in(dir);
        try {
            Files.createDirectories(dir);
            Files.writeString(files.certificate, certPem);
            Files.writeString(files.authority, caPem);
            Files.deleteIfExists(files.privateKey);
            Files.createFile(files.privateKey, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(files.privateKey, keyPem);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write TLS files to " + dir, e);
        }
        return files;
    }

    /** A one-line reason when a file is missing or unreadable, for errors that name the option at fault. */
    public java.util.Optional<String> problem() {
        for (Path p : new Path[] {certificate, privateKey, authority}) {
            if (!Files.isReadable(p)) {
                return java.util.Optional.of("cannot read " + p);
            }
        }
        return java.util.Optional.empty();
    }
}
