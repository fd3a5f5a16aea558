package io.managedkvs.raft.scenario;

import io.managedkvs.raft.ProposalResult;
import io.managedkvs.raft.RaftConfig;
import io.managedkvs.raft.RaftNode;
import io.managedkvs.raft.ReadOnlyOption;
import io.managedkvs.raft.ReadState;
import io.managedkvs.raft.Role;
import io.managedkvs.raft.TestingBridge;
import io.managedkvs.raft.harness.Cluster;
import io.managedkvs.raft.harness.Describe;
import io.managedkvs.raft.membership.ConfChange;
import io.managedkvs.raft.membership.ConfChangeSingle;
import io.managedkvs.raft.membership.ConfChangeType;
import io.managedkvs.raft.membership.ConfState;
import io.managedkvs.raft.message.Entry;
import io.managedkvs.raft.message.Message;
import io.managedkvs.raft.progress.Progress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Runs the commands of a scenario script against a {@link Cluster} and renders their output. */
final class ScenarioInterpreter {

    private final Cluster cluster = new Cluster();
    private List<String> out;
    private boolean verbose = true;

    ScenarioInterpreter() {
        cluster.output(line -> {
            if (verbose) {
                out.add(line);
            }
        });
    }

    List<String> run(String command) {
        out = new ArrayList<>();
        String[] words = command.trim().split("\\s+");
        List<String> args = new ArrayList<>();
        Map<String, String> opts = new HashMap<>();
        for (int i = 1; i < words.length; i++) {
            int eq = words[i].indexOf('=');
            if (eq > 0) {
                opts.put(words[i].substring(0, eq), words[i].substring(eq + 1));
            } else {
                args.add(words[i]);
            }
        }
        try {
            execute(words[0], args, opts);
        } catch (IllegalArgumentException | IllegalStateException e) {
            out.add("error: " + e.getMessage());
        }
        if (out.isEmpty()) {
            out.add("ok");
        }
        return out;
    }

    private void execute(String cmd, List<String> args, Map<String, String> opts) {
        switch (cmd) {
            case "add-nodes" -> addNodes(Integer.parseInt(args.get(0)), opts);
            case "verbose" -> verbose = args.get(0).equals("on");
            case "campaign" -> TestingBridge.electionTimeout(node(args.get(0)));
            case "tick" -> {
                int n = Integer.parseInt(opts.getOrDefault("n", "1"));
                for (String id : args) {
                    cluster.tick(Long.parseLong(id), n);
                }
            }
            case "set-timeout" -> TestingBridge.setRandomizedElectionTimeout(node(args.get(0)), Integer.parseInt(args.get(1)));
            case "propose" -> {
                ProposalResult r = node(args.get(0)).propose(args.get(1).getBytes(StandardCharsets.UTF_8));
                out.add(describe(r));
            }
            case "propose-conf-change" -> out.add(describe(node(args.get(0)).proposeConfChange(confChange(args.subList(1, args.size()), opts))));
            case "read-index" -> {
                boolean accepted = node(args.get(0)).readIndex(Long.parseLong(args.get(1)));
                out.add(accepted ? "accepted" : "rejected: no leader known");
            }
            case "transfer-leadership" -> node(args.get(0)).transferLeadership(Long.parseLong(args.get(1)));
            case "stabilize" -> cluster.stabilize();
            case "process-ready" -> {
                for (String id : args) {
                    if (node(id).hasReady()) {
                        cluster.processReady(Long.parseLong(id));
                    } else {
                        out.add("> " + id + " has no Ready");
                    }
                }
            }
            case "deliver-msgs" -> {
                for (String id : args) {
                    if (opts.containsKey("drop")) {
                        out.add("dropped " + cluster.dropInbox(Long.parseLong(id)) + " messages for " + id);
                    } else {
                        cluster.deliver(Long.parseLong(id));
                    }
                }
            }
            case "hold-msgs" -> {
                for (Message m : cluster.hold(Long.parseLong(args.get(0)), Long.parseLong(opts.get("from")))) {
                    out.add("held " + Describe.message(m));
                }
            }
            case "release-msgs" -> out.add("released " + cluster.release(Long.parseLong(args.get(0))) + " messages for " + args.get(0));
            case "isolate" -> cluster.isolate(Long.parseLong(args.get(0)));
            case "partition" -> {
                List<Set<Long>> groups = new ArrayList<>();
                for (String g : args) {
                    groups.add(ids(g));
                }
                cluster.partition(groups);
            }
            case "cut" -> cluster.cut(Long.parseLong(args.get(0)), Long.parseLong(args.get(1)));
            case "heal" -> cluster.heal();
            case "restart" -> cluster.restart(Long.parseLong(args.get(0)));
            case "compact" -> cluster.compact(Long.parseLong(args.get(0)), Long.parseLong(args.get(1)));
            case "report-snapshot" -> node(args.get(0)).reportSnapshot(Long.parseLong(args.get(1)), args.get(2).equals("ok"));
            case "report-unreachable" -> node(args.get(0)).reportUnreachable(Long.parseLong(args.get(1)));
            default -> inspect(cmd, args);
        }
    }

    /** Commands that only show state. */
    private void inspect(String cmd, List<String> args) {
        switch (cmd) {
            case "status" -> {
                for (String id : args) {
                    status(Long.parseLong(id));
                }
            }
            case "raft-log" -> raftLog(Long.parseLong(args.get(0)));
            case "applied" -> {
                for (Entry e : cluster.member(Long.parseLong(args.get(0))).applied) {
                    out.add(Describe.entry(e));
                }
            }
            case "reads" -> {
                for (ReadState r : cluster.member(Long.parseLong(args.get(0))).reads) {
                    out.add("request=" + r.requestId() + " index=" + r.index());
                }
            }
            case "lease" -> out.add("lease " + (TestingBridge.leaseValid(node(args.get(0))) ? "valid" : "not valid"));
            default -> throw new IllegalArgumentException("unknown command " + cmd);
        }
    }

    private void addNodes(int n, Map<String, String> opts) {
        int first = cluster.ids().size() + 1;
        Set<Long> added = new TreeSet<>();
        for (int i = 0; i < n; i++) {
            added.add((long) (first + i));
        }
        Set<Long> voters = opts.containsKey("voters") ? ids(opts.get("voters")) : added;
        Set<Long> learners = opts.containsKey("learners") ? ids(opts.get("learners")) : Set.of();
        ConfState initial = ConfState.of(voters, learners);
        boolean checkQuorum = Boolean.parseBoolean(opts.getOrDefault("checkquorum", "false"));
        boolean lease = Boolean.parseBoolean(opts.getOrDefault("lease", "false"));
        for (long id : added) {
            RaftConfig cfg = RaftConfig.defaults(id)
                    .withTicks(Integer.parseInt(opts.getOrDefault("election", "10")), Integer.parseInt(opts.getOrDefault("heartbeat", "1")))
                    .withElectionSafety(checkQuorum, Boolean.parseBoolean(opts.getOrDefault("prevote", "false")))
                    .withLimits(Long.parseLong(opts.getOrDefault("maxsize", "1048576")), 1 << 20,
                            Long.parseLong(opts.getOrDefault("uncommitted", "0")),
                            Integer.parseInt(opts.getOrDefault("maxinflight", "256")), 0)
                    .withReadOnly(lease ? ReadOnlyOption.LEASE_BASED : ReadOnlyOption.SAFE);
            cluster.add(cfg, initial.voters().contains(id) || initial.learners().contains(id) ? initial : ConfState.EMPTY);
            out.add("node " + id + ": " + (cluster.node(id).confState().members().isEmpty() ? "no configuration" : cluster.node(id).confState()));
        }
    }

    private RaftNode node(String id) {
        return cluster.node(Long.parseLong(id));
    }

    private static Set<Long> ids(String list) {
        Set<Long> ids = new LinkedHashSet<>();
        for (String s : list.split(",")) {
            if (!s.isBlank()) {
                ids.add(Long.parseLong(s.trim()));
            }
        }
        return ids;
    }

    private static ConfChange confChange(List<String> args, Map<String, String> opts) {
        List<ConfChangeSingle> changes = new ArrayList<>();
        for (String a : args) {
            long id = Long.parseLong(a.substring(1));
            ConfChangeType type = switch (a.charAt(0)) {
                case 'v' -> ConfChangeType.ADD_VOTER;
                case 'l' -> ConfChangeType.ADD_LEARNER;
                case 'r' -> ConfChangeType.REMOVE_NODE;
                default -> throw new IllegalArgumentException("change " + a + ": expected v<id>, l<id> or r<id>");
            };
            changes.add(new ConfChangeSingle(type, id));
        }
        ConfChange.Transition t = switch (opts.getOrDefault("transition", "auto")) {
            case "auto" -> ConfChange.Transition.AUTO;
            case "joint" -> ConfChange.Transition.JOINT_IMPLICIT;
            case "explicit" -> ConfChange.Transition.JOINT_EXPLICIT;
            default -> throw new IllegalArgumentException("transition: expected auto, joint or explicit");
        };
        return new ConfChange(t, changes);
    }

    private static String describe(ProposalResult r) {
        if (r.accepted()) {
            return "accepted at " + r.term() + "/" + r.index();
        }
        return "rejected: " + r.status() + " leader hint=" + r.leaderHint();
    }

    private void status(long id) {
        RaftNode n = cluster.node(id);
        out.add(id + ": " + n.role() + " term=" + n.term() + " vote=" + n.vote() + " lead=" + n.leaderId()
                + " commit=" + n.commitIndex() + " applied=" + n.appliedIndex() + " last=" + n.lastIndex()
                + " " + n.confState());
        if (n.role() == Role.LEADER) {
            for (long peer : n.confState().members()) {
                Progress p = TestingBridge.progress(n, peer);
                if (p != null && peer != id) {
                    out.add("  " + peer + ": " + p);
                }
            }
        }
    }

    private void raftLog(long id) {
        RaftNode n = cluster.node(id);
        if (n.firstIndex() > n.lastIndex()) {
            out.add("log is empty: first index " + n.firstIndex() + ", last index " + n.lastIndex());
            return;
        }
        StringBuilder sb = new StringBuilder();
        for (long i = n.firstIndex(); i <= n.lastIndex(); i++) {
            if (sb.length() > 0) {
                sb.append(' ');
            }
            sb.append(n.termAt(i)).append('/').append(i);
        }
        out.add(sb.toString());
    }
}
