package io.managedkvs.api.placement;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.TopologySpreadConstraint;
import io.managedkvs.api.engine.PlatformSettings;
import io.managedkvs.api.resource.Labels;
import io.managedkvs.api.resource.SchedulingSpec;
import io.managedkvs.api.resource.SchedulingSpec.SpreadPolicy;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PodPlacementTest {

    private static final Map<String, String> SELECTOR = Map.of("app.kubernetes.io/instance", "cache", "app.kubernetes.io/component", "redis");
    private static final PlatformSettings PLATFORM = PlatformSettings.defaults();

    private static SchedulingSpec policy(SpreadPolicy policy, Boolean managedScheduler) {
        return new SchedulingSpec(policy, null, null, managedScheduler, null, null, null, null);
    }

    @Test
    void defaultSpreadsOverNodesAndZonesWithoutBlocking() {
        PodPlacement placement = PodPlacement.of(null, PLATFORM, SELECTOR);
        assertThat(placement.topologySpreadConstraints())
                .extracting(TopologySpreadConstraint::getTopologyKey, TopologySpreadConstraint::getWhenUnsatisfiable)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("kubernetes.io/hostname", "ScheduleAnyway"),
                        org.assertj.core.groups.Tuple.tuple("topology.kubernetes.io/zone", "ScheduleAnyway"));
        assertThat(placement.topologySpreadConstraints()).allSatisfy(c -> {
            assertThat(c.getMaxSkew()).isEqualTo(1);
            assertThat(c.getLabelSelector().getMatchLabels()).isEqualTo(SELECTOR);
        });
        assertThat(placement.schedulerName()).isNull();
    }

    @Test
    void requiredSpreadIsStrictOnNodesOnly() {
        PodPlacement placement = PodPlacement.of(policy(SpreadPolicy.Required, null), PLATFORM, SELECTOR);
        assertThat(placement.topologySpreadConstraints().get(0).getWhenUnsatisfiable()).isEqualTo("DoNotSchedule");
        // Nodes without a zone label would never be eligible under DoNotSchedule.
        assertThat(placement.topologySpreadConstraints().get(1).getWhenUnsatisfiable()).isEqualTo("ScheduleAnyway");
    }

    @Test
    void everyMemberCarriesTheInstancesZoneKeyForTheSchedulerExtender() {
        assertThat(PodPlacement.of(null, PLATFORM, SELECTOR).podAnnotations())
                .containsExactlyEntriesOf(Map.of(Labels.ZONE_TOPOLOGY_KEY_ANNOTATION, "topology.kubernetes.io/zone"));

        SchedulingSpec racks = new SchedulingSpec(SpreadPolicy.None, null, "example.com/rack", true, null, null, null, null);
        PodPlacement placement = PodPlacement.of(racks, PLATFORM, SELECTOR);
        assertThat(placement.podAnnotations())
                .as("also when spreading is off: the extender's quorum rule does not depend on the spread policy")
                .containsExactlyEntriesOf(Map.of(Labels.ZONE_TOPOLOGY_KEY_ANNOTATION, "example.com/rack"));

        SchedulingSpec blank = new SchedulingSpec(null, null, "  ", null, null, null, null, null);
        assertThat(PodPlacement.of(blank, PLATFORM, SELECTOR).podAnnotations())
                .containsEntry(Labels.ZONE_TOPOLOGY_KEY_ANNOTATION, "topology.kubernetes.io/zone");
    }

    @Test
    void noneTurnsSpreadingOff() {
        assertThat(PodPlacement.of(policy(SpreadPolicy.None, null), PLATFORM, SELECTOR).topologySpreadConstraints()).isEmpty();
    }

    @Test
    void managedSchedulerFollowsThePlatformDefaultUnlessTheSpecSays() {
        PlatformSettings onByDefault = new PlatformSettings("kvs-scheduler", true, "");
        assertThat(PodPlacement.of(null, onByDefault, SELECTOR).schedulerName()).isEqualTo("kvs-scheduler");
        assertThat(PodPlacement.of(policy(null, false), onByDefault, SELECTOR).schedulerName()).isNull();
        assertThat(PodPlacement.of(policy(null, true), PLATFORM, SELECTOR).schedulerName()).isEqualTo(PlatformSettings.DEFAULT_SCHEDULER_NAME);
    }

    @Test
    void registryOverrideReplacesTheImagesRegistry() {
        PlatformSettings mirror = new PlatformSettings("s", false, "mirror.example.com/kvs/");
        assertThat(mirror.image("redis:7.2")).isEqualTo("mirror.example.com/kvs/redis:7.2");
        assertThat(mirror.image("quay.io/oliver006/redis_exporter:v1.62.0")).isEqualTo("mirror.example.com/kvs/oliver006/redis_exporter:v1.62.0");
        assertThat(PLATFORM.image("redis:7.2")).isEqualTo("redis:7.2");
    }
}
