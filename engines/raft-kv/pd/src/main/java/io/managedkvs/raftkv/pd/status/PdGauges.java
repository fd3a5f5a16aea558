package io.managedkvs.raftkv.pd.status;

import io.managedkvs.raftkv.pd.schedule.OperatorOutcomes;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.AtomicLong;

/**
 * PD's gauges. The loop thread writes them (about once a second) and the scrape reads them, so
 * a scrape never touches PD's state.
 */
public final class PdGauges {

    final AtomicLong leader = new AtomicLong();
    final AtomicLong term = new AtomicLong();
    final AtomicLong storesUp = new AtomicLong();
    final AtomicLong storesOffline = new AtomicLong();
    final AtomicLong storesTombstone = new AtomicLong();
    final AtomicLong storesDown = new AtomicLong();
    final AtomicLong regions = new AtomicLong();
    final AtomicLong underReplicated = new AtomicLong();
    final AtomicLong leaderless = new AtomicLong();
    final AtomicLong operators = new AtomicLong();
    final AtomicLong operatorsFinished = new AtomicLong();
    final AtomicLong operatorsCancelled = new AtomicLong();
    final AtomicLong operatorsTimedOut = new AtomicLong();

    public PdGauges(MeterRegistry registry) {
        gauge(registry, "pd_leader", "1 while this member leads PD and serves", leader);
        gauge(registry, "pd_raft_term", "the Raft term this member is in", term);
        Gauge.builder("pd_stores", storesUp, AtomicLong::get).description("stores by state").tag("state", "up").register(registry);
        Gauge.builder("pd_stores", storesOffline, AtomicLong::get).description("stores by state").tag("state", "offline").register(registry);
        Gauge.builder("pd_stores", storesTombstone, AtomicLong::get).description("stores by state").tag("state", "tombstone").register(registry);
        Gauge.builder("pd_stores", storesDown, AtomicLong::get).description("stores by state").tag("state", "down").register(registry);
        gauge(registry, "pd_regions", "regions in the region map", regions);
        gauge(registry, "pd_regions_under_replicated", "regions with fewer healthy voters than the replication factor", underReplicated);
        gauge(registry, "pd_regions_leaderless", "regions whose leader has not reported to this PD leader", leaderless);
        gauge(registry, "pd_operators_running", "operators (multi-step region changes) in progress", operators);
        counter(registry, "pd_operators_finished", "operators whose every step was done", operatorsFinished);
        counter(registry, "pd_operators_cancelled", "operators given up (a step timed out or no longer fitted the region)", operatorsCancelled);
        counter(registry, "pd_operators_timed_out", "operators given up because a step made no progress in time", operatorsTimedOut);
    }

    private static void gauge(MeterRegistry registry, String name, String help, AtomicLong value) {
        Gauge.builder(name, value, AtomicLong::get).description(help).register(registry);
    }

    private static void counter(MeterRegistry registry, String name, String help, AtomicLong value) {
        FunctionCounter.builder(name, value, AtomicLong::get).description(help).register(registry);
    }

    /** Called on the loop thread. */
    public void update(PdGaugeValues v) {
        leader.set(v.leader() ? 1 : 0);
        term.set(v.term());
        storesUp.set(v.storesUp());
        storesOffline.set(v.storesOffline());
        storesTombstone.set(v.storesTombstone());
        storesDown.set(v.storesDown());
        regions.set(v.regions());
        underReplicated.set(v.underReplicated());
        leaderless.set(v.leaderless());
        operators.set(v.operators());
        operatorsFinished.set(v.outcomes().finished());
        operatorsCancelled.set(v.outcomes().cancelled());
        operatorsTimedOut.set(v.outcomes().timedOut());
    }

    /** One reading of every gauge. */
    public record PdGaugeValues(boolean leader, long term, long storesUp, long storesOffline, long storesTombstone,
                                long storesDown, long regions, long underReplicated, long leaderless, long operators,
                                OperatorOutcomes outcomes) {
    }
}
