package io.managedkvs.api.crd;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.fabric8.crdv2.generator.CRDGenerator;
import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.AffinityBuilder;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirementBuilder;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirementBuilder;
import io.fabric8.kubernetes.api.model.PodAffinityTermBuilder;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Version;
import io.managedkvs.api.resource.ManagedKVS;
import io.managedkvs.api.resource.ManagedKVSSpec;
import io.managedkvs.api.resource.SchedulingSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The spec keeps fabric8's Affinity and Toleration types but takes their schema from our described
 * records. The two must describe the same JSON, or the API server would refuse (or prune) what
 * engines copy into pod specs.
 */
class EmbeddedKubernetesTypesTest {

    @Test
    void describedSchemaHasTheShapeOfFabric8sTypes(@TempDir Path dir) throws IOException {
        new CRDGenerator().customResourceClasses(Probe.class).forCRDVersions("v1").inOutputDir(dir.toFile()).generate();
        JsonNode probe;
        try (var files = Files.list(dir)) {
            probe = CrdFiles.read(files.filter(f -> f.toString().endsWith("-v1.yml")).findFirst().orElseThrow())
                    .at("/spec/versions/0/schema/openAPIV3Schema/properties/spec/properties");
        }
        JsonNode ours = CrdFiles.schema().at("/properties/spec/properties/scheduling/properties");

        for (String field : List.of("affinity", "tolerations")) {
            TreeSet<String> fabric8Shape = new TreeSet<>();
            shape(field, probe.get(field), fabric8Shape);
            TreeSet<String> ourShape = new TreeSet<>();
            shape(field, ours.get(field), ourShape);
            assertThat(fabric8Shape).as("fields of fabric8's %s", field).hasSizeGreaterThan(4);
            assertThat(ourShape).as("the described schema of spec.scheduling.%s", field).isEqualTo(fabric8Shape);
        }
    }

    @Test
    void realisticAffinityAndTolerationsRoundTripAndPassTheSchema() throws IOException {
        ManagedKVS kvs = new ManagedKVS("apps", "cache", ManagedKVSSpec.of("redis-sentinel", "7.2")
                .withScheduling(new SchedulingSpec(null, null, null, null, Map.of("disktype", "ssd"),
                        tolerations(), affinity(), null)));

        String yaml = Serialization.asYaml(kvs);
        List<Error> errors = schema().validate(yaml, InputFormat.YAML);
        assertThat(errors).as("schema errors for%n%s", yaml).isEmpty();

        ManagedKVS back = Serialization.unmarshal(yaml, ManagedKVS.class);
        assertThat(back.getSpec().scheduling().affinity()).isEqualTo(affinity());
        assertThat(back.getSpec().scheduling().tolerations()).isEqualTo(tolerations());
    }

    @Test
    void theSchemaRefusesWhatKubernetesRefuses() {
        ManagedKVS kvs = new ManagedKVS("apps", "cache", ManagedKVSSpec.of("redis-sentinel", "7.2")
                .withScheduling(new SchedulingSpec(null, null, null, null, null,
                        List.of(new TolerationBuilder().withKey("dedicated").withOperator("Matches").withEffect("NoSchedule").build()),
                        new AffinityBuilder().withNewPodAntiAffinity()
                                .addNewPreferredDuringSchedulingIgnoredDuringExecution().withWeight(101)
                                .withPodAffinityTerm(new PodAffinityTermBuilder().withNewLabelSelector()
                                        .addToMatchLabels("app", "web").endLabelSelector().build())
                                .endPreferredDuringSchedulingIgnoredDuringExecution()
                                .endPodAntiAffinity().build(),
                        null)));

        List<String> locations = schema().validate(Serialization.asYaml(kvs), InputFormat.YAML).stream()
                .map(e -> e.getInstanceLocation().toString() + (e.getProperty() == null ? "" : "/" + e.getProperty()))
                .toList();

        String antiAffinity = "/spec/scheduling/affinity/podAntiAffinity/preferredDuringSchedulingIgnoredDuringExecution/0";
        assertThat(locations).contains(
                "/spec/scheduling/tolerations/0/operator",
                antiAffinity + "/weight",
                antiAffinity + "/podAffinityTerm/topologyKey");
    }

    private static List<Toleration> tolerations() {
        return List.of(
                new TolerationBuilder().withKey("dedicated").withOperator("Equal").withValue("kvs").withEffect("NoSchedule").build(),
                new TolerationBuilder().withKey("node.kubernetes.io/unreachable").withOperator("Exists")
                        .withEffect("NoExecute").withTolerationSeconds(30L).build(),
                new TolerationBuilder().withKey("spot").withValue("true").withEffect("PreferNoSchedule").build(),
                new TolerationBuilder().withOperator("Exists").build());
    }

    private static Affinity affinity() {
        return new AffinityBuilder()
                .withNewNodeAffinity()
                .withNewRequiredDuringSchedulingIgnoredDuringExecution()
                .addNewNodeSelectorTerm()
                .addToMatchExpressions(new NodeSelectorRequirementBuilder().withKey("topology.kubernetes.io/zone")
                        .withOperator("In").withValues("eu-west-1a", "eu-west-1b").build())
                .addToMatchExpressions(new NodeSelectorRequirementBuilder().withKey("example.com/cores")
                        .withOperator("Gt").withValues("8").build())
                .endNodeSelectorTerm()
                .addNewNodeSelectorTerm()
                .addToMatchFields(new NodeSelectorRequirementBuilder().withKey("metadata.name")
                        .withOperator("NotIn").withValues("node-7").build())
                .endNodeSelectorTerm()
                .endRequiredDuringSchedulingIgnoredDuringExecution()
                .addNewPreferredDuringSchedulingIgnoredDuringExecution()
                .withWeight(40)
                .withNewPreference()
                .addToMatchExpressions(new NodeSelectorRequirementBuilder().withKey("example.com/gpu")
                        .withOperator("DoesNotExist").build())
                .endPreference()
                .endPreferredDuringSchedulingIgnoredDuringExecution()
                .endNodeAffinity()
                .withNewPodAffinity()
                .addNewRequiredDuringSchedulingIgnoredDuringExecution()
                .withLabelSelector(new LabelSelectorBuilder().addToMatchLabels("app", "web").build())
                .withNamespaces("frontend")
                .withTopologyKey("topology.kubernetes.io/zone")
                .endRequiredDuringSchedulingIgnoredDuringExecution()
                .endPodAffinity()
                .withNewPodAntiAffinity()
                .addNewPreferredDuringSchedulingIgnoredDuringExecution()
                .withWeight(100)
                .withNewPodAffinityTerm()
                .withLabelSelector(new LabelSelectorBuilder()
                        .addToMatchExpressions(new LabelSelectorRequirementBuilder().withKey("tier")
                                .withOperator("In").withValues("batch", "analytics").build())
                        .addToMatchExpressions(new LabelSelectorRequirementBuilder().withKey("critical")
                                .withOperator("DoesNotExist").build())
                        .build())
                .withNamespaceSelector(new LabelSelectorBuilder().addToMatchLabels("team", "data").build())
                .withMatchLabelKeys("pod-template-hash")
                .withMismatchLabelKeys("tenant")
                .withTopologyKey("kubernetes.io/hostname")
                .endPodAffinityTerm()
                .endPreferredDuringSchedulingIgnoredDuringExecution()
                .endPodAntiAffinity()
                .build();
    }

    /** Every property path under {@code node} with its type; {@code []} stands for array items, {@code {}} for map values. */
    private static void shape(String path, JsonNode node, TreeSet<String> out) {
        out.add(path + ": " + node.path("type").asText("") + (node.path("x-kubernetes-int-or-string").asBoolean() ? " int-or-string" : ""));
        JsonNode properties = node.get("properties");
        if (properties != null) {
            for (Iterator<Map.Entry<String, JsonNode>> it = properties.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> property = it.next();
                shape(path + "." + property.getKey(), property.getValue(), out);
            }
        }
        if (node.get("items") != null) {
            shape(path + "[]", node.get("items"), out);
        }
        if (node.get("additionalProperties") != null && node.get("additionalProperties").isObject()) {
            shape(path + "{}", node.get("additionalProperties"), out);
        }
    }

    private static Schema schema() {
        try {
            String json = new ObjectMapper().writeValueAsString(CrdFiles.schema());
            return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_4).getSchema(json, InputFormat.JSON);
        } catch (IOException e) {
            throw new IllegalStateException("cannot load the CRD schema", e);
        }
    }

    /** A resource that embeds fabric8's types as they are, to see the schema the generator makes of them. */
    @Group("probe.managedkvs.io")
    @Version("v1")
    public static class Probe extends CustomResource<ProbeSpec, Void> {
    }

    public record ProbeSpec(Affinity affinity, List<Toleration> tolerations) {
    }
}
