package io.managedkvs.scheduler.policy;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Where a member of a managed instance may go and which nodes it prefers: pure functions of the pod,
 * the candidate nodes kube-scheduler found feasible, and a cluster snapshot.
 *
 * <p>Filter, in order of importance:
 * <ol>
 *   <li>Zones (quorum components only): no zone may hold so many members that losing it loses the
 *       group's quorum ({@link #maxPerZone}). When every candidate would put one member too many in its
 *       zone, the member waits if the zones it may run in could hold the group that way
 *       ({@link ZoneMajority#REQUIRED}); otherwise the least-loaded zones are allowed, and the decision
 *       says so ({@link Decision#ZONE_FALLBACK}). See docs/decisions/0005-zone-majority.md.</li>
 *   <li>Nodes: a node that already runs a member of the group is filtered out while a free one is
 *       feasible; when none is, the nodes with the fewest members are allowed.</li>
 *   <li>Members scheduled together: unless the pod is the last member its group is waiting for, one node
 *       is chosen and returned alone, so that the cache can reserve it and the next member's decision
 *       knows exactly where this one went (see docs/decisions/0003-scheduler-extender-binding.md).</li>
 * </ol>
 * Prioritize scores 0–10: members spread evenly over nodes, then zones, then by managed pods per node.
 *
 * <p>Both run per scheduling request: linear in the candidates, no I/O, one small map per request.
 */
public final class PlacementPolicy {

    public static final int MIN_SCORE = 0;
    public static final int MAX_SCORE = 10;
    /** The lowest score of the band where node and zone are both least loaded. */
    private static final int TOP_BAND_FLOOR = 6;

    private final ZoneMajority zoneMajority;

    public PlacementPolicy(ZoneMajority zoneMajority) {
        this.zoneMajority = Objects.requireNonNull(zoneMajority, "zoneMajority");
    }

    public FilterDecision filter(MemberPod pod, List<Candidate> candidates, ClusterSnapshot snapshot) {
        if (candidates.isEmpty()) {
            return new FilterDecision(List.of(), Map.of(), null, EnumSet.of(Decision.NO_CANDIDATES),
                    "no candidate nodes for " + pod.group());
        }
        GroupCounts counts = GroupCounts.of(pod, snapshot);
        int groupSize = counts.groupSize(pod);
        Outcome out = new Outcome(pod.group());
        List<Candidate> zoneSafe = applyZoneRule(pod, candidates, counts, groupSize, snapshot, out);
        List<Candidate> allowed = applyNodeRule(zoneSafe, counts, out);
        String pick = null;
        if (needsPick(pod, counts, groupSize) && !allowed.isEmpty()) {
            Candidate best = choose(pod, allowed, counts, snapshot);
            // The other allowed nodes are not listed as failed: kube-scheduler takes the single node
            // left, and in a large cluster their reasons would make the answer larger than the question.
            allowed = List.of(best);
            pick = best.node();
            out.decisions.add(Decision.PICKED);
            out.notes.add("chose " + pick + " (" + counts.placed() + " of " + groupSize + " other members placed)");
        }
        if (out.decisions.stream().noneMatch(Decision::compromise)) {
            out.decisions.add(Decision.SPREAD);
            out.notes.add(0, "kept " + pod.group() + " apart: " + allowed.size() + " of " + candidates.size()
                    + " nodes allowed");
        }
        List<String> names = new ArrayList<>(allowed.size());
        for (Candidate c : allowed) {
            names.add(c.node());
        }
        return new FilterDecision(names, out.rejected, pick, out.decisions, String.join("; ", out.notes));
    }

    public List<NodeScore> prioritize(MemberPod pod, List<Candidate> candidates, ClusterSnapshot snapshot) {
        int size = candidates.size();
        if (size == 0) {
            return List.of();
        }
        GroupCounts counts = GroupCounts.of(pod, snapshot);
        int[] onNode = new int[size];
        int[] inZone = new int[size];
        int minNode = Integer.MAX_VALUE;
        int minZone = Integer.MAX_VALUE;
        for (int i = 0; i < size; i++) {
            Candidate c = candidates.get(i);
            onNode[i] = counts.onNode(c.node());
            inZone[i] = counts.inZone(c.zone());
            minNode = Math.min(minNode, onNode[i]);
            minZone = Math.min(minZone, inZone[i]);
        }
        int[] load = new int[size];
        int minLoad = Integer.MAX_VALUE;
        int maxLoad = Integer.MIN_VALUE;
        for (int i = 0; i < size; i++) {
            if (onNode[i] == minNode && inZone[i] == minZone) {
                load[i] = snapshot.managedPodsOn(candidates.get(i).node());
                minLoad = Math.min(minLoad, load[i]);
                maxLoad = Math.max(maxLoad, load[i]);
            }
        }
        List<NodeScore> scores = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            int score;
            if (onNode[i] > minNode) {
                score = Math.max(MIN_SCORE, 2 - (onNode[i] - minNode - 1));
            } else if (inZone[i] > minZone) {
                score = Math.max(3, 5 - (inZone[i] - minZone - 1));
            } else if (maxLoad == minLoad) {
                score = MAX_SCORE;
            } else {
                int span = MAX_SCORE - TOP_BAND_FLOOR;
                score = MAX_SCORE - Math.round((float) span * (load[i] - minLoad) / (maxLoad - minLoad));
            }
            scores.add(new NodeScore(candidates.get(i).node(), score));
        }
        return scores;
    }

    /** The members of a group of {@code n} that must survive for it to work: a majority, {@code n/2 + 1}. */
    static int quorum(int groupSize) {
        return groupSize / 2 + 1;
    }

    /**
     * How many members one zone may hold so that losing it leaves a quorum: {@code n - quorum(n)}, so 1 of
     * 3, 1 of 4, 2 of 5, 2 of 6. Half of an even group is not a majority, but losing it still loses the
     * quorum (2 of 4 gone leaves 2, short of 3). For groups of one and two it is 0: no placement survives
     * the loss of a zone, and the zone rule does not apply (the node rule and the scores still spread).
     */
    static int maxPerZone(int groupSize) {
        return groupSize - quorum(groupSize);
    }

    /** The fewest zones that can hold a group of {@code n} with at most {@code limit} members each. */
    private static int zonesNeeded(int groupSize, int limit) {
        return (groupSize + limit - 1) / limit;
    }

    private List<Candidate> applyZoneRule(MemberPod pod, List<Candidate> candidates, GroupCounts counts,
                                          int groupSize, ClusterSnapshot snapshot, Outcome out) {
        int limit = maxPerZone(groupSize);
        if (!pod.quorum() || limit <= 0) {
            return candidates;
        }
        List<Candidate> safe = new ArrayList<>(candidates.size());
        for (Candidate c : candidates) {
            if (counts.inZone(c.zone()) + 1 <= limit) {
                safe.add(c);
            }
        }
        if (safe.size() == candidates.size()) {
            return candidates;
        }
        String tooMany = "managed-kvs: a member here would put " + (limit + 1) + " of " + groupSize + " members of "
                + pod.group() + " in this zone, and losing the zone would lose their quorum of " + quorum(groupSize);
        if (!safe.isEmpty()) {
            rejectAllBut(candidates, safe, tooMany, out);
            return safe;
        }
        int zones = snapshot.zonesWithSchedulableNodes(pod.nodeSelector());
        int needed = zonesNeeded(groupSize, limit);
        if (zoneMajority == ZoneMajority.REQUIRED && zones >= needed) {
            String wait = tooMany + "; it waits for a node in another zone";
            for (Candidate c : candidates) {
                out.rejected.put(c.node(), wait);
            }
            out.decisions.add(Decision.ZONE_WAIT);
            out.notes.add("zone-wait: every feasible node would put " + (limit + 1) + " of " + groupSize
                    + " members of " + pod.group() + " in its zone, and " + zones
                    + " zones could hold them safely: the member waits for a node in another zone");
            return List.of();
        }
        return zoneFallback(pod, candidates, counts, groupSize, limit, zones, needed, out);
    }

    /**
     * Too few zones, or {@link ZoneMajority#PREFERRED}: the member is placed although its zone will then
     * hold enough members to take the quorum down with it. Only the least-loaded zones are allowed, and the
     * summary says why and what it costs, so that the fallback is visible in the response, log and metrics.
     */
    private List<Candidate> zoneFallback(MemberPod pod, List<Candidate> candidates, GroupCounts counts, int groupSize,
                                         int limit, int zones, int needed, Outcome out) {
        int min = Integer.MAX_VALUE;
        for (Candidate c : candidates) {
            min = Math.min(min, counts.inZone(c.zone()));
        }
        List<Candidate> least = new ArrayList<>();
        for (Candidate c : candidates) {
            if (counts.inZone(c.zone()) == min) {
                least.add(c);
            }
        }
        rejectAllBut(candidates, least, "managed-kvs: this zone holds more members of " + pod.group()
                + " than other feasible zones, and every feasible zone already holds as many as the group can lose", out);
        out.decisions.add(Decision.ZONE_FALLBACK);
        String why = zoneMajority == ZoneMajority.PREFERRED && zones >= needed
                ? "zone-majority is preferred"
                : "only " + zones + " zone(s) can take members of " + pod.group() + " and " + needed + " are needed";
        out.notes.add("zone-fallback: every feasible node would put " + (limit + 1) + " of " + groupSize
                + " members of " + pod.group() + " in its zone (at most " + limit + " survive a zone loss), and "
                + why + ": allowed the least-loaded zones; losing such a zone loses the quorum of " + quorum(groupSize));
        return least;
    }

    private List<Candidate> applyNodeRule(List<Candidate> candidates, GroupCounts counts, Outcome out) {
        if (candidates.isEmpty()) {
            return candidates;
        }
        List<Candidate> free = new ArrayList<>(candidates.size());
        int min = Integer.MAX_VALUE;
        for (Candidate c : candidates) {
            int n = counts.onNode(c.node());
            min = Math.min(min, n);
            if (n == 0) {
                free.add(c);
            }
        }
        if (free.size() == candidates.size()) {
            return candidates;
        }
        if (!free.isEmpty()) {
            rejectAllBut(candidates, free, "managed-kvs: a member of " + out.group + " already runs on this node", out);
            return free;
        }
        List<Candidate> least = new ArrayList<>();
        for (Candidate c : candidates) {
            if (counts.onNode(c.node()) == min) {
                least.add(c);
            }
        }
        rejectAllBut(candidates, least, "managed-kvs: this node runs more members of " + out.group
                + " than other feasible nodes, and every feasible node runs one", out);
        out.decisions.add(Decision.NODE_FALLBACK);
        out.notes.add("every feasible node already runs a member of " + out.group + ": allowed the least-loaded");
        return least;
    }

    /**
     * Whether this member's node must be known before kube-scheduler binds it: when other members of
     * its group are waiting or still to come, they will be scheduled right after it, before the binding
     * reaches the cache. The last member of a group is left to kube-scheduler's own scoring.
     */
    private static boolean needsPick(MemberPod pod, GroupCounts counts, int groupSize) {
        return !pod.groupSizeKnown() || counts.waiting() > 0 || counts.placed() + 1 < groupSize;
    }

    /** The best node: fewest members on it, then in its zone, not tried before, fewest managed pods, first sent. */
    private static Candidate choose(MemberPod pod, List<Candidate> allowed, GroupCounts counts, ClusterSnapshot snapshot) {
        List<String> tried = snapshot.earlierPicks(pod.podKey());
        Candidate best = null;
        long bestKey = Long.MAX_VALUE;
        for (Candidate c : allowed) {
            long key = ((long) Math.min(counts.onNode(c.node()), 0xFF) << 48)
                    | ((long) Math.min(counts.inZone(c.zone()), 0xFF) << 40)
                    | ((tried.contains(c.node()) ? 1L : 0L) << 32)
                    | (snapshot.managedPodsOn(c.node()) & 0xFFFF_FFFFL);
            if (key < bestKey) {
                bestKey = key;
                best = c;
            }
        }
        return best;
    }

    private static void rejectAllBut(List<Candidate> all, List<Candidate> kept, String reason, Outcome out) {
        int k = 0;
        for (Candidate c : all) {
            if (k < kept.size() && kept.get(k) == c) {
                k++;
            } else {
                out.rejected.put(c.node(), reason);
            }
        }
    }

    /** What one filter call collects along the way. */
    private static final class Outcome {
        final GroupKey group;
        final Map<String, String> rejected = new HashMap<>();
        final EnumSet<Decision> decisions = EnumSet.noneOf(Decision.class);
        final List<String> notes = new ArrayList<>(2);

        Outcome(GroupKey group) {
            this.group = group;
        }
    }
}
