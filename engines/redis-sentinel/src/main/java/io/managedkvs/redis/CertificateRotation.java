package io.managedkvs.redis;

import io.managedkvs.api.engine.ClusterChange;
import io.managedkvs.api.engine.ClusterView;
import io.managedkvs.api.engine.Member;
import io.managedkvs.api.engine.ResourceRef;
import io.managedkvs.redis.actuator.Endpoint;
import io.managedkvs.redis.actuator.RedisClients;
import io.managedkvs.redis.actuator.TlsReload;
import io.managedkvs.redis.actuator.TlsRotation;
import io.managedkvs.redis.model.RedisNames;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries a rotated Secret into running members without a failover (docs/decisions/0015-redis-tls.md):
 * each redis member that serves an older certificate reloads its files in place; once none does,
 * Sentinels that still serve one are restarted, one per reconcile and only while every Sentinel is
 * ready, so that a majority always stays. A reload before the kubelet has written the new files
 * changes nothing and is asked again on the next reconcile.
 */
final class CertificateRotation {

    private static final Logger LOG = LoggerFactory.getLogger(CertificateRotation.class);

    private final RedisClients clients;
    private final ResourceRef ref;

    CertificateRotation(RedisClients clients, ResourceRef ref) {
        this.clients = clients;
        this.ref = ref;
    }

    List<ClusterChange> act(TlsRotation rotation, ClusterView view) {
        if (rotation.done() || clients.tls().isEmpty()) {
            return List.of();
        }
        TlsReload reload = new TlsReload(clients);
        for (Endpoint member : rotation.membersBehind()) {
            try {
                reload.reload(member);
                LOG.info("ManagedKVS({}) {} reloaded its certificate files", ref, member.name());
            } catch (RuntimeException e) {
                LOG.warn("ManagedKVS({}) {} could not reload its certificate files, it keeps the old ones: {}", ref, member.name(),
                        clients.scrub(e.getMessage()));
            }
        }
        if (!rotation.membersBehind().isEmpty() || rotation.sentinelsBehind().isEmpty() || !sentinelsAllReady(view)) {
            return List.of();
        }
        List<ClusterChange> out = new ArrayList<>();
        String sentinel = rotation.sentinelsBehind().get(0).name();
        out.add(new ClusterChange.RestartMember(sentinel,
                "serves a certificate older than spec.tls's Secret, and Sentinel cannot reload certificates in place"));
        return out;
    }

    private static boolean sentinelsAllReady(ClusterView view) {
        List<Member> sentinels = view.members(RedisNames.COMPONENT_SENTINEL);
        boolean podsReady = !sentinels.isEmpty() && sentinels.stream().allMatch(m -> m.ready() && !m.terminating());
        return podsReady && view.workload(RedisNames.COMPONENT_SENTINEL).map(w -> w.readyReplicas() >= w.desiredReplicas()).orElse(false);
    }
}
