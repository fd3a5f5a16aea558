/**
 * The schema, with descriptions and validation, of the standard Kubernetes types the spec embeds
 * (affinity and tolerations of the member pods).
 *
 * <p>The spec itself keeps fabric8's model types for these fields, because engines copy them
 * straight into pod templates. fabric8's types carry no documentation, so the CRD would show
 * {@code kubectl explain} users nothing below {@code spec.scheduling.affinity}. The records here have
 * the same JSON shape as those types, field for field, and the CRD generator takes the schema of
 * those fields from them ({@code @SchemaFrom}). They are never instantiated.
 * {@code EmbeddedKubernetesTypesTest} keeps the shapes in step when fabric8 gains a field.
 */
package io.managedkvs.api.resource.schema;
