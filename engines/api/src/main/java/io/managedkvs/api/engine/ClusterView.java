package io.managedkvs.api.engine;

import java.util.List;
import java.util.Optional;

/**
 * What the operator read from the cluster for one resource: its member pods, its workloads, the
 * client credentials and, when spec.tls is on for a {@link TlsCapable} engine, the checked TLS Secret.
 * Engines use it to reach their members.
 */
public record ClusterView(List<Member> members, List<Workload> workloads, Optional<Credentials> credentials,
                          Optional<TlsMaterial> tls) {

    /** A view without TLS material (spec.tls off, or an engine that does not serve TLS). */
    public ClusterView(List<Member> members, List<Workload> workloads, Optional<Credentials> credentials) {
        this(members, workloads, credentials, Optional.empty());
    }

    public ClusterView {
        members = List.copyOf(members);
        workloads = List.copyOf(workloads);
    }

    public static ClusterView empty() {
        return new ClusterView(List.of(), List.of(), Optional.empty());
    }

    /** The members of one component (for example {@code redis} or {@code sentinel}), by name. */
    public List<Member> members(String component) {
        return members.stream().filter(m -> m.component().equals(component)).sorted(java.util.Comparator.comparing(Member::name)).toList();
    }

    public Optional<Member> member(String name) {
        return members.stream().filter(m -> m.name().equals(name)).findFirst();
    }

    public Optional<Workload> workload(String component) {
        return workloads.stream().filter(w -> w.component().equals(component)).findFirst();
    }
}
