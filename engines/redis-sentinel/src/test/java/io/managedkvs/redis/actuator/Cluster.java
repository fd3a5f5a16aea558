package io.managedkvs.redis.actuator;

import io.managedkvs.redis.config.SentinelSettings;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A synthetic instance for planner tests: members c-redis-N at 10.0.0.N:6379, Sentinels
 * c-sentinel-N at 10.0.1.N:26379, each reported state set by the test.
 */
final class Cluster {

    static final SentinelSettings SENTINEL = SentinelSettings.of(null);
    static final Map<String, String> CONFIG = Map.of("save", "3600 1 300 100 60 10000", "appendonly", "no",
            "min-replicas-to-write", "1", "min-replicas-max-lag", "10");

    private final int members;
    private final NodeState[] nodes;
    private final SentinelState[] sentinels;
    private final Map<String, MemberFacts> facts = new LinkedHashMap<>();
    private int dataMembers;

    Cluster(int members, int sentinelCount) {
        this.members = members;
        this.dataMembers = members;
        this.nodes = new NodeState[members];
        this.sentinels = new SentinelState[sentinelCount];
        for (int i = 0; i < members; i++) {
            facts.put(r(i).name(), new MemberFacts(i, true, true));
        }
    }

    static Endpoint r(int i) {
        return Endpoint.of("c-redis-" + i, "10.0.0." + i, 6379);
    }

    static Endpoint s(int i) {
        return Endpoint.of("c-sentinel-" + i, "10.0.1." + i, 26379);
    }

    /** Member {@code p} primary, every other member an in-sync replica of it, every Sentinel monitoring it. */
    static Cluster healthy(int members, int p) {
        Cluster c = new Cluster(members, 3);
        for (int i = 0; i < members; i++) {
            if (i == p) {
                c.primary(i);
            } else {
                c.replica(i, p);
            }
        }
        for (int i = 0; i < 3; i++) {
            c.monitoring(i, p, 1);
        }
        return c;
    }

    Cluster primary(int i) {
        List<NodeState.ReplicaLink> links = new ArrayList<>();
        for (int j = 0; j < members; j++) {
            if (j != i) {
                links.add(new NodeState.ReplicaLink(r(j).host(), 6379, "online", 1000, 0));
            }
        }
        nodes[i] = node(i, Role.PRIMARY, null, 0, true, links, 1000, 10);
        return this;
    }

    /** A primary with no replicas and no data, as a new member starts. */
    Cluster standalone(int i) {
        nodes[i] = node(i, Role.PRIMARY, null, 0, true, List.of(), 0, 0);
        return this;
    }

    Cluster replica(int i, int of) {
        nodes[i] = node(i, Role.REPLICA, r(of).host(), 6379, true, List.of(), 1000, 10);
        return this;
    }

    Cluster replicaOfAddress(int i, String host, int port, boolean linkUp) {
        nodes[i] = node(i, Role.REPLICA, host, port, linkUp, List.of(), 1000, 10);
        return this;
    }

    Cluster linkDown(int i, int of) {
        nodes[i] = node(i, Role.REPLICA, r(of).host(), 6379, false, List.of(), 900, 10);
        return this;
    }

    Cluster down(int i) {
        nodes[i] = NodeState.unreachable(r(i), false, "connection refused");
        return this;
    }

    Cluster authFailed(int i) {
        nodes[i] = NodeState.unreachable(r(i), true, "refused the password");
        return this;
    }

    Cluster config(int i, String key, String value) {
        NodeState n = nodes[i];
        Map<String, String> config = new HashMap<>(n.config());
        config.put(key, value);
        nodes[i] = new NodeState(n.endpoint(), n.reachable(), n.authFailed(), n.error(), n.role(), n.masterHost(), n.masterPort(),
                n.linkUp(), n.syncing(), n.linkDownSeconds(), n.offset(), n.replicas(), n.loading(), n.keys(), n.version(), n.runId(), config);
        return this;
    }

    /**
     * Sentinel {@code i} monitors the instance and names {@code host} as the primary, at {@code epoch}.
     */
    Cluster monitoringAddress(int i, String host, long epoch, String... flags) {
        int primary = -1;
        for (int j = 0; j < members; j++) {
            if (r(j).host().equals(host)) {
                primary = j;
            }
        }
        monitoring(i, primary, epoch, flags);
        SentinelState st = sentinels[i];
        sentinels[i] = new SentinelState(st.endpoint(), true, false, null, true, host, 6379, st.masterFlags(),
                st.configEpoch(), st.numOtherSentinels(), st.settings(), st.replicas(), st.sentinels());
        return this;
    }

    /** The primary {@code p} lists replica {@code i} in {@code state} (online, wait_bgsave, send_bulk). */
    Cluster replicaLink(int p, int i, String state) {
        NodeState n = nodes[p];
        List<NodeState.ReplicaLink> links = new ArrayList<>();
        for (NodeState.ReplicaLink l : n.replicas()) {
            links.add(l.host().equals(r(i).host()) ? new NodeState.ReplicaLink(l.host(), l.port(), state, l.offset(), l.lag()) : l);
        }
        nodes[p] = new NodeState(n.endpoint(), n.reachable(), n.authFailed(), n.error(), n.role(), n.masterHost(), n.masterPort(),
                n.linkUp(), n.syncing(), n.linkDownSeconds(), n.offset(), links, n.loading(), n.keys(), n.version(), n.runId(), n.config());
        return this;
    }

    /** Replica {@code i} of {@code p} loads a full synchronisation: its link is down, the primary sends it a snapshot. */
    Cluster fullSync(int i, int p) {
        nodes[i] = new NodeState(r(i), true, false, null, Role.REPLICA, r(p).host(), 6379, false, true, 0, 0, List.of(), false, 0,
                "7.0.15", "run" + i, nodes[i] == null ? CONFIG : nodes[i].config());
        return replicaLink(p, i, "send_bulk");
    }

    Cluster monitoring(int i, int primary, long epoch, String... flags) {
        List<SentinelState.Known> replicas = new ArrayList<>();
        for (int j = 0; j < members; j++) {
            if (j != primary) {
                replicas.add(new SentinelState.Known(r(j).host(), 6379, Set.of("slave")));
            }
        }
        List<SentinelState.Known> peers = new ArrayList<>();
        for (int j = 0; j < sentinels.length; j++) {
            if (j != i) {
                peers.add(new SentinelState.Known(s(j).host(), 26379, Set.of("sentinel")));
            }
        }
        Set<String> f = new HashSet<>(Set.of("master"));
        f.addAll(List.of(flags));
        sentinels[i] = new SentinelState(s(i), true, false, null, true, r(primary).host(), 6379, f, epoch, sentinels.length - 1,
                settings(SENTINEL), replicas, peers);
        return this;
    }

    Cluster sentinelKnowsReplica(int i, String host) {
        SentinelState st = sentinels[i];
        List<SentinelState.Known> replicas = new ArrayList<>(st.replicas());
        replicas.add(new SentinelState.Known(host, 6379, Set.of("slave", "s_down")));
        sentinels[i] = new SentinelState(st.endpoint(), true, false, null, true, st.masterHost(), st.masterPort(), st.masterFlags(),
                st.configEpoch(), st.numOtherSentinels(), st.settings(), replicas, st.sentinels());
        return this;
    }

    Cluster sentinelForgetsReplicas(int i) {
        SentinelState st = sentinels[i];
        sentinels[i] = new SentinelState(st.endpoint(), true, false, null, true, st.masterHost(), st.masterPort(), st.masterFlags(),
                st.configEpoch(), st.numOtherSentinels(), st.settings(), List.of(), st.sentinels());
        return this;
    }

    Cluster sentinelSetting(int i, String key, String value) {
        SentinelState st = sentinels[i];
        Map<String, String> settings = new HashMap<>(st.settings());
        settings.put(key, value);
        sentinels[i] = new SentinelState(st.endpoint(), true, false, null, true, st.masterHost(), st.masterPort(), st.masterFlags(),
                st.configEpoch(), st.numOtherSentinels(), settings, st.replicas(), st.sentinels());
        return this;
    }

    Cluster freshSentinel(int i) {
        sentinels[i] = SentinelState.notMonitoring(s(i));
        return this;
    }

    Cluster sentinelDown(int i) {
        sentinels[i] = SentinelState.unreachable(s(i), false, "timeout");
        return this;
    }

    Cluster outdated(int... members) {
        for (int i : members) {
            facts.put(r(i).name(), new MemberFacts(i, false, facts.get(r(i).name()).ready()));
        }
        return this;
    }

    Cluster notReady(int i) {
        facts.put(r(i).name(), new MemberFacts(i, facts.get(r(i).name()).upToDate(), false));
        return this;
    }

    Cluster dataMembers(int n) {
        this.dataMembers = n;
        return this;
    }

    DesiredState desired() {
        SentinelSettings sentinel = new SentinelSettings(sentinels.length, SentinelSettings.majority(sentinels.length),
                SENTINEL.downAfterMilliseconds(), SENTINEL.failoverTimeout(), SENTINEL.parallelSyncs());
        return new DesiredState(dataMembers, sentinel, CONFIG, facts);
    }

    Observation observation() {
        List<Endpoint> redis = new ArrayList<>();
        for (int i = 0; i < members; i++) {
            redis.add(r(i));
        }
        List<Endpoint> sents = new ArrayList<>();
        for (int i = 0; i < sentinels.length; i++) {
            sents.add(s(i));
        }
        return new Observation(new Topology("c", redis, sents), List.of(nodes), List.of(sentinels), Instant.EPOCH);
    }

    Plan plan() {
        return new Planner().plan(desired(), observation());
    }

    private NodeState node(int i, Role role, String masterHost, int masterPort, boolean linkUp, List<NodeState.ReplicaLink> links,
                           long offset, long keys) {
        Map<String, String> config = new HashMap<>(CONFIG);
        config.put("replica-priority", i < dataMembers ? "100" : "0");
        return new NodeState(r(i), true, false, null, role, masterHost, masterPort, linkUp, false, linkUp ? -1 : 30,
                offset, links, false, keys, "7.0.15", "run" + i, config);
    }

    private static Map<String, String> settings(SentinelSettings s) {
        return new HashMap<>(s.asSentinelSet());
    }
}
