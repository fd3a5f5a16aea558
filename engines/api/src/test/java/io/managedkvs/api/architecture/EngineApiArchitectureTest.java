package io.managedkvs.api.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.base.DescribedPredicate;

/**
 * The engine API is the bottom of the dependency graph: it knows the Kubernetes model and nothing
 * that talks to a cluster, runs an operator or reaches a data plane.
 */
@AnalyzeClasses(packages = "io.managedkvs.api", importOptions = ImportOption.DoNotIncludeTests.class)
class EngineApiArchitectureTest {

    /** CustomResource is the one client-API class the resource model may use: the CRD generator needs it. */
    private static final DescribedPredicate<JavaClass> KUBERNETES_CLIENT = new DescribedPredicate<>("the Kubernetes client (other than CustomResource)") {
        @Override
        public boolean test(JavaClass c) {
            return c.getPackageName().startsWith("io.fabric8.kubernetes.client")
                    && !c.getName().equals("io.fabric8.kubernetes.client.CustomResource");
        }
    };

    @ArchTest
    static final ArchRule noKubernetesClient = noClasses().should().dependOnClassesThat(KUBERNETES_CLIENT);

    @ArchTest
    static final ArchRule noOperatorFrameworkOrQuarkus = noClasses().should().dependOnClassesThat()
            .resideInAnyPackage("io.javaoperatorsdk..", "io.quarkus..", "io.quarkiverse..", "jakarta.enterprise..", "jakarta.inject..");

    @ArchTest
    static final ArchRule noDataPlaneLibraries = noClasses().should().dependOnClassesThat()
            .resideInAnyPackage("redis.clients..", "io.grpc..", "org.rocksdb..", "io.micrometer..");

    @ArchTest
    static final ArchRule noOtherManagedKvsModule = noClasses().should().dependOnClassesThat()
            .resideInAnyPackage("io.managedkvs.operator..", "io.managedkvs.redis..", "io.managedkvs.raft..",
                    "io.managedkvs.raftkv..", "io.managedkvs.scheduler..", "io.managedkvs.cli..");
}
