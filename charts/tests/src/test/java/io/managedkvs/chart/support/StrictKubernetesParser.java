package io.managedkvs.chart.support;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.BeanDeserializerBuilder;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.openshift.api.model.monitoring.v1.PodMonitor;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Parses a rendered document into its fabric8 model class and fails on any field the class does not
 * know. fabric8's classes collect unknown fields in {@code additionalProperties} (an any-setter), which
 * would hide a misspelt or misplaced field; this mapper removes the any-setters, so Jackson's
 * FAIL_ON_UNKNOWN_PROPERTIES applies at every level. ServiceMonitor and PodMonitor come from fabric8's
 * model of the Prometheus Operator's monitoring.coreos.com/v1 API.
 */
public final class StrictKubernetesParser {

    /** Every kind the chart may render; a kind not listed here fails the parse. */
    private static final Map<String, Class<? extends HasMetadata>> KINDS = List.of(
                    ConfigMap.class, Service.class, ServiceAccount.class, Deployment.class, PodDisruptionBudget.class,
                    ClusterRole.class, ClusterRoleBinding.class, Role.class, RoleBinding.class,
                    ServiceMonitor.class, PodMonitor.class).stream()
            .collect(Collectors.toMap(StrictKubernetesParser::key, Function.identity()));

    private static final ObjectMapper MAPPER = strictMapper();

    private StrictKubernetesParser() {
    }

    public static HasMetadata parse(JsonNode document) {
        String apiVersion = document.path("apiVersion").asText();
        String kind = document.path("kind").asText();
        Class<? extends HasMetadata> type = KINDS.get(apiVersion + "/" + kind);
        if (type == null) {
            throw new IllegalArgumentException("the chart renders " + apiVersion + " " + kind
                    + ", which the strict parser does not know: add its model class to StrictKubernetesParser");
        }
        try {
            return MAPPER.treeToValue(document, type);
        } catch (Exception e) {
            throw new IllegalArgumentException(kind + " " + document.path("metadata").path("name").asText()
                    + " does not parse strictly: " + e.getMessage(), e);
        }
    }

    private static String key(Class<? extends HasMetadata> type) {
        return HasMetadata.getApiVersion(type) + "/" + HasMetadata.getKind(type);
    }

    private static ObjectMapper strictMapper() {
        SimpleModule noAnySetters = new SimpleModule("strict-kubernetes-model");
        noAnySetters.setDeserializerModifier(new BeanDeserializerModifier() {
            @Override
            public BeanDeserializerBuilder updateBuilder(DeserializationConfig config, BeanDescription description,
                                                         BeanDeserializerBuilder builder) {
                if (description.getBeanClass().getName().startsWith("io.fabric8.")) {
                    builder.setAnySetter(null);
                }
                return builder;
            }
        });
        return new ObjectMapper()
                .registerModule(noAnySetters)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);
    }
}
