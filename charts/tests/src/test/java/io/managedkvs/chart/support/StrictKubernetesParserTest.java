package io.managedkvs.chart.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.junit.jupiter.api.Test;

/** The render tests trust this parser to refuse what Kubernetes would not know; this keeps it honest. */
class StrictKubernetesParserTest {

    private static final String DEPLOYMENT = """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: op
            spec:
              selector:
                matchLabels: {app: op}
              template:
                metadata:
                  labels: {app: op}
                spec:
                  containers:
                  - name: op
                    image: example.org/op:1
                    %s
            """;

    @Test
    void aWellFormedDocumentParsesIntoItsModelClass() {
        HasMetadata parsed = StrictKubernetesParser.parse(Yaml.read(DEPLOYMENT.formatted("imagePullPolicy: IfNotPresent")));

        assertThat(parsed.getClass()).isEqualTo(Deployment.class);
        assertThat(((Deployment) parsed).getSpec().getTemplate().getSpec().getContainers().get(0).getImagePullPolicy())
                .isEqualTo("IfNotPresent");
    }

    @Test
    void aMisplacedFieldDeepInTheDocumentIsRefusedByName() {
        // readOnlyRootFilesystem belongs under securityContext: at the container level Kubernetes drops it.
        assertThatIllegalArgumentException()
                .isThrownBy(() -> StrictKubernetesParser.parse(Yaml.read(DEPLOYMENT.formatted("readOnlyRootFilesystem: true"))))
                .withMessageContaining("Deployment op does not parse strictly")
                .withMessageContaining("readOnlyRootFilesystem");
    }

    @Test
    void aKindTheChartShouldNotRenderIsRefused() {
        assertThatThrownBy(() -> StrictKubernetesParser.parse(Yaml.read("apiVersion: batch/v1\nkind: Job\nmetadata: {name: j}\n")))
                .hasMessageContaining("batch/v1 Job");
    }
}
