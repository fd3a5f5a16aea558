package io.managedkvs.operator.resources;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;

/**
 * A Kubernetes kind the operator watches and writes for its instances.
 *
 * @param type       the fabric8 model class
 * @param apiGroup   the API group, empty for the core group
 * @param resource   the plural resource name, as RBAC rules name it
 * @param applyOrder where objects of this kind come when applied: lower first, so that what workloads
 *                   mount or select (ConfigMaps, Secrets, Services) exists before the workloads
 * @param usage      what the operator does with objects of this kind
 */
public record OwnedKind(Class<? extends HasMetadata> type, String apiGroup, String resource, int applyOrder, Usage usage) {

    /**
     * What the operator does with a kind; each implies the RBAC verbs it needs. Reads go through the
     * informers (list, watch), so {@code get} is granted only where the operator reads an object directly.
     */
    public enum Usage {
        /** Applied from the engine's desired resources, and pruned when no longer desired. */
        APPLIED_AND_PRUNED(true, List.of("list", "watch", "create", "patch", "delete")),
        /**
         * Applied and pruned like the others, and also read directly by name: Secrets a user names for
         * credentials carry none of the platform's labels, so no informer holds them.
         */
        APPLIED_PRUNED_AND_READ(true, List.of("get", "list", "watch", "create", "patch", "delete")),
        /** Only observed and changed in place (labels) or deleted to restart: pods, which workloads create. */
        OBSERVED_AND_PATCHED(false, List.of("list", "watch", "patch", "delete"));

        private final boolean applied;
        private final List<String> verbs;

        Usage(boolean applied, List<String> verbs) {
            this.applied = applied;
            this.verbs = verbs;
        }

        public List<String> verbs() {
            return verbs;
        }
    }

    public String kind() {
        return HasMetadata.getKind(type);
    }

    public String apiVersion() {
        return HasMetadata.getApiVersion(type);
    }

    public boolean applied() {
        return usage.applied;
    }

    public List<String> verbs() {
        return usage.verbs();
    }
}
