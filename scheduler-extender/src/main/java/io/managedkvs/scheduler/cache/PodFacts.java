package io.managedkvs.scheduler.cache;

import io.managedkvs.scheduler.policy.GroupKey;

/**
 * What the cache keeps of a pod of a managed instance.
 *
 * @param podKey   {@code namespace/name}
 * @param group    the group it is a member of, or null when its labels do not make it one
 * @param nodeName the node it is bound to, or null while it waits
 * @param active   false once it is terminating or has terminated: it no longer holds its place
 */
public record PodFacts(String podKey, GroupKey group, String nodeName, boolean active) {
}
