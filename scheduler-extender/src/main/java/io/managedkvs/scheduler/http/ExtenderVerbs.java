package io.managedkvs.scheduler.http;

import io.managedkvs.scheduler.cache.PlacementCache;
import io.managedkvs.scheduler.metrics.ExtenderMetrics;
import io.managedkvs.scheduler.metrics.ExtenderMetrics.Mode;
import io.managedkvs.scheduler.metrics.ExtenderMetrics.Verb;
import io.managedkvs.scheduler.policy.Decision;
import io.managedkvs.scheduler.policy.FilterDecision;
import io.managedkvs.scheduler.policy.MemberClassifier;
import io.managedkvs.scheduler.policy.MemberPod;
import io.managedkvs.scheduler.policy.NodeScore;
import io.managedkvs.scheduler.policy.PlacementPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.jboss.logging.Logger;

/**
 * The extender verbs on kube-scheduler's wire types: reads the request, asks the placement policy,
 * records reservations, and builds the answer in the mode the request came in. No I/O.
 */
public final class ExtenderVerbs {

    private static final Logger LOG = Logger.getLogger(ExtenderVerbs.class);

    private final PlacementPolicy policy;
    private final PlacementCache cache;
    private final BooleanSupplier cacheReady;
    private final ExtenderMetrics metrics;

    /** Zones are named by each pod's own zone key, or by the cache's default ({@link PlacementCache#zoneKey()}). */
    public ExtenderVerbs(PlacementPolicy policy, PlacementCache cache, BooleanSupplier cacheReady,
                         ExtenderMetrics metrics) {
        this.policy = policy;
        this.cache = cache;
        this.cacheReady = cacheReady;
        this.metrics = metrics;
    }

    /** A filter answer and one sentence saying why. */
    public record FilterReply(ExtenderFilterResult result, Mode mode, String summary) {
    }

    /** A prioritize answer. */
    public record PrioritizeReply(List<HostPriority> result, Mode mode) {
    }

    public FilterReply filter(ExtenderArgs args) {
        ParsedRequest request = ParsedRequest.of(args, cache);
        boolean synced = cacheReady.getAsBoolean();
        Optional<MemberPod> member = memberOf(request, synced);
        if (member.isEmpty()) {
            metrics.decision(Verb.FILTER, Decision.PASSTHROUGH);
            return new FilterReply(passThrough(request.args()), request.mode(), synced
                    ? "passthrough: not a member of a managed instance" : "passthrough: the cache has not synced yet");
        }
        cache.expireReservations();
        MemberPod pod = member.get();
        FilterDecision decision = policy.filter(pod, request.candidates(), request.snapshot());
        if (decision.pick() != null) {
            cache.reserve(pod.podKey(), pod.group(), decision.pick());
        }
        for (Decision d : decision.decisions()) {
            metrics.decision(Verb.FILTER, d);
        }
        String summary = summary(request, decision);
        log(pod, decision, summary);
        return new FilterReply(answer(request, decision), request.mode(), summary);
    }

    public PrioritizeReply prioritize(ExtenderArgs args) {
        ParsedRequest request = ParsedRequest.of(args, cache);
        Optional<MemberPod> member = memberOf(request, cacheReady.getAsBoolean());
        if (member.isEmpty()) {
            // An empty list scores every node alike: the pod is left to kube-scheduler's own scoring.
            metrics.decision(Verb.PRIORITIZE, Decision.PASSTHROUGH);
            return new PrioritizeReply(List.of(), request.mode());
        }
        List<NodeScore> scores = policy.prioritize(member.get(), request.candidates(), request.snapshot());
        List<HostPriority> result = new ArrayList<>(scores.size());
        for (NodeScore s : scores) {
            result.add(new HostPriority(s.node(), s.score()));
        }
        metrics.decision(Verb.PRIORITIZE, Decision.SPREAD);
        return new PrioritizeReply(result, request.mode());
    }

    /** The answer that leaves the pod to kube-scheduler: every candidate passes, in the request's mode. */
    public static ExtenderFilterResult passThrough(ExtenderArgs args) {
        if (args.nodeNames() != null) {
            return new ExtenderFilterResult(null, args.nodeNames(), Map.of(), Map.of(), "");
        }
        WireNodeList nodes = args.nodes() == null ? WireNodeList.of(List.of()) : args.nodes();
        return new ExtenderFilterResult(nodes, null, Map.of(), Map.of(), "");
    }

    /**
     * The member the pod is, or empty to let it pass. Until the cache has synced every pod passes: judged
     * from a partial cache, a member could be put next to peers the cache has not listed yet. Readiness
     * cannot guard this, since kube-scheduler calls its sidecar extender on localhost, not through a Service.
     */
    private static Optional<MemberPod> memberOf(ParsedRequest request, boolean synced) {
        if (!synced) {
            return Optional.empty();
        }
        WirePod.Metadata meta = request.pod().metadata();
        return MemberClassifier.classify(meta.namespace(), meta.name(), meta.labels(), meta.annotations(),
                request.pod().spec() == null ? null : request.pod().spec().nodeSelector());
    }

    private static ExtenderFilterResult answer(ParsedRequest request, FilterDecision decision) {
        Map<String, String> unresolvable = decision.rejected();
        if (request.mode() == Mode.NAMES) {
            return new ExtenderFilterResult(null, decision.allowed(), Map.of(), unresolvable, "");
        }
        List<WireNode> items = request.args().nodes().items();
        List<WireNode> kept = new ArrayList<>(decision.allowed().size());
        int k = 0;
        for (int i = 0; i < items.size() && k < decision.allowed().size(); i++) {
            if (items.get(i).name().equals(decision.allowed().get(k))) {
                kept.add(items.get(i));
                k++;
            }
        }
        return new ExtenderFilterResult(WireNodeList.of(kept), null, Map.of(), unresolvable, "");
    }

    /**
     * The decision's sentence, which names the zone key when the pod's is not the default one: "zone" in
     * the reasons then means a value of that label (a rack, say).
     */
    private String summary(ParsedRequest request, FilterDecision decision) {
        if (request.zoneKey().equals(cache.zoneKey())) {
            return decision.summary();
        }
        return decision.summary() + " (zones by " + request.zoneKey() + ")";
    }

    private static void log(MemberPod pod, FilterDecision decision, String summary) {
        if (decision.decisions().stream().anyMatch(Decision::compromise)) {
            LOG.infof("Pod %s: %s", pod.podKey(), summary);
        } else if (LOG.isDebugEnabled()) {
            LOG.debugf("Pod %s: %s", pod.podKey(), summary);
        }
    }
}
