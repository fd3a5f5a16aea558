package io.managedkvs.redis;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The layering of the engine, enforced rather than reviewed. */
class ArchitectureTest {

    private final JavaClasses classes = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.managedkvs.redis");

    @Test
    void modelConfigAndValidationArePure() {
        noClasses().that().resideInAnyPackage("..redis.model..", "..redis.config..", "..redis.validation..")
                .should().dependOnClassesThat().resideInAnyPackage("io.fabric8.kubernetes.client..", "redis.clients..",
                        "io.javaoperatorsdk..", "io.managedkvs.redis.actuator..", "io.managedkvs.redis.local..")
                .check(classes);
    }

    @Test
    void theActuatorAndLocalRunWithoutKubernetes() {
        noClasses().that().resideInAnyPackage("..redis.actuator..", "..redis.local..")
                .should().dependOnClassesThat().resideInAnyPackage("io.fabric8..", "io.javaoperatorsdk..", "io.managedkvs.redis.model..")
                .check(classes);
    }

    @Test
    void theEngineNeverTalksToTheKubernetesApi() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("io.fabric8.kubernetes.client..", "io.javaoperatorsdk..")
                .check(classes);
    }

    @Test
    void theEngineDoesNotKnowTheOperatorOrOtherEngines() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("io.managedkvs.operator..", "io.managedkvs.raft..",
                        "io.managedkvs.scheduler..", "io.managedkvs.cli..", "io.quarkus..", "jakarta.enterprise..", "jakarta.inject..")
                .check(classes);
    }
}
