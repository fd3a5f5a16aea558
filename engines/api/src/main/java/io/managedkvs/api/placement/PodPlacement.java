package io.managedkvs.api.placement;

import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraint;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraintBuilder;
import io.managedkvs.api.engine.PlatformSettings;
import io.managedkvs.api.resource.Labels;
import io.managedkvs.api.resource.SchedulingSpec;
import io.managedkvs.api.resource.SchedulingSpec.SpreadPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Where the pods of one component may run, derived from {@code spec.scheduling}: the same for every
 * engine. Kubernetes' own topology spread constraints are always the baseline; the managed
 * scheduler, when used, only adds to them.
 *
 * @param schedulerName             the scheduler to use, or null for the cluster's default scheduler
 * @param topologySpreadConstraints spreading over nodes (strict when the policy is Required) and zones (best effort)
 * @param affinity                  the user's affinity, or null
 * @param tolerations               the user's tolerations
 * @param nodeSelector              the user's node selector
 * @param priorityClassName         the user's priority class, or null
 * @param podAnnotations            annotations every member pod carries for the scheduler: the node label
 *                                  that names the instance's failure domains
 *                                  ({@link Labels#ZONE_TOPOLOGY_KEY_ANNOTATION}), which the scheduler
 *                                  extender reads. Engines copy them into the pod template's metadata.
 */
public record PodPlacement(String schedulerName, List<TopologySpreadConstraint> topologySpreadConstraints,
                           Affinity affinity, List<Toleration> tolerations, Map<String, String> nodeSelector,
                           String priorityClassName, Map<String, String> podAnnotations) {

    public PodPlacement {
        topologySpreadConstraints = List.copyOf(topologySpreadConstraints);
        tolerations = List.copyOf(tolerations);
        nodeSelector = Map.copyOf(nodeSelector);
        podAnnotations = Map.copyOf(podAnnotations);
    }

    /**
     * The placement of the pods selected by {@code podSelector} (the component's selector labels).
     */
    public static PodPlacement of(SchedulingSpec scheduling, PlatformSettings platform, Map<String, String> podSelector) {
        SchedulingSpec s = scheduling == null ? SchedulingSpec.DEFAULT : scheduling;
        List<TopologySpreadConstraint> spread = new ArrayList<>();
        if (s.effectiveSpreadPolicy() != SpreadPolicy.None) {
            String nodeRule = s.effectiveSpreadPolicy() == SpreadPolicy.Required ? "DoNotSchedule" : "ScheduleAnyway";
            spread.add(constraint(s.effectiveTopologyKey(), nodeRule, podSelector));
            // Zones are best effort: nodes without the zone label would be unschedulable under DoNotSchedule.
            if (!s.effectiveZoneTopologyKey().equals(s.effectiveTopologyKey())) {
                spread.add(constraint(s.effectiveZoneTopologyKey(), "ScheduleAnyway", podSelector));
            }
        }
        String scheduler = s.usesManagedScheduler(platform.managedSchedulerByDefault()) ? platform.managedSchedulerName() : null;
        // Stamped whichever scheduler is used: the key then travels with the pod if the instance moves to
        // the managed scheduler later, and the annotation alone changes nothing for kube-scheduler.
        Map<String, String> annotations = Map.of(Labels.ZONE_TOPOLOGY_KEY_ANNOTATION, s.effectiveZoneTopologyKey());
        return new PodPlacement(scheduler, spread, s.affinity(), s.tolerations(), s.nodeSelector(), s.priorityClassName(),
                annotations);
    }

    private static TopologySpreadConstraint constraint(String key, String whenUnsatisfiable, Map<String, String> selector) {
        return new TopologySpreadConstraintBuilder()
                .withMaxSkew(1)
                .withTopologyKey(key)
                .withWhenUnsatisfiable(whenUnsatisfiable)
                .withLabelSelector(new LabelSelectorBuilder().withMatchLabels(selector).build())
                .build();
    }
}
