package io.managedkvs.scheduler.policy;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The placement policy is pure: it reads a snapshot and decides, and knows no client, server or framework. */
class PolicyLayeringTest {

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.managedkvs.scheduler");

    @Test
    void thePolicyDependsOnNoClientFrameworkOrWireFormat() {
        noClasses().that().resideInAPackage("io.managedkvs.scheduler.policy..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "io.fabric8..", "io.quarkus..", "jakarta..", "io.vertx..", "com.fasterxml..",
                        "io.micrometer..", "org.eclipse.microprofile..",
                        "io.managedkvs.scheduler.cache..", "io.managedkvs.scheduler.http..",
                        "io.managedkvs.scheduler.metrics..")
                .check(MAIN);
    }

    @Test
    void onlyTheCachePackageTalksToKubernetes() {
        noClasses().that().resideInAnyPackage("io.managedkvs.scheduler.http..", "io.managedkvs.scheduler.metrics..")
                .should().dependOnClassesThat().resideInAPackage("io.fabric8.kubernetes.client..")
                .check(MAIN);
    }
}
