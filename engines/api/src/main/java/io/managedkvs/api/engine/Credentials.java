package io.managedkvs.api.engine;

/** A client password. Never printed: {@link #toString()} hides it. */
public record Credentials(String secretName, String password) {

    @Override
    public String toString() {
        return "Credentials[secretName=" + secretName + ", password=****]";
    }
}
