package io.managedkvs.api.crd;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import java.lang.reflect.AnnotatedParameterizedType;
import java.lang.reflect.AnnotatedType;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.List;
import java.util.Map;

/**
 * Writes a type-use {@code @Pattern} on the values of a map or list of quantities (for example
 * {@code Map<String, @Pattern(...) Quantity>}) into the CRD. fabric8's generator (7.5) applies such a
 * pattern only where the value's schema has type string; a quantity's schema is int-or-string, which
 * has no type, so the generator drops the pattern. Kubernetes accepts a pattern beside
 * {@code x-kubernetes-int-or-string} (strings must match it, integers pass), which is also how
 * Kubernetes' own tooling describes resource lists.
 *
 * <p>It walks the resource's record classes beside their schema. A field whose schema comes from
 * another type ({@code @SchemaFrom}) is left as the generator wrote it.
 */
final class IntOrStringPatterns {

    void apply(CustomResourceDefinition crd, Class<?> resourceClass) {
        for (CustomResourceDefinitionVersion version : crd.getSpec().getVersions()) {
            Map<String, JSONSchemaProps> top = version.getSchema().getOpenAPIV3Schema().getProperties();
            walkObject(returnType(resourceClass, "getSpec"), top.get("spec"));
            walkObject(returnType(resourceClass, "getStatus"), top.get("status"));
        }
    }

    private void walkObject(Class<?> type, JSONSchemaProps schema) {
        if (!type.isRecord() || schema == null || schema.getProperties() == null) {
            return;
        }
        for (RecordComponent component : type.getRecordComponents()) {
            JSONSchemaProps property = schema.getProperties().get(jsonName(component));
            if (property != null && !hasSchemaFrom(type, component)) {
                walkValue(component.getAnnotatedType(), property);
            }
        }
    }

    private void walkValue(AnnotatedType type, JSONSchemaProps schema) {
        Class<?> raw = rawClass(type.getType());
        if (Map.class.isAssignableFrom(raw) && type instanceof AnnotatedParameterizedType map) {
            if (schema.getAdditionalProperties() != null && schema.getAdditionalProperties().getSchema() != null) {
                walkElement(map.getAnnotatedActualTypeArguments()[1], schema.getAdditionalProperties().getSchema());
            }
        } else if (List.class.isAssignableFrom(raw) && type instanceof AnnotatedParameterizedType list) {
            if (schema.getItems() != null && schema.getItems().getSchema() != null) {
                walkElement(list.getAnnotatedActualTypeArguments()[0], schema.getItems().getSchema());
            }
        } else {
            walkObject(raw, schema);
        }
    }

    private void walkElement(AnnotatedType element, JSONSchemaProps schema) {
        Pattern pattern = element.getAnnotation(Pattern.class);
        if (pattern != null && Boolean.TRUE.equals(schema.getXKubernetesIntOrString()) && schema.getPattern() == null) {
            schema.setPattern(pattern.value());
        }
        walkValue(element, schema);
    }

    private static String jsonName(RecordComponent component) {
        JsonProperty property = component.getAccessor().getAnnotation(JsonProperty.class);
        return property != null && !property.value().isEmpty() ? property.value() : component.getName();
    }

    private static boolean hasSchemaFrom(Class<?> type, RecordComponent component) {
        try {
            return type.getDeclaredField(component.getName()).isAnnotationPresent(SchemaFrom.class);
        } catch (NoSuchFieldException e) {
            throw new IllegalStateException("record " + type.getName() + " has no field for component " + component.getName(), e);
        }
    }

    private static Class<?> rawClass(Type type) {
        if (type instanceof Class<?> c) {
            return c;
        }
        if (type instanceof ParameterizedType p) {
            return (Class<?>) p.getRawType();
        }
        return Object.class;
    }

    private static Class<?> returnType(Class<?> resourceClass, String getter) {
        try {
            return resourceClass.getMethod(getter).getReturnType();
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(resourceClass.getName() + " has no " + getter, e);
        }
    }
}
