package io.managedkvs.raft.sim;

import io.managedkvs.raft.RaftNode;
import io.managedkvs.raft.Role;
import io.managedkvs.raft.membership.ConfState;
import io.managedkvs.raft.membership.MembershipChanger;
import io.managedkvs.raft.message.Entry;
import io.managedkvs.raft.message.EntryType;
import io.managedkvs.raft.message.Snapshot;
import io.managedkvs.raft.quorum.Majority;
import io.managedkvs.raft.storage.MemoryStorage;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The properties checked as the simulation runs (Raft paper Figure 3, plus durability and
 * linearizable reads):
 * <ul>
 *   <li>election safety: at most one leader per term;
 *   <li>leader append-only: a leader never rewrites its log within its term;
 *   <li>log matching: an (index, term) pair names one entry, with one predecessor term;
 *   <li>leader completeness: a new leader holds every entry applied anywhere;
 *   <li>state machine safety: every node applies the same entry at an index, and the same history
 *       (hash chain) up to it, including through snapshots;
 *   <li>durability: a committed entry is, when first applied, held in persisted storage by enough
 *       voters of its configuration to meet every quorum, and no persisted write replaces it;
 *   <li>linearizable reads: a read observes every entry applied anywhere before it was issued.
 * </ul>
 */
final class Invariants {

    private record IndexTerm(long index, long term) {
    }

    private final Map<Long, Long> leaderOfTerm = new HashMap<>();
    private final Map<IndexTerm, Long> entryDigests = new HashMap<>();
    private final Set<Long> completenessChecked = new HashSet<>();
    private final Map<Long, long[]> leaderWatch = new HashMap<>();
    private long[] committedTerm = new long[1024];
    private long[] committedDigest = new long[1024];
    private long[] committedChain = new long[1024];
    /** For each committed index, a term at least that of the leader that committed it. */
    private long[] commitTermBound = new long[1024];
    private long maxApplied;
    private ConfState committedConf;
    private final SimStats stats;

    Invariants(ConfState initial, SimStats stats) {
        this.committedConf = initial;
        this.stats = stats;
        // Founding members start from a bootstrap snapshot at index 1 (see MemoryStorage).
        committedTerm[1] = MemoryStorage.BOOTSTRAP_TERM;
        maxApplied = MemoryStorage.BOOTSTRAP_INDEX;
    }

    long maxApplied() {
        return maxApplied;
    }

    ConfState committedConf() {
        return committedConf;
    }

    static long digest(Entry e) {
        long h = 0xcbf29ce484222325L ^ e.type().ordinal();
        for (byte b : e.data()) {
            h = (h ^ b) * 0x100000001b3L;
        }
        return h;
    }

    static long chain(long prev, Entry e) {
        long h = prev * 0x9E3779B97F4A7C15L + e.index();
        h = (h ^ e.term()) * 0xBF58476D1CE4E5B9L;
        return (h ^ digest(e)) * 0x94D049BB133111EBL;
    }

    // ---------------------------------------------------------------- roles

    /** After every event: leaders and their logs. */
    void observeRoles(List<SimNode> nodes) {
        for (SimNode n : nodes) {
            if (!n.alive()) {
                continue;
            }
            RaftNode r = n.node;
            if (r.role() != Role.LEADER) {
                continue;
            }
            long term = r.term();
            Long prev = leaderOfTerm.putIfAbsent(term, n.id);
            if (prev == null) {
                stats.elections++;
            } else if (prev != n.id) {
                throw new Violation("election safety: nodes " + prev + " and " + n.id + " are both leader in term " + term);
            }
            long key = term * 1000 + n.id;
            if (completenessChecked.add(key)) {
                checkCompleteness(n, term);
            }
            long[] w = leaderWatch.get(n.id);
            if (w != null && w[0] == term) {
                long lastIndex = w[1];
                if (r.lastIndex() < lastIndex) {
                    throw new Violation("leader append-only: leader " + n.id + " of term " + term + " shrank its log from " + lastIndex + " to " + r.lastIndex());
                }
                if (lastIndex >= r.firstIndex() && r.termAt(lastIndex) != w[2]) {
                    throw new Violation("leader append-only: leader " + n.id + " of term " + term + " rewrote index " + lastIndex);
                }
            }
            leaderWatch.put(n.id, new long[] {term, r.lastIndex(), r.termAt(r.lastIndex())});
        }
    }

    /**
     * Entries committed in earlier terms must be in the new leader's log (§5.4). A leader of an
     * older term can still be elected late, by vote answers that were delayed; it cannot commit,
     * and need not hold what later terms committed.
     */
    private void checkCompleteness(SimNode n, long term) {
        RaftNode r = n.node;
        for (long i = Math.max(1, r.firstIndex()); i <= maxApplied; i++) {
            if (commitTermBound[(int) i] < term && r.termAt(i) != committedTerm[(int) i]) {
                throw new Violation("leader completeness: leader " + n.id + " of term " + term + " has term " + r.termAt(i)
                        + " at index " + i + " but term " + committedTerm[(int) i] + " was committed there");
            }
        }
    }

    // ---------------------------------------------------------------- persistence

    /** Before a node persists a Ready's snapshot and entries. */
    void beforePersist(SimNode n, Snapshot snap, List<Entry> entries) {
        RaftNode r = n.node;
        if (snap != null && snap.index() <= maxApplied) {
            if (committedTerm[(int) snap.index()] != snap.term()) {
                throw new Violation("state machine safety: snapshot " + snap.term() + "/" + snap.index() + " at node " + n.id
                        + " disagrees with the committed term " + committedTerm[(int) snap.index()]);
            }
            if (committedChain[(int) snap.index()] != SimNode.decodeChain(snap.data())) {
                throw new Violation("state machine safety: snapshot at index " + snap.index() + " for node " + n.id + " holds a different history");
            }
        }
        for (int i = 0; i < entries.size(); i++) {
            Entry e = entries.get(i);
            long prevTerm = i > 0 ? entries.get(i - 1).term() : r.termAt(e.index() - 1);
            long d = digest(e) * 31 + prevTerm;
            Long known = entryDigests.putIfAbsent(new IndexTerm(e.index(), e.term()), d);
            if (known != null && known != d && prevTerm >= 0) {
                throw new Violation("log matching: node " + n.id + " persists a different entry (or predecessor) at " + e.term() + "/" + e.index());
            }
            // Overwriting a committed entry is legal at a node that does not know it is committed,
            // when a leader of an older term than the commit reaches it (a stale leader, elected
            // late by delayed votes): the quorum that committed it has moved on. A leader of a later
            // term must never do it.
            MemoryStorage st = n.storage;
            if (e.index() <= maxApplied && committedTerm[(int) e.index()] != e.term() && e.term() > commitTermBound[(int) e.index()]
                    && e.index() >= st.firstIndex() && e.index() <= st.lastIndex() && st.term(e.index()) == committedTerm[(int) e.index()]) {
                throw new Violation("durability: node " + n.id + " overwrites committed index " + e.index() + " (term "
                        + committedTerm[(int) e.index()] + ") with term " + e.term());
            }
        }
    }

    // ---------------------------------------------------------------- applying

    void onSnapshotInstalled(SimNode n, Snapshot snap) {
        if (snap.index() < n.applied) {
            throw new Violation("state machine safety: node " + n.id + " installs snapshot " + snap.index() + " below its applied index " + n.applied);
        }
        n.applied = snap.index();
        n.chain = SimNode.decodeChain(snap.data());
        n.appliedConf = snap.confState();
        stats.snapshotsInstalled++;
    }

    void onApply(SimNode n, Entry e, List<SimNode> all) {
        if (e.index() != n.applied + 1) {
            throw new Violation("state machine safety: node " + n.id + " applies index " + e.index() + " after " + n.applied);
        }
        long chain = chain(n.chain, e);
        int i = (int) e.index();
        if (i <= maxApplied) {
            if (committedTerm[i] != e.term() || committedDigest[i] != digest(e) || committedChain[i] != chain) {
                throw new Violation("state machine safety: node " + n.id + " applies " + e.term() + "/" + e.index()
                        + " but " + committedTerm[i] + "/" + i + " (or another history) was applied elsewhere");
            }
        } else {
            ensureCapacity(i);
            committedTerm[i] = e.term();
            committedDigest[i] = digest(e);
            committedChain[i] = chain;
            // The node learned of the commit from a leader whose term is at most its own.
            commitTermBound[i] = n.node.term();
            maxApplied = i;
            if (e.type() == EntryType.CONF_CHANGE) {
                committedConf = MembershipChanger.applyFromLog(committedConf, e.data());
                stats.confChanges++;
            } else if (e.data().length > 0) {
                stats.commits++;
            }
            checkDurable(e, all);
            checkNoLeaderWithout(e, all);
        }
        n.chain = chain;
        n.applied = e.index();
        if (e.type() == EntryType.CONF_CHANGE) {
            n.appliedConf = MembershipChanger.applyFromLog(n.appliedConf, e.data());
        }
    }

    /** The holders of a newly committed entry must meet every quorum of its configuration. */
    private void checkDurable(Entry e, List<SimNode> all) {
        Set<Long> holders = new HashSet<>();
        for (SimNode n : all) {
            MemoryStorage s = n.storage;
            if (e.index() <= s.snapshot().index()
                    || (e.index() <= s.lastIndex() && e.index() >= s.firstIndex() && s.term(e.index()) == e.term())) {
                holders.add(n.id);
            }
        }
        boolean ok = meetsEveryQuorum(holders, committedConf.voters())
                || (committedConf.isJoint() && meetsEveryQuorum(holders, committedConf.votersOutgoing()));
        if (!ok) {
            throw new Violation("durability: committed entry " + e.term() + "/" + e.index() + " is persisted only on " + holders
                    + ", which misses a quorum of " + committedConf);
        }
    }

    /**
     * No node lacking a newly committed entry could win an election with the logs as persisted:
     * the voters that would grant it their vote (their logs are not more up to date) must not form
     * a quorum. This is what leader completeness rests on (§5.4.3), checked when the entry commits
     * rather than when a later election happens to test it.
     */
    private void checkNoLeaderWithout(Entry e, List<SimNode> all) {
        ConfState cs = committedConf;
        for (SimNode candidate : all) {
            if (!cs.isVoter(candidate.id) || holds(candidate.storage, e)) {
                continue;
            }
            long lastIndex = candidate.storage.lastIndex();
            long lastTerm = candidate.storage.term(lastIndex);
            Set<Long> wouldVote = new HashSet<>();
            for (SimNode voter : all) {
                long vi = voter.storage.lastIndex();
                long vt = voter.storage.term(vi);
                if (lastTerm > vt || (lastTerm == vt && lastIndex >= vi)) {
                    wouldVote.add(voter.id);
                }
            }
            boolean wins = formsQuorum(wouldVote, cs.voters()) && (!cs.isJoint() || formsQuorum(wouldVote, cs.votersOutgoing()));
            if (wins) {
                throw new Violation("leader completeness: committed entry " + e.term() + "/" + e.index() + " is missing at node "
                        + candidate.id + " (log ends " + lastTerm + "/" + lastIndex + "), which " + wouldVote + " would elect in " + cs);
            }
        }
    }

    private static boolean holds(MemoryStorage s, Entry e) {
        return e.index() <= s.snapshot().index()
                || (e.index() <= s.lastIndex() && e.index() >= s.firstIndex() && s.term(e.index()) == e.term());
    }

    private static boolean formsQuorum(Set<Long> ids, Set<Long> voters) {
        int n = 0;
        for (Long v : voters) {
            if (ids.contains(v)) {
                n++;
            }
        }
        return n >= Majority.quorum(voters.size());
    }

    private static boolean meetsEveryQuorum(Set<Long> holders, Set<Long> voters) {
        int held = 0;
        for (Long v : voters) {
            if (holders.contains(v)) {
                held++;
            }
        }
        return held >= voters.size() - Majority.quorum(voters.size()) + 1;
    }

    /** A read is served at {@code n}: it must observe everything applied anywhere before it was issued. */
    void onReadServed(SimNode n, SimNode.PendingRead read) {
        if (n.applied < read.requiredApplied) {
            throw new Violation("linearizability: node " + n.id + " served a read at applied index " + n.applied
                    + " (read index " + read.readIndex + ") but index " + read.requiredApplied + " was applied before the read was issued");
        }
        stats.reads++;
    }

    private void ensureCapacity(int i) {
        if (i >= committedTerm.length) {
            int size = Math.max(i + 1, committedTerm.length * 2);
            committedTerm = Arrays.copyOf(committedTerm, size);
            committedDigest = Arrays.copyOf(committedDigest, size);
            committedChain = Arrays.copyOf(committedChain, size);
            commitTermBound = Arrays.copyOf(commitTermBound, size);
        }
    }
}
