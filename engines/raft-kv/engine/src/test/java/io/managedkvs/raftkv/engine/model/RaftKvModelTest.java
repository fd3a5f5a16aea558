package io.managedkvs.raftkv.engine.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.managedkvs.api.engine.PlatformSettings;
import io.managedkvs.api.resource.Labels;
import io.managedkvs.api.resource.ManagedKVS;
import io.managedkvs.api.resource.ManagedKVSSpec;
import io.managedkvs.api.resource.ManagedKVSStatus;
import io.managedkvs.api.resource.Phase;
import io.managedkvs.api.resource.RaftKvSpec;
import io.managedkvs.api.resource.RaftKvStatus;
import io.managedkvs.api.resource.StorageSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

class RaftKvModelTest {

    private final RaftKvModel model = new RaftKvModel(new PlatformSettings("managed-kvs-scheduler", true, ""));

    private static ManagedKVS resource(ManagedKVSSpec spec) {
        return new ManagedKVS("apps", "cache", spec);
    }

    private static ManagedKVSSpec spec() {
        return ManagedKVSSpec.of("raft-kv", "0.1");
    }

    private <T extends HasMetadata> T find(List<HasMetadata> all, Class<T> type, String name) {
        return all.stream().filter(type::isInstance).map(type::cast).filter(r -> r.getMetadata().getName().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void createsTheWholeInstanceLabelledForThePlatform() {
        List<HasMetadata> all = model.resources(resource(spec()));

        assertThat(all).extracting(r -> r.getKind() + "/" + r.getMetadata().getName()).containsExactlyInAnyOrder(
                "StatefulSet/cache-pd", "StatefulSet/cache-store", "Service/cache-rw", "Service/cache-pd",
                "Service/cache-store-headless", "Service/cache-pd-headless", "PodDisruptionBudget/cache-store", "PodDisruptionBudget/cache-pd");
        assertThat(all).allSatisfy(r -> {
            assertThat(r.getMetadata().getNamespace()).isEqualTo("apps");
            assertThat(r.getMetadata().getLabels()).containsEntry(Labels.NAME, "raft-kv").containsEntry(Labels.INSTANCE, "cache")
                    .containsEntry(Labels.MANAGED_BY, Labels.MANAGED_BY_VALUE).containsKey(Labels.COMPONENT);
        });
    }

    @Test
    void thePlacementDriverKnowsEveryMemberByItsStableName() {
        StatefulSet pd = find(model.resources(resource(spec())), StatefulSet.class, "cache-pd");

        assertThat(pd.getSpec().getReplicas()).isEqualTo(3);
        assertThat(pd.getSpec().getOrdinals().getStart()).as("ids are 1-based").isEqualTo(1);
        Container c = pd.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(c.getImage()).isEqualTo("ghcr.io/managed-kvs/raft-kv:0.1");
        assertThat(c.getArgs()).startsWith("io.managedkvs.raftkv.pd.PdMain")
                .containsSequence("--id", "$(POD_INDEX)")
                .containsSequence("--initial-cluster", "1=cache-pd-1.cache-pd-headless.apps.svc:2379,"
                        + "2=cache-pd-2.cache-pd-headless.apps.svc:2379,3=cache-pd-3.cache-pd-headless.apps.svc:2379")
                .containsSequence("--replication-factor", "3")
                .containsSequence("--down-store-timeout", "30m");
        assertThat(c.getEnv()).anySatisfy(e -> {
            assertThat(e.getName()).isEqualTo("POD_INDEX");
            assertThat(e.getValueFrom().getFieldRef().getFieldPath()).isEqualTo("metadata.labels['apps.kubernetes.io/pod-index']");
        });
        PersistentVolumeClaim claim = pd.getSpec().getVolumeClaimTemplates().get(0);
        assertThat(claim.getSpec().getResources().getRequests().get("storage").toString()).isEqualTo("1Gi");
        assertThat(claim.getSpec().getStorageClassName()).as("the cluster's default StorageClass").isNull();
    }

    @Test
    void storesTakeTheirSizeResourcesAndVolumesFromTheSpec() {
        ManagedKVSSpec spec = spec().withReplicas(5).withStorage(new StorageSpec("50Gi", "fast-ssd"))
                .withRaftKv(new RaftKvSpec(new RaftKvSpec.PlacementDriverSpec(5, null, null), 3, "64Mi", new RaftKvSpec.Protocols(true, false), null));
        StatefulSet store = find(model.resources(resource(spec)), StatefulSet.class, "cache-store");

        assertThat(store.getSpec().getReplicas()).isEqualTo(5);
        assertThat(store.getSpec().getUpdateStrategy().getType()).as("the engine restarts stores itself").isEqualTo("OnDelete");
        assertThat(store.getSpec().getPersistentVolumeClaimRetentionPolicy().getWhenScaled())
                .as("a tombstoned store's volume must not come back on scale-out").isEqualTo("Delete");
        PersistentVolumeClaim claim = store.getSpec().getVolumeClaimTemplates().get(0);
        assertThat(claim.getMetadata().getName()).isEqualTo(RaftKvNames.DATA_VOLUME);
        assertThat(claim.getSpec().getStorageClassName()).isEqualTo("fast-ssd");
        assertThat(claim.getSpec().getResources().getRequests().get("storage").toString()).isEqualTo("50Gi");
        Container c = store.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(c.getArgs()).startsWith("io.managedkvs.raftkv.store.StoreMain")
                .containsSequence("--advertise", "$(POD_NAME).cache-store-headless.$(POD_NAMESPACE).svc:20160")
                .containsSequence("--resp-listen", "off")
                .containsSequence("--region-max-size", "64MiB")
                .containsSequence("--pd", "cache-pd-1.cache-pd-headless.apps.svc:2379,cache-pd-2.cache-pd-headless.apps.svc:2379,"
                        + "cache-pd-3.cache-pd-headless.apps.svc:2379,cache-pd-4.cache-pd-headless.apps.svc:2379,"
                        + "cache-pd-5.cache-pd-headless.apps.svc:2379");
        assertThat(c.getPorts()).extracting(p -> p.getName()).containsExactly("grpc", "metrics");
        Service client = find(model.resources(resource(spec)), Service.class, "cache-rw");
        assertThat(client.getSpec().getPorts()).extracting(ServicePort::getPort).containsExactly(20160);
    }

    @Test
    void memberPodsCarryWhatTheSchedulerExtenderAndPrometheusRead() {
        List<HasMetadata> all = model.resources(resource(spec()));
        for (String name : List.of("cache-store", "cache-pd")) {
            StatefulSet sts = find(all, StatefulSet.class, name);
            var meta = sts.getSpec().getTemplate().getMetadata();
            assertThat(meta.getAnnotations()).containsEntry(Labels.GROUP_SIZE_ANNOTATION, "3").containsEntry(Labels.QUORUM_ANNOTATION, "true")
                    .containsEntry(Labels.ZONE_TOPOLOGY_KEY_ANNOTATION, "topology.kubernetes.io/zone")
                    .containsEntry("prometheus.io/scrape", "true").containsKey("prometheus.io/port");
            assertThat(meta.getLabels()).containsEntry(Labels.COMPONENT, name.substring("cache-".length())).containsEntry(RaftKvModel.VERSION_LABEL, "0.1");
            assertThat(sts.getSpec().getTemplate().getSpec().getSchedulerName()).isEqualTo("managed-kvs-scheduler");
            assertThat(sts.getSpec().getTemplate().getSpec().getContainers().get(0).getPorts()).anyMatch(p -> "metrics".equals(p.getName()));
        }
        Service client = find(all, Service.class, "cache-rw");
        assertThat(client.getSpec().getPorts()).extracting(ServicePort::getPort).containsExactly(20160, 6379);
    }

    @Test
    void disruptionBudgetsLetOneMemberOfEachComponentGo() {
        List<HasMetadata> all = model.resources(resource(spec()));
        assertThat(List.of(find(all, PodDisruptionBudget.class, "cache-store"), find(all, PodDisruptionBudget.class, "cache-pd")))
                .allSatisfy(b -> assertThat(b.getSpec().getMaxUnavailable().getIntVal()).isEqualTo(1));
    }

    @Test
    void scalingDoesNotChangeTheStoreHashButANewVersionDoes() {
        String hash = model.storeTemplateHash(resource(spec()));
        assertThat(model.storeTemplateHash(resource(spec().withReplicas(5)))).isEqualTo(hash);
        assertThat(model.storeTemplateHash(resource(spec().withVersion("0.2")))).isNotEqualTo(hash);
    }

    @Test
    void theStoreStatefulSetShrinksOnlyPastTombstones() {
        ManagedKVS scaledIn = resource(spec().withReplicas(3));
        scaledIn.setStatus(withStores(List.of(store(1, 0, "Up"), store(2, 1, "Up"), store(3, 2, "Up"), store(4, 3, "Offline"), store(5, 4, "Up"))));
        assertThat(RaftKvModel.storeStatefulSetReplicas(scaledIn)).isEqualTo(5);

        scaledIn.setStatus(withStores(List.of(store(1, 0, "Up"), store(2, 1, "Up"), store(3, 2, "Up"), store(4, 3, "Offline"))));
        assertThat(RaftKvModel.storeStatefulSetReplicas(scaledIn)).isEqualTo(4);

        scaledIn.setStatus(withStores(List.of(store(1, 0, "Up"), store(2, 1, "Up"), store(3, 2, "Up"))));
        assertThat(RaftKvModel.storeStatefulSetReplicas(scaledIn)).isEqualTo(3);
    }

    @Test
    void withoutAnyWordFromThePlacementDriverTheLastSizeIsKept() {
        ManagedKVS scaledIn = resource(spec().withReplicas(3));
        scaledIn.setStatus(new ManagedKVSStatus(1L, Phase.Ready, List.of(), "raft-kv", "0.1", "0.1", "5/5",
                new ManagedKVSStatus.MembersStatus(5, 5), null, null, null, null, null, null));
        assertThat(RaftKvModel.storeStatefulSetReplicas(scaledIn)).isEqualTo(5);
    }

    private static RaftKvStatus.StoreStatus store(long id, int ordinal, String state) {
        return new RaftKvStatus.StoreStatus(id, "cache-store-" + ordinal, state, 1L, 0L, false, null);
    }

    private static ManagedKVSStatus withStores(List<RaftKvStatus.StoreStatus> stores) {
        return new ManagedKVSStatus(1L, Phase.Ready, List.of(), "raft-kv", "0.1", "0.1", "3/3",
                new ManagedKVSStatus.MembersStatus(5, 5), null, null, null, null, null, new RaftKvStatus(1L, 0L, 0L, null, stores));
    }
}
