package io.managedkvs.raftkv.store.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.function.Supplier;

/** The store's meters, exposed in Prometheus format on the status server's /metrics. */
public final class StoreMetrics {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    /** Time to write (and fsync) one round's batch: the Raft append latency every region in it shares. */
    public final Timer appendLatency = timer("raftkv_store_append_seconds", "Write and fsync of one round's batch");
    /** Time to apply one region's committed entries of one round. */
    public final Timer applyLatency = timer("raftkv_store_apply_seconds", "Applying one region's committed entries of a round");
    /** From a split's apply on this store to the new region's first known leader there: how long the new region could not serve. */
    public final Timer splitToLeader = timer("raftkv_store_split_leader_seconds", "From a split's apply to the new region's first leader");
    public final Counter fsyncs = Counter.builder("raftkv_store_fsyncs").description("Synchronous batch writes").register(registry);
    public final Counter rounds = Counter.builder("raftkv_store_poll_rounds").description("Rounds of the batch system").register(registry);
    public final Counter snapshotsSent = Counter.builder("raftkv_store_snapshots_sent").register(registry);
    public final Counter snapshotsReceived = Counter.builder("raftkv_store_snapshots_received").register(registry);
    public final Counter snapshotsApplied = Counter.builder("raftkv_store_snapshots_applied").register(registry);
    public final Counter snapshotFailures = Counter.builder("raftkv_store_snapshot_failures").register(registry);
    /** Snapshots this store refused to receive because it already received as many as it may at once. */
    public final Counter snapshotsRefused = Counter.builder("raftkv_store_snapshots_refused")
            .description("Snapshots refused because this store received its maximum at once").register(registry);
    /** Snapshots this store handed back to their region's leader to send again later (refused, queue full, receiver full). */
    public final Counter snapshotsRetried = Counter.builder("raftkv_store_snapshots_retried")
            .description("Snapshots handed back to Raft to be sent again later").register(registry);
    public final Counter logCompactions = Counter.builder("raftkv_store_log_compactions").register(registry);
    /** Expired keys deleted by PurgeExpired commands applied here (each replica counts its own). */
    public final Counter expiredKeysPurged = Counter.builder("raftkv_store_expired_keys_purged")
            .description("Expired keys deleted by PurgeExpired commands applied on this store").register(registry);
    /** Passes of this store's expiry purge over the regions it leads. */
    public final Counter expiryPurgePasses = Counter.builder("raftkv_store_expiry_purge_passes")
            .description("Passes of the expiry purge over the regions this store leads").register(registry);
    public final Counter splits = Counter.builder("raftkv_store_splits").description("Splits applied on this store").register(registry);
    public final Counter busy = Counter.builder("raftkv_store_server_busy").description("Requests refused with ServerIsBusy").register(registry);
    public final Counter messagesDropped = Counter.builder("raftkv_store_raft_messages_dropped")
            .description("Raft messages dropped because a peer store's stream was full or broken").register(registry);

    private Timer timer(String name, String description) {
        return Timer.builder(name).description(description).publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofNanos(10_000)).maximumExpectedValue(Duration.ofSeconds(5)).register(registry);
    }

    /** Registers the region and leader gauges, read from the store when scraped. */
    public void bindRegions(Supplier<Number> regions, Supplier<Number> leaders) {
        Gauge.builder("raftkv_store_regions", regions).description("Regions with a peer on this store").register(registry);
        Gauge.builder("raftkv_store_leaders", leaders).description("Regions this store leads").register(registry);
    }

    /** Registers the gauges of outgoing snapshots: in progress, the most at once, and those waiting for a slot. */
    public void bindSnapshotSending(Supplier<Number> sending, Supplier<Number> peak, Supplier<Number> queued) {
        Gauge.builder("raftkv_store_snapshots_sending", sending).description("Snapshots being exported or streamed").register(registry);
        Gauge.builder("raftkv_store_snapshots_sending_peak", peak)
                .description("Most snapshots sent at once since the store started").register(registry);
        Gauge.builder("raftkv_store_snapshots_send_queued", queued).description("Snapshots waiting for a sending slot").register(registry);
    }

    /** Registers the gauges of incoming snapshots: streams in progress and the most there ever were at once. */
    public void bindSnapshotReceiving(Supplier<Number> receiving, Supplier<Number> peak) {
        Gauge.builder("raftkv_store_snapshots_receiving", receiving).description("Snapshots being received").register(registry);
        Gauge.builder("raftkv_store_snapshots_receiving_peak", peak)
                .description("Most snapshots received at once since the store started").register(registry);
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    public String scrape() {
        return registry.scrape();
    }
}
