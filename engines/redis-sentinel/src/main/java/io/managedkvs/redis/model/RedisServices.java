package io.managedkvs.redis.model;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import io.managedkvs.api.resource.ExposeSpec;
import io.managedkvs.api.resource.Labels;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Services of an instance. The read-write Service selects the pod labelled
 * {@code managedkvs.io/role=primary}; the actuator moves that label when Sentinel fails over.
 */
final class RedisServices {

    private final RedisNames names;

    RedisServices(RedisNames names) {
        this.names = names;
    }

    List<Service> all(ExposeSpec expose) {
        List<Service> out = new ArrayList<>(List.of(
                clusterIp(names.readWriteService(), roleSelector(Labels.ROLE_PRIMARY), redisPort()),
                clusterIp(names.readOnlyService(), roleSelector(Labels.ROLE_REPLICA), redisPort()),
                clusterIp(names.sentinelService(), selector(RedisNames.COMPONENT_SENTINEL), sentinelPort()),
                headless(names.redisHeadlessService(), RedisNames.COMPONENT_REDIS, redisPort()),
                headless(names.sentinelHeadlessService(), RedisNames.COMPONENT_SENTINEL, sentinelPort())));
        if (expose != null && expose.exposesExternally()) {
            out.add(external(expose));
        }
        return out;
    }

    Map<String, String> roleSelector(String role) {
        Map<String, String> selector = selector(RedisNames.COMPONENT_REDIS);
        selector.put(Labels.ROLE, role);
        return selector;
    }

    private Map<String, String> selector(String component) {
        return new LinkedHashMap<>(Labels.selector(RedisNames.ENGINE, names.instance(), component));
    }

    private Service clusterIp(String name, Map<String, String> selector, ServicePort port) {
        return new ServiceBuilder()
                .withNewMetadata().withName(name).withNamespace(names.namespace()).withLabels(labels(selector)).endMetadata()
                .withNewSpec().withType("ClusterIP").withSelector(selector).withPorts(port).endSpec()
                .build();
    }

    /** Peers find each other by DNS before they are ready: a replica must reach its primary to become ready. */
    private Service headless(String name, String component, ServicePort port) {
        return new ServiceBuilder()
                .withNewMetadata().withName(name).withNamespace(names.namespace())
                .withLabels(Labels.of(RedisNames.ENGINE, names.instance(), component)).endMetadata()
                .withNewSpec().withClusterIP("None").withPublishNotReadyAddresses(true)
                .withSelector(selector(component)).withPorts(port).endSpec()
                .build();
    }

    private Service external(ExposeSpec expose) {
        Map<String, String> selector = roleSelector(Labels.ROLE_PRIMARY);
        ServicePort port = redisPort();
        if (expose.effectiveType() == ExposeSpec.ExposeType.NodePort && expose.nodePort() != null) {
            port = new ServicePortBuilder(port).withNodePort(expose.nodePort()).build();
        }
        return new ServiceBuilder()
                .withNewMetadata().withName(names.externalService()).withNamespace(names.namespace())
                .withLabels(labels(selector))
                .withAnnotations(expose.annotations().isEmpty() ? null : new LinkedHashMap<>(expose.annotations()))
                .endMetadata()
                .withNewSpec()
                .withType(expose.effectiveType().name())
                .withSelector(selector)
                .withPorts(port)
                .withLoadBalancerSourceRanges(expose.effectiveType() == ExposeSpec.ExposeType.LoadBalancer
                        && !expose.loadBalancerSourceRanges().isEmpty() ? expose.loadBalancerSourceRanges() : null)
                .endSpec()
                .build();
    }

    private Map<String, String> labels(Map<String, String> selector) {
        return Labels.of(RedisNames.ENGINE, names.instance(), selector.get(Labels.COMPONENT));
    }

    private static ServicePort redisPort() {
        return new ServicePortBuilder().withName("redis").withPort(RedisNames.REDIS_PORT)
                .withTargetPort(new IntOrString("redis")).withProtocol("TCP").build();
    }

    private static ServicePort sentinelPort() {
        return new ServicePortBuilder().withName("sentinel").withPort(RedisNames.SENTINEL_PORT)
                .withTargetPort(new IntOrString("sentinel")).withProtocol("TCP").build();
    }
}
