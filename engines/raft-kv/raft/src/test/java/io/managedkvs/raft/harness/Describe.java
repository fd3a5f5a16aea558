package io.managedkvs.raft.harness;

import io.managedkvs.raft.membership.ConfChangeCodec;
import io.managedkvs.raft.message.Entry;
import io.managedkvs.raft.message.EntryType;
import io.managedkvs.raft.message.Message;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Stable one-line renderings of entries and messages for scenario output. */
public final class Describe {

    private Describe() {
    }

    public static String entry(Entry e) {
        if (e.type() == EntryType.CONF_CHANGE) {
            return e.term() + "/" + e.index() + " conf " + ConfChangeCodec.decode(e.data());
        }
        return e.term() + "/" + e.index() + " \"" + new String(e.data(), StandardCharsets.UTF_8) + "\"";
    }

    public static String entries(List<Entry> entries) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < entries.size(); i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(entry(entries.get(i)));
        }
        return sb.append(']').toString();
    }

    public static String message(Message m) {
        StringBuilder sb = new StringBuilder();
        sb.append(m.from()).append("->").append(m.to()).append(' ').append(m.type()).append(" term=").append(m.term());
        switch (m.type()) {
            case APPEND -> {
                sb.append(" log=").append(m.logTerm()).append('/').append(m.index()).append(" commit=").append(m.commit());
                if (!m.entries().isEmpty()) {
                    sb.append(" entries=").append(entries(m.entries()));
                }
            }
            case APPEND_RESPONSE -> {
                sb.append(" index=").append(m.index());
                if (m.reject()) {
                    sb.append(" rejected hint=").append(m.logTerm()).append('/').append(m.rejectHint());
                }
            }
            case VOTE, PRE_VOTE -> sb.append(" last=").append(m.logTerm()).append('/').append(m.index())
                    .append(m.context() == Message.CAMPAIGN_TRANSFER ? " transfer" : "");
            case VOTE_RESPONSE, PRE_VOTE_RESPONSE -> sb.append(m.reject() ? " rejected" : " granted");
            case SNAPSHOT -> sb.append(" snapshot=").append(m.snapshot().term()).append('/').append(m.snapshot().index())
                    .append(' ').append(m.snapshot().confState());
            case HEARTBEAT -> sb.append(" commit=").append(m.commit());
            case TRANSFER_LEADER -> sb.append(" transferee=").append(m.context());
            case READ_INDEX -> sb.append(" request=").append(m.context());
            case READ_INDEX_RESPONSE -> sb.append(" request=").append(m.context()).append(" index=").append(m.index());
            default -> { }
        }
        return sb.toString();
    }
}
