package io.managedkvs.redis.model;

/**
 * The names of everything one instance consists of. Pods are reached and announced by stable DNS
 * names through the headless Services, because pod IPs change when a pod is recreated.
 */
public record RedisNames(String namespace, String instance) {

    public static final String ENGINE = "redis-sentinel";
    public static final String COMPONENT_REDIS = "redis";
    public static final String COMPONENT_SENTINEL = "sentinel";
    public static final int REDIS_PORT = 6379;
    public static final int SENTINEL_PORT = 26379;
    public static final int EXPORTER_PORT = 9121;

    public String redisStatefulSet() {
        return instance + "-redis";
    }

    public String sentinelStatefulSet() {
        return instance + "-sentinel";
    }

    public String redisHeadlessService() {
        return instance + "-redis-headless";
    }

    public String sentinelHeadlessService() {
        return instance + "-sentinel-headless";
    }

    public String readWriteService() {
        return instance + "-rw";
    }

    public String readOnlyService() {
        return instance + "-ro";
    }

    public String sentinelService() {
        return instance + "-sentinel";
    }

    public String externalService() {
        return instance + "-external";
    }

    public String configMap() {
        return instance + "-redis-config";
    }

    public String redisDisruptionBudget() {
        return instance + "-redis";
    }

    public String sentinelDisruptionBudget() {
        return instance + "-sentinel";
    }

    /** The name Sentinel monitors the primary under: the instance's name. */
    public String masterName() {
        return instance;
    }

    public String redisPod(int ordinal) {
        return redisStatefulSet() + "-" + ordinal;
    }

    public String sentinelPod(int ordinal) {
        return sentinelStatefulSet() + "-" + ordinal;
    }

    /** The stable DNS name a redis pod announces itself under. */
    public String redisHost(String pod) {
        return pod + "." + redisHeadlessService() + "." + namespace + ".svc";
    }

    /** The stable DNS name a Sentinel pod announces itself under. */
    public String sentinelHost(String pod) {
        return pod + "." + sentinelHeadlessService() + "." + namespace + ".svc";
    }

    public String serviceHost(String service) {
        return service + "." + namespace + ".svc";
    }
}
