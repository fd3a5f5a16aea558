package io.managedkvs.api.crd;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.managedkvs.api.crd.CelRules.Violation;
import io.managedkvs.api.resource.ComputeResources;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The CEL rules of the checked-in CRD compile and do what they promise, evaluated as the API server would. */
class CrdCelRulesTest {

    private final CelRules rules = new CelRules(CrdFiles.schema());

    @Test
    void everyRuleAndMessageExpressionCompiles() {
        // spec.engine's rule, spec.restore's, spec.tls's, raft-kv's two (stores for the replication factor, a fixed placement
        // driver size), and a rule with a message expression on each of the eight requests and limits.
        assertThat(rules.compileAll()).isEqualTo(1 + 1 + 1 + 2 + 8 * 2);
    }

    @Test
    void raftKvNeedsAStoreForEveryCopyAndKeepsItsPlacementDriverSize() {
        JsonNode tooFew = CrdFiles.parse("""
                spec: {engine: raft-kv, version: "1.0", raftKv: {replicationFactor: 5}}
                """);
        assertThat(rules.onCreate(tooFew)).extracting(Violation::field).containsExactly("spec.replicas");
        JsonNode enough = CrdFiles.parse("""
                spec: {engine: raft-kv, version: "1.0", replicas: 5, raftKv: {replicationFactor: 5}}
                """);
        assertThat(rules.onCreate(enough)).isEmpty();

        JsonNode three = CrdFiles.parse("""
                spec: {engine: raft-kv, version: "1.0", raftKv: {placementDriver: {replicas: 3}}}
                """);
        JsonNode five = CrdFiles.parse("""
                spec: {engine: raft-kv, version: "1.0", raftKv: {placementDriver: {replicas: 5}}}
                """);
        assertThat(rules.onUpdate(three, five)).extracting(Violation::field).containsExactly("spec.raftKv.placementDriver.replicas");
        assertThat(rules.onUpdate(three, three)).isEmpty();
    }

    @Test
    void unknownResourceNamesAreRefusedByName() {
        JsonNode kvs = CrdFiles.parse("""
                spec:
                  engine: redis-sentinel
                  version: "7.2"
                  resources: {requests: {cpu: 1, memory: 1Gi}, limits: {gpu: "1", memory: 2Gi}}
                  redis: {sentinel: {resources: {requests: {hugepages-2Mi: 64Mi}}}}
                """);

        assertThat(rules.onCreate(kvs)).containsExactlyInAnyOrder(
                new Violation("spec.resources.limits", "unknown resource gpu; use cpu, memory or ephemeral-storage"),
                new Violation("spec.redis.sentinel.resources.requests", "unknown resource hugepages-2Mi; use cpu, memory or ephemeral-storage"));
    }

    @Test
    void theNamesTheOperatorAcceptsPassEverywhere() {
        ObjectNode all = JsonNodeFactory.instance.objectNode();
        ComputeResources.RESOURCE_NAMES.forEach(name -> all.put(name, "1"));
        assertThat(all.size()).isEqualTo(3);
        JsonNode kvs = CrdFiles.parse("""
                spec:
                  engine: raft-kv
                  version: "1.0"
                  resources: {limits: {}}
                  monitoring: {exporterResources: {}}
                  redis: {sentinel: {resources: {}}}
                  raftKv: {placementDriver: {resources: {}}}
                """);
        for (String block : List.of("/spec/resources", "/spec/monitoring/exporterResources",
                "/spec/redis/sentinel/resources", "/spec/raftKv/placementDriver/resources")) {
            ((ObjectNode) kvs.at(block)).set("requests", all.deepCopy());
            ((ObjectNode) kvs.at(block)).set("limits", all.deepCopy());
        }

        assertThat(rules.onCreate(kvs)).isEmpty();
    }

    @Test
    void theEngineCannotChangeOnceCreated() {
        JsonNode redis = CrdFiles.parse("spec: {engine: redis-sentinel, version: \"7.2\"}");
        JsonNode redisUpgraded = CrdFiles.parse("spec: {engine: redis-sentinel, version: \"7.4\"}");
        JsonNode raft = CrdFiles.parse("spec: {engine: raft-kv, version: \"1.0\"}");

        assertThat(rules.onCreate(raft)).as("a new resource has no old engine").isEmpty();
        assertThat(rules.onUpdate(redis, redisUpgraded)).as("other fields may change").isEmpty();
        assertThat(rules.onUpdate(redis, raft)).singleElement().satisfies(v -> {
            assertThat(v.field()).isEqualTo("spec.engine");
            assertThat(v.message()).contains("spec.engine is immutable");
        });
    }

    @Test
    void aRestoreCanOnlyBeSetAtCreation() {
        JsonNode plain = CrdFiles.parse("spec: {engine: redis-sentinel, version: \"7.2\"}");
        JsonNode restoring = CrdFiles.parse("""
                spec:
                  engine: redis-sentinel
                  version: "7.2"
                  restore: {backupName: cache-1, source: {persistentVolumeClaim: backups}}
                """);
        JsonNode otherBackup = CrdFiles.parse("""
                spec:
                  engine: redis-sentinel
                  version: "7.4"
                  restore: {backupName: cache-2, source: {persistentVolumeClaim: backups}}
                """);

        assertThat(rules.onCreate(restoring)).isEmpty();
        assertThat(rules.onUpdate(restoring, restoring)).isEmpty();
        assertThat(rules.onUpdate(plain, restoring)).singleElement().satisfies(v -> {
            assertThat(v.field()).isEqualTo("spec");
            assertThat(v.message()).contains("spec.restore can only be set when the instance is created");
        });
        assertThat(rules.onUpdate(restoring, otherBackup)).hasSize(1);
        assertThat(rules.onUpdate(restoring, plain)).hasSize(1);
    }

    @Test
    void tlsCannotBeTurnedOnOrOffOnceCreated() {
        JsonNode plain = CrdFiles.parse("spec: {engine: redis-sentinel, version: \"7.2\"}");
        JsonNode off = CrdFiles.parse("spec: {engine: redis-sentinel, version: \"7.2\", tls: {enabled: false, secretName: cache-tls}}");
        JsonNode on = CrdFiles.parse("spec: {engine: redis-sentinel, version: \"7.2\", tls: {enabled: true, secretName: cache-tls}}");
        JsonNode onOtherSecret = CrdFiles.parse("spec: {engine: redis-sentinel, version: \"7.4\", tls: {enabled: true, secretName: new-tls}}");
        JsonNode raftPlain = CrdFiles.parse("spec: {engine: raft-kv, version: \"1.0\"}");
        JsonNode raftOn = CrdFiles.parse("spec: {engine: raft-kv, version: \"1.0\", tls: {enabled: true, secretName: kv-tls}}");

        assertThat(rules.onCreate(on)).isEmpty();
        assertThat(rules.onUpdate(plain, off)).as("enabled: false is still off").isEmpty();
        assertThat(rules.onUpdate(on, onOtherSecret)).as("another Secret, TLS still on").isEmpty();
        for (JsonNode[] change : List.of(new JsonNode[] {plain, on}, new JsonNode[] {off, on}, new JsonNode[] {on, plain},
                new JsonNode[] {on, off}, new JsonNode[] {raftPlain, raftOn}, new JsonNode[] {raftOn, raftPlain})) {
            assertThat(rules.onUpdate(change[0], change[1])).singleElement().satisfies(v -> {
                assertThat(v.field()).isEqualTo("spec.tls");
                assertThat(v.message()).contains("spec.tls.enabled is fixed when the instance is created");
            });
        }
    }
}
