package io.managedkvs.api.crd;

import io.fabric8.crdv2.generator.CRDGenerationInfo;
import io.fabric8.crdv2.generator.CRDGenerator;
import io.fabric8.crdv2.generator.CRDPostProcessor;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.managedkvs.api.resource.ManagedKVS;
import io.managedkvs.api.resource.ManagedKVSBackup;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes the ManagedKVS and ManagedKVSBackup CRDs, generated from the resource classes by fabric8's CRD generator, into the
 * directory given as the only argument. The build runs it (exec-maven-plugin, phase
 * process-test-classes) and {@link CrdDriftTest} compares its output with {@code crds/}.
 *
 * <p>It calls the generator itself, rather than through crd-generator-maven-plugin, because the
 * plugin offers no way to add post-processors and the generator gets two things wrong that ours put
 * right: {@link PrinterColumnOrder} and {@link IntOrStringPatterns}.
 */
public final class GenerateCrd {

    private GenerateCrd() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: GenerateCrd <output directory>");
        }
        File outputDirectory = new File(args[0]);
        Files.createDirectories(outputDirectory.toPath());
        CRDGenerationInfo info = generate(outputDirectory);
        for (String crd : new String[] {ManagedKVS.CRD_NAME, ManagedKVSBackup.CRD_NAME}) {
            Path written = Path.of(info.getCRDDetailsPerNameAndVersion().get(crd).get("v1").getFilePath());
            if (!Files.isRegularFile(written)) {
                throw new IllegalStateException("the CRD generator did not write " + written);
            }
        }
    }

    /** Generates the CRD into {@code outputDirectory}, as {@code <plural>.<group>-v1.yml}. */
    static CRDGenerationInfo generate(File outputDirectory) {
        return new CRDGenerator()
                .customResourceClasses(ManagedKVS.class, ManagedKVSBackup.class)
                .forCRDVersions("v1")
                .withPostProcessor(new PostProcessors())
                .inOutputDir(outputDirectory)
                .detailedGenerate();
    }

    /** Applies each v1 post-processor in turn. */
    private record PostProcessors() implements CRDPostProcessor {
        @Override
        public HasMetadata process(HasMetadata crd, String crdSpecVersion) {
            if (crd instanceof CustomResourceDefinition v1) {
                Class<?> resource = v1.getMetadata().getName().equals(ManagedKVSBackup.CRD_NAME) ? ManagedKVSBackup.class : ManagedKVS.class;
                new PrinterColumnOrder(resource).apply(v1);
                new IntOrStringPatterns().apply(v1, resource);
            }
            return crd;
        }
    }
}
