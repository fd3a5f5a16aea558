package io.managedkvs.backup;

import java.util.regex.Pattern;

/** Backup and file names become paths and object keys: only names that cannot climb out of their place. */
public final class BackupNames {

    private static final Pattern NAME = Pattern.compile("[a-z0-9]([-a-z0-9._]{0,251}[a-z0-9])?");

    private BackupNames() {
    }

    /** Returns {@code name} or throws naming {@code what}. */
    public static String check(String what, String name) {
        if (name == null || !NAME.matcher(name).matches() || name.contains("..")) {
            throw new IllegalArgumentException(what + " must be lower-case letters, digits, '-', '.' or '_', starting and"
                    + " ending with a letter or digit; got '" + name + "'");
        }
        return name;
    }
}
