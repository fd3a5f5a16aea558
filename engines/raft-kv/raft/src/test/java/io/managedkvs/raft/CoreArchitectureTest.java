package io.managedkvs.raft;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The core stays a pure state machine: no gRPC, RocksDB or Kubernetes, no threads, clocks,
 * randomness from the platform, or file and network I/O. That is what makes it simulatable.
 */
class CoreArchitectureTest {

    private static final JavaClasses CORE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.managedkvs.raft");

    @Test
    void importsNoInfrastructure() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage(
                        "io.grpc..", "org.rocksdb..", "io.fabric8..", "io.kubernetes..", "io.javaoperatorsdk..",
                        "io.netty..", "io.managedkvs.api..")
                .check(CORE);
    }

    @Test
    void usesNoThreadsOrClocks() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("java.util.concurrent..", "java.time..")
                .orShould().dependOnClassesThat().areAssignableTo(Thread.class)
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.util.Random")
                .orShould().callMethod(System.class, "currentTimeMillis")
                .orShould().callMethod(System.class, "nanoTime")
                .orShould().callMethod(Math.class, "random")
                .check(CORE);
    }

    @Test
    void doesNoFileOrNetworkIo() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("java.io..", "java.nio.file..", "java.nio.channels..", "java.net..")
                .check(CORE);
    }
}
