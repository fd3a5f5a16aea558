package io.managedkvs.raftkv.engine.validation;

import io.fabric8.kubernetes.api.model.Quantity;
import io.managedkvs.api.engine.SpecViolation;
import io.managedkvs.api.resource.EngineVersion;
import io.managedkvs.api.resource.ManagedKVS;
import io.managedkvs.api.resource.ManagedKVSSpec;
import io.managedkvs.api.resource.ManagedKVSStatus;
import io.managedkvs.api.resource.RaftKvSpec;
import io.managedkvs.api.resource.StorageSpec;
import io.managedkvs.api.validation.CommonSpecValidator;
import io.managedkvs.raftkv.engine.model.RaftKvVersions;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The raft-kv checks the schema cannot make (the common checks have passed): enough stores for the
 * replication factor, a placement driver that keeps a majority, volumes large enough, a replacement
 * delay that does not replace a store for a blip, and no downgrade across a major version.
 */
public final class RaftKvSpecValidator {

    /** A store needs room for its RocksDB files, Raft logs and a few regions in flight. */
    public static final String MIN_STORE_STORAGE = "1Gi";
    public static final String MIN_PD_STORAGE = "256Mi";
    private final Duration minReplaceAfter;

    /** @param minReplaceAfter the shortest spec.raftKv.downStoreReplaceAfter accepted */
    public RaftKvSpecValidator(Duration minReplaceAfter) {
        this.minReplaceAfter = minReplaceAfter;
    }

    public RaftKvSpecValidator() {
        this(Duration.ofMinutes(1));
    }

    public List<SpecViolation> validate(ManagedKVS resource) {
        List<SpecViolation> out = new ArrayList<>();
        ManagedKVSSpec spec = resource.getSpec();
        RaftKvSpec raftKv = spec.effectiveRaftKv();
        checkVersion(spec.version(), resource.getStatus(), out);
        int replicationFactor = raftKv.effectiveReplicationFactor();
        if (raftKv.replicationFactor() != null && (replicationFactor < 1 || replicationFactor > 7)) {
            out.add(new SpecViolation("spec.raftKv.replicationFactor", "must be between 1 and 7; got " + replicationFactor));
        } else if (replicationFactor % 2 == 0) {
            out.add(new SpecViolation("spec.raftKv.replicationFactor", "must be odd (1, 3, 5 or 7): " + replicationFactor
                    + " copies tolerate no more failures than " + (replicationFactor - 1) + "; got " + replicationFactor));
        }
        if (spec.effectiveReplicas() < replicationFactor) {
            out.add(new SpecViolation("spec.replicas", "must be at least spec.raftKv.replicationFactor (" + replicationFactor
                    + "): each region keeps " + replicationFactor + " copies on different stores; got " + spec.effectiveReplicas()));
        }
        RaftKvSpec.PlacementDriverSpec pd = raftKv.effectivePlacementDriver();
        int pdReplicas = pd.effectiveReplicas();
        if (pd.replicas() != null && (pdReplicas < 1 || pdReplicas > 7)) {
            out.add(new SpecViolation("spec.raftKv.placementDriver.replicas", "must be 1, 3, 5 or 7; got " + pdReplicas));
        } else if (pdReplicas % 2 == 0) {
            out.add(new SpecViolation("spec.raftKv.placementDriver.replicas", "must be odd (1, 3, 5 or 7): " + pdReplicas
                    + " members tolerate no more failures than " + (pdReplicas - 1) + "; got " + pdReplicas));
        }
        checkMinimum("spec.storage.size", spec.storage(), MIN_STORE_STORAGE, out);
        CommonSpecValidator.checkResources("spec.raftKv.placementDriver.resources", pd.resources(), out);
        CommonSpecValidator.checkStorage("spec.raftKv.placementDriver.storage", pd.storage(), out);
        checkMinimum("spec.raftKv.placementDriver.storage.size", pd.storage(), MIN_PD_STORAGE, out);
        checkRegionMaxSize(raftKv.regionMaxSize(), out);
        checkReplaceAfter(raftKv.downStoreReplaceAfter(), out);
        if (!raftKv.effectiveProtocols().grpcOrDefault()) {
            out.add(new SpecViolation("spec.raftKv.protocols.grpc", "cannot be false: stores replicate to each other and clients"
                    + " route through the placement driver over gRPC; to keep clients on the Redis protocol only, leave it on"
                    + " and connect to the resp port"));
        }
        if (spec.auth() != null && Boolean.TRUE.equals(spec.auth().enabled())) {
            out.add(new SpecViolation("spec.auth.enabled", "is not supported by raft-kv yet: its stores do not check passwords;"
                    + " leave spec.auth out or set enabled: false"));
        }
        // spec.restore's name and source, and spec.tls's Secret, are checked by the operator for every engine.
        return out;
    }

    private static void checkVersion(String version, ManagedKVSStatus status, List<SpecViolation> out) {
        if (!EngineVersion.isValid(version)) {
            return;
        }
        EngineVersion wanted = EngineVersion.parse(version);
        dataVersion(status).filter(data -> !RaftKvVersions.canRead(wanted, data)).ifPresent(data ->
                out.add(new SpecViolation("spec.version", "cannot downgrade to " + version + ": the stores' data was written by raft-kv "
                        + data + ", and a store of major version " + wanted.major() + " cannot read the format of major version "
                        + data.major() + ". Keep spec.version at " + data.major() + ".0 or later, or restore a backup into a new instance")));
    }

    /** The newest version the data has been written by. */
    private static Optional<EngineVersion> dataVersion(ManagedKVSStatus status) {
        if (status == null) {
            return Optional.empty();
        }
        return java.util.stream.Stream.of(status.dataVersion(), status.version())
                .filter(EngineVersion::isValid).map(EngineVersion::parse).max(EngineVersion::compareTo);
    }

    private static void checkMinimum(String field, StorageSpec storage, String minimum, List<SpecViolation> out) {
        BigDecimal size = bytes(storage == null ? null : storage.size());
        if (size != null && size.compareTo(bytes(minimum)) < 0) {
            out.add(new SpecViolation(field, "must be at least " + minimum + "; got " + storage.size()));
        }
    }

    private static void checkRegionMaxSize(String regionMaxSize, List<SpecViolation> out) {
        if (regionMaxSize == null) {
            return;
        }
        BigDecimal size = bytes(regionMaxSize);
        if (size == null) {
            out.add(new SpecViolation("spec.raftKv.regionMaxSize", "is not a valid quantity: '" + regionMaxSize + "'"));
        } else if (size.compareTo(BigDecimal.valueOf(1024L * 1024)) < 0) {
            out.add(new SpecViolation("spec.raftKv.regionMaxSize", "must be at least 1Mi; got " + regionMaxSize));
        }
    }

    private void checkReplaceAfter(String text, List<SpecViolation> out) {
        if (text == null) {
            return;
        }
        Duration after;
        try {
            after = RaftKvSpec.parseDuration(text);
        } catch (IllegalArgumentException e) {
            out.add(new SpecViolation("spec.raftKv.downStoreReplaceAfter", e.getMessage()));
            return;
        }
        if (after.compareTo(minReplaceAfter) < 0) {
            out.add(new SpecViolation("spec.raftKv.downStoreReplaceAfter", "must be at least " + minReplaceAfter.toSeconds()
                    + "s, so that a restart or a node reboot does not cost a store its data; got " + text));
        }
    }

    private static BigDecimal bytes(String quantity) {
        if (quantity == null || !quantity.matches(StorageSpec.QUANTITY_PATTERN)) {
            return null;
        }
        try {
            return Quantity.getAmountInBytes(new Quantity(quantity));
        } catch (RuntimeException e) {
            return null;
        }
    }
}
