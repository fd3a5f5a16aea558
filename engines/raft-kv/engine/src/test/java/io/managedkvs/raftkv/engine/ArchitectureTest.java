package io.managedkvs.raftkv.engine;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The layering of the engine, enforced rather than reviewed. */
class ArchitectureTest {

    private final JavaClasses classes = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.managedkvs.raftkv.engine");

    @Test
    void modelValidationAndPlannerArePure() {
        noClasses().that().resideInAnyPackage("..raftkv.engine.model..", "..raftkv.engine.validation..", "..raftkv.engine.actuator..")
                .should().dependOnClassesThat().resideInAnyPackage("io.fabric8.kubernetes.client..", "io.javaoperatorsdk..",
                        "io.grpc..", "com.google.protobuf..", "io.managedkvs.raftkv.proto..", "org.rocksdb..",
                        "io.managedkvs.raftkv.engine.pd..")
                .check(classes);
    }

    @Test
    void thePlacementDriverClientKnowsNoKubernetes() {
        noClasses().that().resideInAnyPackage("..raftkv.engine.pd..", "..raftkv.engine.actuator..")
                .should().dependOnClassesThat().resideInAnyPackage("io.fabric8..")
                .check(classes);
    }

    @Test
    void theEngineNeverTalksToTheKubernetesApi() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("io.fabric8.kubernetes.client..", "io.javaoperatorsdk..", "org.rocksdb..")
                .check(classes);
    }

    @Test
    void theEngineDoesNotKnowTheOperatorOrOtherEngines() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("io.managedkvs.operator..", "io.managedkvs.redis..",
                        "io.managedkvs.raft..", "io.managedkvs.raftkv.store..", "io.managedkvs.raftkv.pd..",
                        "io.managedkvs.scheduler..", "io.managedkvs.cli..", "io.quarkus..", "jakarta.enterprise..", "jakarta.inject..")
                .check(classes);
    }
}
