package io.managedkvs.scheduler.cache;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.ReducedStateItemStore;
import io.managedkvs.api.resource.Labels;
import io.managedkvs.scheduler.policy.MemberClassifier;
import io.managedkvs.scheduler.policy.Zones;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Watches the pods of managed instances (by the platform's managed-by label, in every namespace) and all
 * nodes, and keeps {@link PlacementCache} up to date. The informers' own stores keep only the fields the
 * extender reads, so thousands of pods and nodes cost little memory.
 */
public final class ClusterInformers implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ClusterInformers.class);

    private final KubernetesClient client;
    private final PlacementCache cache;
    private SharedIndexInformer<Pod> pods;
    private SharedIndexInformer<Node> nodes;

    /** Nodes' zones are kept by the cache's default zone key ({@link PlacementCache#zoneKey()}). */
    public ClusterInformers(KubernetesClient client, PlacementCache cache) {
        this.client = client;
        this.cache = cache;
    }

    /** Starts both informers without waiting for them to sync; see {@link #synced()}. */
    public synchronized void start() {
        if (pods != null) {
            return;
        }
        nodes = client.nodes().runnableInformer(0);
        nodes.itemStore(new ReducedStateItemStore<>(ReducedStateItemStore.NAME_KEY_STATE, Node.class,
                client.getKubernetesSerialization(), "metadata.labels", "spec.unschedulable", "status.conditions"));
        nodes.addEventHandler(new NodeHandler());
        pods = client.pods().inAnyNamespace().withLabel(Labels.MANAGED_BY, Labels.MANAGED_BY_VALUE).runnableInformer(0);
        pods.itemStore(new ReducedStateItemStore<>(ReducedStateItemStore.NAME_KEY_STATE, Pod.class,
                client.getKubernetesSerialization(), "metadata.labels", "metadata.deletionTimestamp",
                "spec.nodeName", "status.phase"));
        pods.addEventHandler(new PodHandler());
        nodes.start().whenComplete((v, e) -> logStart("nodes", e));
        pods.start().whenComplete((v, e) -> logStart("pods", e));
    }

    /** Whether both informers have listed once: until then the cache does not know the cluster. */
    public boolean synced() {
        SharedIndexInformer<Pod> p = pods;
        SharedIndexInformer<Node> n = nodes;
        return p != null && n != null && p.hasSynced() && n.hasSynced();
    }

    @Override
    public synchronized void close() {
        if (pods != null) {
            pods.close();
            nodes.close();
        }
    }

    static PodFacts factsOf(Pod pod) {
        String namespace = pod.getMetadata().getNamespace();
        String key = MemberClassifier.podKey(namespace, pod.getMetadata().getName());
        String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
        boolean active = pod.getMetadata().getDeletionTimestamp() == null
                && !"Succeeded".equals(phase) && !"Failed".equals(phase);
        String node = pod.getSpec() == null ? null : blankToNull(pod.getSpec().getNodeName());
        return new PodFacts(key, MemberClassifier.groupOf(namespace, pod.getMetadata().getLabels()), node, active);
    }

    static NodeFacts factsOf(Node node, String zoneLabel) {
        String name = node.getMetadata().getName();
        Map<String, String> labels = node.getMetadata().getLabels();
        String zone = Zones.of(labels == null ? null : labels.get(zoneLabel), name);
        boolean cordoned = node.getSpec() != null && Boolean.TRUE.equals(node.getSpec().getUnschedulable());
        boolean notReady = false;
        if (node.getStatus() != null && node.getStatus().getConditions() != null) {
            for (NodeCondition c : node.getStatus().getConditions()) {
                if ("Ready".equals(c.getType()) && !"True".equals(c.getStatus())) {
                    notReady = true;
                }
            }
        }
        return new NodeFacts(name, zone, !cordoned && !notReady, labels);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    private void logStart(String what, Throwable error) {
        if (error != null) {
            LOG.errorf(error, "The %s informer failed to start; the extender stays unready and passes every pod through", what);
        } else {
            LOG.infof("The %s informer has synced", what);
        }
    }

    private final class PodHandler implements ResourceEventHandler<Pod> {
        @Override
        public void onAdd(Pod pod) {
            cache.applyPod(factsOf(pod));
        }

        @Override
        public void onUpdate(Pod oldPod, Pod pod) {
            cache.applyPod(factsOf(pod));
        }

        @Override
        public void onDelete(Pod pod, boolean finalStateUnknown) {
            cache.removePod(MemberClassifier.podKey(pod.getMetadata().getNamespace(), pod.getMetadata().getName()));
        }
    }

    private final class NodeHandler implements ResourceEventHandler<Node> {
        @Override
        public void onAdd(Node node) {
            cache.applyNode(factsOf(node, cache.zoneKey()));
        }

        @Override
        public void onUpdate(Node oldNode, Node node) {
            cache.applyNode(factsOf(node, cache.zoneKey()));
        }

        @Override
        public void onDelete(Node node, boolean finalStateUnknown) {
            cache.removeNode(node.getMetadata().getName());
        }
    }
}
