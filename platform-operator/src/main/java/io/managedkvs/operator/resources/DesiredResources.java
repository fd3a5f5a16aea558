package io.managedkvs.operator.resources;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.managedkvs.api.resource.AuthSpec;
import io.managedkvs.api.resource.Labels;
import io.managedkvs.api.resource.ManagedKVS;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns an engine's desired objects into what the operator applies: checked against the contract
 * (a managed kind, the standard labels, the instance's namespace, unique names), owned by the
 * ManagedKVS through a controller owner reference, stamped with their {@link AppliedHash}, and sorted
 * so that what workloads depend on is applied first.
 */
public final class DesiredResources {

    private DesiredResources() {
    }

    /** The controller owner reference every object of {@code owner} carries. */
    public static OwnerReference ownerReference(ManagedKVS owner) {
        return new OwnerReferenceBuilder()
                .withApiVersion(owner.getApiVersion())
                .withKind(owner.getKind())
                .withName(owner.getMetadata().getName())
                .withUid(owner.getMetadata().getUid())
                .withController(true)
                .withBlockOwnerDeletion(true)
                .build();
    }

    /**
     * Whether {@code object} is the credentials Secret the operator generates for {@code owner}: engines
     * may not ask for it, and it is never pruned.
     */
    public static boolean isGeneratedSecret(HasMetadata object, ManagedKVS owner) {
        return HasMetadata.getKind(Secret.class).equals(object.getKind())
                && HasMetadata.getApiVersion(Secret.class).equals(object.getApiVersion())
                && object.getMetadata().getName().equals(AuthSpec.generatedSecretName(owner.getMetadata().getName()));
    }

    /** Whether {@code object} is controlled by {@code owner} (matched by uid). */
    public static boolean controlledBy(HasMetadata object, ManagedKVS owner) {
        String uid = owner.getMetadata().getUid();
        return object.getMetadata().getOwnerReferences().stream()
                .anyMatch(ref -> Boolean.TRUE.equals(ref.getController()) && uid != null && uid.equals(ref.getUid()));
    }

    /**
     * Prepares {@code desired} (the engine's fresh objects, changed in place) for applying.
     *
     * @throws EngineContractViolation naming the first object that breaks the contract
     */
    public static List<HasMetadata> prepare(ManagedKVS owner, List<HasMetadata> desired) {
        String namespace = owner.getMetadata().getNamespace();
        String instance = owner.getMetadata().getName();
        OwnerReference ownerReference = ownerReference(owner);
        Set<ResourceKey> seen = new HashSet<>();
        List<HasMetadata> out = new ArrayList<>(desired.size());
        for (HasMetadata object : desired) {
            String what = object.getKind() + " " + (object.getMetadata() == null ? "<unnamed>" : object.getMetadata().getName());
            OwnedKind kind = OwnedKinds.of(object)
                    .filter(OwnedKind::applied)
                    .orElseThrow(() -> new EngineContractViolation(what + ": " + object.getApiVersion() + "/" + object.getKind()
                            + " is not a kind the operator manages; managed kinds: " + appliedKindNames()));
            if (object.getMetadata() == null || isBlank(object.getMetadata().getName())) {
                throw new EngineContractViolation(object.getKind() + " without metadata.name");
            }
            String objectNamespace = object.getMetadata().getNamespace();
            if (objectNamespace != null && !objectNamespace.equals(namespace)) {
                throw new EngineContractViolation(what + ": namespace " + objectNamespace + " is not the instance's namespace " + namespace);
            }
            if (!seen.add(ResourceKey.of(object))) {
                throw new EngineContractViolation(what + ": listed twice");
            }
            if (isGeneratedSecret(object, owner)) {
                throw new EngineContractViolation(what + ": the name is reserved for the generated credentials Secret");
            }
            object.getMetadata().setNamespace(namespace);
            object.getMetadata().setLabels(checkedLabels(what, object.getMetadata().getLabels(), instance));
            object.getMetadata().setOwnerReferences(List.of(ownerReference));
            object.getMetadata().setResourceVersion(null);
            object.getMetadata().setManagedFields(null);
            Map<String, String> annotations = new LinkedHashMap<>();
            if (object.getMetadata().getAnnotations() != null) {
                annotations.putAll(object.getMetadata().getAnnotations());
            }
            object.getMetadata().setAnnotations(annotations);
            // The digest leaves its own annotation out, so it can be computed on the final object.
            annotations.put(AppliedHash.ANNOTATION, AppliedHash.of(object));
            out.add(object);
        }
        out.sort(Comparator.<HasMetadata>comparingInt(o -> OwnedKinds.of(o).orElseThrow().applyOrder())
                .thenComparing(HasMetadata::getKind)
                .thenComparing(o -> o.getMetadata().getName()));
        return out;
    }

    private static Map<String, String> checkedLabels(String what, Map<String, String> labels, String instance) {
        Map<String, String> out = new LinkedHashMap<>(labels == null ? Map.of() : labels);
        for (String required : List.of(Labels.NAME, Labels.INSTANCE, Labels.COMPONENT)) {
            if (isBlank(out.get(required))) {
                throw new EngineContractViolation(what + ": label " + required + " is missing");
            }
        }
        if (!instance.equals(out.get(Labels.INSTANCE))) {
            throw new EngineContractViolation(what + ": label " + Labels.INSTANCE + " is '" + out.get(Labels.INSTANCE)
                    + "', expected '" + instance + "'");
        }
        String managedBy = out.putIfAbsent(Labels.MANAGED_BY, Labels.MANAGED_BY_VALUE);
        if (managedBy != null && !managedBy.equals(Labels.MANAGED_BY_VALUE)) {
            throw new EngineContractViolation(what + ": label " + Labels.MANAGED_BY + " is '" + managedBy
                    + "', expected '" + Labels.MANAGED_BY_VALUE + "'");
        }
        return out;
    }

    private static String appliedKindNames() {
        return String.join(", ", OwnedKinds.applied().stream().map(OwnedKind::kind).toList());
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}
