package io.managedkvs.scheduler.http;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.util.TokenBuffer;
import java.util.Map;

/**
 * One node of a full {@code Nodes} list. kube-scheduler uses the node objects a filter returns, so each
 * one is kept exactly as received (as a token buffer, cheaper than a tree) and written back unchanged;
 * only its name and labels are read.
 */
@JsonDeserialize(using = WireNodeCodec.Reader.class)
@JsonSerialize(using = WireNodeCodec.Writer.class)
public final class WireNode {

    private final String name;
    private final Map<String, String> labels;
    private final TokenBuffer raw;

    WireNode(String name, Map<String, String> labels, TokenBuffer raw) {
        this.name = name;
        this.labels = labels == null ? Map.of() : labels;
        this.raw = raw;
    }

    /** The node's {@code metadata.name}, or null when it has none. */
    public String name() {
        return name;
    }

    public Map<String, String> labels() {
        return labels;
    }

    TokenBuffer raw() {
        return raw;
    }
}
