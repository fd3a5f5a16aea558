package io.managedkvs.raft.sim;

import io.managedkvs.raft.RaftNode;
import io.managedkvs.raft.Role;
import io.managedkvs.raft.membership.ConfState;
import io.managedkvs.raft.membership.MembershipChanger;
import io.managedkvs.raft.message.Entry;
import io.managedkvs.raft.message.EntryType;
import io.managedkvs.raft.message.HardState;
import io.managedkvs.raft.message.Message;
import io.managedkvs.raft.message.MessageType;
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
 *   <li>leader completeness: a new leader holds every entry a leader of an earlier term committed;
 *   <li>state machine safety: leaders commit one entry per index, and every node applies the same
 *       entry at an index and the same history (hash chain) up to it, including through snapshots;
 *   <li>durability: when a leader's commit index advances, every entry it commits is held in
 *       persisted storage by a quorum of each half of the leader's configuration at that moment,
 *       and no persisted write of a later term replaces it;
 *   <li>linearizable reads: a read observes every entry applied anywhere before it was issued.
 * </ul>
 * Commits are recorded from the leaders' Readys, once the leader has persisted the commit index:
 * from then on it can be applied or sent, before that a crash forgets it.
 */
final class Invariants {

    private record IndexTerm(long index, long term) {
    }

    private final Map<Long, Long> leaderOfTerm = new HashMap<>();
    private final Map<IndexTerm, Long> entryDigests = new HashMap<>();
    private final Set<Long> completenessChecked = new HashSet<>();
    private final Map<Long, long[]> leaderWatch = new HashMap<>();
    /** Who each node voted for in each term (key term * 1000 + node), from the votes it sent: across crashes too. */
    private final Map<Long, Long> votes = new HashMap<>();
    // First application of each index: what every node must apply there.
    private long[] appliedTerm = new long[1024];
    private long[] appliedDigest = new long[1024];
    private long[] appliedChain = new long[1024];
    // Commits recorded from leaders' Readys: the lowest term of a leader that committed each index
    // (0: none yet), and the term of the entry it committed.
    private long[] commitLeaderTerm = new long[1024];
    private long[] commitEntryTerm = new long[1024];
    private long maxCommitted;
    private long maxApplied;
    private ConfState committedConf;
    private final List<SimNode> nodes;
    private final SimStats stats;

    /** Checks {@code nodes} (the simulation's list, which may still be filled), founded with {@code initial}. */
    Invariants(ConfState initial, List<SimNode> nodes, SimStats stats) {
        this.committedConf = initial;
        this.nodes = nodes;
        this.stats = stats;
        // Founding members start from a bootstrap snapshot at index 1 (see MemoryStorage).
        int bootstrap = (int) MemoryStorage.BOOTSTRAP_INDEX;
        appliedTerm[bootstrap] = MemoryStorage.BOOTSTRAP_TERM;
        commitLeaderTerm[bootstrap] = MemoryStorage.BOOTSTRAP_TERM;
        commitEntryTerm[bootstrap] = MemoryStorage.BOOTSTRAP_TERM;
        maxApplied = MemoryStorage.BOOTSTRAP_INDEX;
        maxCommitted = MemoryStorage.BOOTSTRAP_INDEX;
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
    void observeRoles() {
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
                throw new Violation(Violation.ELECTION_SAFETY, "nodes " + prev + " and " + n.id + " are both leader in term " + term);
            }
            long key = term * 1000 + n.id;
            if (completenessChecked.add(key)) {
                checkCompleteness(n, term);
            }
            long[] w = leaderWatch.get(n.id);
            if (w != null && w[0] == term) {
                long lastIndex = w[1];
                if (r.lastIndex() < lastIndex) {
                    throw new Violation(Violation.LEADER_APPEND_ONLY, "leader " + n.id + " of term " + term + " shrank its log from " + lastIndex + " to " + r.lastIndex());
                }
                if (lastIndex >= r.firstIndex() && r.termAt(lastIndex) != w[2]) {
                    throw new Violation(Violation.LEADER_APPEND_ONLY, "leader " + n.id + " of term " + term + " rewrote index " + lastIndex);
                }
            }
            leaderWatch.put(n.id, new long[] {term, r.lastIndex(), r.termAt(r.lastIndex())});
        }
    }

    /** Whether {@code n} has been leader in its current term (it may have stepped down since, within the term). */
    boolean ledCurrentTerm(SimNode n) {
        Long leader = leaderOfTerm.get(n.node.term());
        return leader != null && leader == n.id;
    }

    /**
     * Entries committed by leaders of earlier terms must be in the new leader's log (§5.4). A leader
     * of an older term can still be elected late, by vote answers that were delayed; it cannot
     * commit, and need not hold what later terms committed.
     */
    private void checkCompleteness(SimNode n, long term) {
        RaftNode r = n.node;
        for (long i = Math.max(1, r.firstIndex()); i <= maxCommitted; i++) {
            int k = (int) i;
            if (commitLeaderTerm[k] != 0 && commitLeaderTerm[k] < term && r.termAt(i) != commitEntryTerm[k]) {
                throw new Violation(Violation.LEADER_COMPLETENESS, "leader " + n.id + " of term " + term + " has term " + r.termAt(i)
                        + " at index " + i + " but a leader of term " + commitLeaderTerm[k] + " committed term " + commitEntryTerm[k] + " there");
            }
        }
    }

    // ---------------------------------------------------------------- commits

    /**
     * A node that has been leader in its current term persisted a commit index that advanced from
     * {@code before}: record each newly committed index with the leader's term, and check that a
     * quorum of each half of the configuration it was committed in holds it. That is {@code conf},
     * the leader's configuration since its last Ready, unless {@code leftJoint} is not null: then
     * the leader was in that joint configuration and left it, automatically, once the joint entry
     * committed, and entries after the joint entry may have been committed in {@code conf} after
     * that. (The node may just have stepped down within its term: a removed leader does once its
     * removal commits.)
     */
    void onLeaderCommit(SimNode n, long before, long commit, ConfState conf, ConfState leftJoint) {
        long term = n.node.term();
        long jointIndex = leftJoint == null ? 0 : lastConfChangeAtOrBelow(n.storage, commit);
        boolean jointCommitted = jointIndex <= before;
        for (long i = before + 1; i <= commit; i++) {
            long entryTerm = n.storage.term(i);
            recordCommit(n, term, i, entryTerm);
            Set<Long> holders = holders(i, entryTerm);
            boolean ok;
            if (leftJoint == null) {
                ok = meetsEveryHalf(holders, conf);
            } else if (meetsEveryHalf(holders, leftJoint)) {
                jointCommitted |= i == jointIndex;
                ok = true;
            } else {
                ok = jointCommitted && meetsEveryHalf(holders, conf);
            }
            if (!ok) {
                throw new Violation(Violation.DURABILITY, "the leader of term " + term + " commits " + entryTerm + "/" + i
                        + " persisted only on " + holders + ", not a quorum of each half of "
                        + (leftJoint == null ? conf : leftJoint + (jointCommitted ? " or of " + conf : " (its joint entry " + jointIndex + " is not committed)")));
            }
        }
    }

    private void recordCommit(SimNode n, long term, long index, long entryTerm) {
        int k = (int) index;
        ensureCapacity(k);
        if (commitLeaderTerm[k] == 0) {
            commitLeaderTerm[k] = term;
            commitEntryTerm[k] = entryTerm;
            maxCommitted = Math.max(maxCommitted, index);
        } else if (commitEntryTerm[k] != entryTerm) {
            throw new Violation(Violation.STATE_MACHINE_SAFETY, "leader " + n.id + " of term " + term + " commits " + entryTerm + "/" + index
                    + " but a leader of term " + commitLeaderTerm[k] + " committed " + commitEntryTerm[k] + "/" + index);
        } else if (term < commitLeaderTerm[k]) {
            commitLeaderTerm[k] = term;
        }
    }

    /** The index of the last membership change in {@code s} at or below {@code index}, or 0 if it is compacted. */
    private static long lastConfChangeAtOrBelow(MemoryStorage s, long index) {
        for (long i = index; i >= s.firstIndex(); i--) {
            if (s.entries(i, i + 1, Long.MAX_VALUE).get(0).type() == EntryType.CONF_CHANGE) {
                return i;
            }
        }
        return 0;
    }

    /** The nodes whose persisted storage holds entry {@code term/index}, in their log or in their snapshot. */
    private Set<Long> holders(long index, long term) {
        Set<Long> holders = new HashSet<>();
        for (SimNode n : nodes) {
            if (holds(n.storage, index, term)) {
                holders.add(n.id);
            }
        }
        return holders;
    }

    private static boolean meetsEveryHalf(Set<Long> holders, ConfState conf) {
        return formsQuorum(holders, conf.voters()) && (!conf.isJoint() || formsQuorum(holders, conf.votersOutgoing()));
    }

    // ---------------------------------------------------------------- persistence

    /** Before a node persists a Ready's snapshot and entries. */
    void beforePersist(SimNode n, Snapshot snap, List<Entry> entries) {
        RaftNode r = n.node;
        if (snap != null && snap.index() <= maxApplied) {
            if (appliedTerm[(int) snap.index()] != snap.term()) {
                throw new Violation(Violation.STATE_MACHINE_SAFETY, "snapshot " + snap.term() + "/" + snap.index() + " at node " + n.id
                        + " disagrees with the applied term " + appliedTerm[(int) snap.index()]);
            }
            if (appliedChain[(int) snap.index()] != SimNode.decodeChain(snap.data())) {
                throw new Violation(Violation.STATE_MACHINE_SAFETY, "snapshot at index " + snap.index() + " for node " + n.id + " holds a different history");
            }
        }
        for (int i = 0; i < entries.size(); i++) {
            Entry e = entries.get(i);
            long prevTerm = i > 0 ? entries.get(i - 1).term() : r.termAt(e.index() - 1);
            long d = digest(e) * 31 + prevTerm;
            Long known = entryDigests.putIfAbsent(new IndexTerm(e.index(), e.term()), d);
            if (known != null && known != d && prevTerm >= 0) {
                throw new Violation(Violation.LOG_MATCHING, "node " + n.id + " persists a different entry (or predecessor) at " + e.term() + "/" + e.index());
            }
            checkNotOverwritingCommitted(n, e);
        }
    }

    /**
     * Overwriting a committed entry is legal at a node that does not know it is committed, when a
     * leader of an older term than the commit reaches it (a stale leader, elected late by delayed
     * votes): the quorum that committed it has moved on. A leader of a later term must never do it.
     */
    private void checkNotOverwritingCommitted(SimNode n, Entry e) {
        int k = (int) e.index();
        if (e.index() > maxCommitted || commitLeaderTerm[k] == 0) {
            return;
        }
        MemoryStorage st = n.storage;
        if (commitEntryTerm[k] != e.term() && e.term() > commitLeaderTerm[k]
                && e.index() >= st.firstIndex() && e.index() <= st.lastIndex() && st.term(e.index()) == commitEntryTerm[k]) {
            throw new Violation(Violation.DURABILITY, "node " + n.id + " overwrites index " + e.index() + " (term " + commitEntryTerm[k]
                    + ", committed by a leader of term " + commitLeaderTerm[k] + ") with term " + e.term());
        }
    }

    /**
     * The Ready contract: after persisting, before sending, every message may promise only what the
     * sender's storage now holds. A vote (granted, or a candidate's for itself) must be the
     * persisted vote of the persisted term, and a node votes for at most one node per term, however
     * often it crashes; no message carries a term beyond the persisted one (a pre-vote asks about
     * the next); an acknowledged append is in the persisted log.
     */
    void beforeSend(SimNode n, List<Message> messages) {
        HardState hs = n.storage.hardState();
        for (Message m : messages) {
            MessageType type = m.type();
            long votedFor = type == MessageType.VOTE ? n.id : type == MessageType.VOTE_RESPONSE && !m.reject() ? m.to() : 0;
            if (votedFor != 0) {
                // A vote of a term the node has since left is safe: it never votes in that term again.
                if (hs.term() < m.term() || (hs.term() == m.term() && hs.vote() != votedFor)) {
                    throw new Violation(Violation.READY_CONTRACT, "node " + n.id + " sends " + type + " for " + votedFor + " in term " + m.term()
                            + " but persisted term " + hs.term() + " vote " + hs.vote());
                }
                Long earlier = votes.putIfAbsent(m.term() * 1000 + n.id, votedFor);
                if (earlier != null && earlier != votedFor) {
                    throw new Violation(Violation.READY_CONTRACT, "node " + n.id + " voted for " + earlier + " and " + votedFor + " in term " + m.term());
                }
            }
            boolean asksNextTerm = type == MessageType.PRE_VOTE || type == MessageType.PRE_VOTE_RESPONSE;
            if (m.term() > hs.term() + (asksNextTerm ? 1 : 0) && !(type == MessageType.PRE_VOTE_RESPONSE && !m.reject())) {
                throw new Violation(Violation.READY_CONTRACT, "node " + n.id + " sends " + type + " of term " + m.term() + " but persisted term " + hs.term());
            }
            if (type == MessageType.APPEND_RESPONSE && !m.reject()
                    && m.index() > Math.max(n.storage.lastIndex(), n.storage.snapshot().index())) {
                throw new Violation(Violation.READY_CONTRACT, "node " + n.id + " acknowledges index " + m.index()
                        + " but persisted only up to " + n.storage.lastIndex());
            }
        }
    }

    // ---------------------------------------------------------------- applying

    void onSnapshotInstalled(SimNode n, Snapshot snap) {
        if (snap.index() < n.applied) {
            throw new Violation(Violation.STATE_MACHINE_SAFETY, "node " + n.id + " installs snapshot " + snap.index() + " below its applied index " + n.applied);
        }
        n.applied = snap.index();
        n.chain = SimNode.decodeChain(snap.data());
        n.appliedConf = snap.confState();
        stats.snapshotsInstalled++;
    }

    void onApply(SimNode n, Entry e) {
        if (e.index() != n.applied + 1) {
            throw new Violation(Violation.STATE_MACHINE_SAFETY, "node " + n.id + " applies index " + e.index() + " after " + n.applied);
        }
        long chain = chain(n.chain, e);
        int i = (int) e.index();
        if (i <= maxApplied) {
            if (appliedTerm[i] != e.term() || appliedDigest[i] != digest(e) || appliedChain[i] != chain) {
                throw new Violation(Violation.STATE_MACHINE_SAFETY, "node " + n.id + " applies " + e.term() + "/" + e.index()
                        + " but " + appliedTerm[i] + "/" + i + " (or another history) was applied elsewhere");
            }
        } else {
            if (i > maxCommitted || commitLeaderTerm[i] == 0 || commitEntryTerm[i] != e.term()) {
                throw new Violation(Violation.STATE_MACHINE_SAFETY, "node " + n.id + " applies " + e.term() + "/" + e.index()
                        + ", which no leader was seen committing" + (i <= maxCommitted && commitLeaderTerm[i] != 0
                        ? " (a leader of term " + commitLeaderTerm[i] + " committed " + commitEntryTerm[i] + "/" + i + ")" : ""));
            }
            appliedTerm[i] = e.term();
            appliedDigest[i] = digest(e);
            appliedChain[i] = chain;
            maxApplied = i;
            if (e.type() == EntryType.CONF_CHANGE) {
                committedConf = MembershipChanger.applyFromLog(committedConf, e.data());
                stats.confChanges++;
            } else if (e.data().length > 0) {
                stats.commits++;
            }
            checkNoLeaderWithout(e);
        }
        n.chain = chain;
        n.applied = e.index();
        if (e.type() == EntryType.CONF_CHANGE) {
            n.appliedConf = MembershipChanger.applyFromLog(n.appliedConf, e.data());
        }
    }

    /**
     * No node lacking a newly committed entry could win an election with the logs as persisted:
     * the voters that would grant it their vote (their logs are not more up to date) must not form
     * a quorum. This is what leader completeness rests on (§5.4.3), checked when the entry commits
     * rather than when a later election happens to test it.
     */
    private void checkNoLeaderWithout(Entry e) {
        ConfState cs = committedConf;
        for (SimNode candidate : nodes) {
            if (!cs.isVoter(candidate.id) || holds(candidate.storage, e.index(), e.term())) {
                continue;
            }
            long lastIndex = candidate.storage.lastIndex();
            long lastTerm = candidate.storage.term(lastIndex);
            Set<Long> wouldVote = new HashSet<>();
            for (SimNode voter : nodes) {
                long vi = voter.storage.lastIndex();
                long vt = voter.storage.term(vi);
                if (lastTerm > vt || (lastTerm == vt && lastIndex >= vi)) {
                    wouldVote.add(voter.id);
                }
            }
            boolean wins = meetsEveryHalf(wouldVote, cs);
            if (wins) {
                throw new Violation(Violation.LEADER_COMPLETENESS, "committed entry " + e.term() + "/" + e.index() + " is missing at node "
                        + candidate.id + " (log ends " + lastTerm + "/" + lastIndex + "), which " + wouldVote + " would elect in " + cs);
            }
        }
    }

    private static boolean holds(MemoryStorage s, long index, long term) {
        return index <= s.snapshot().index()
                || (index <= s.lastIndex() && index >= s.firstIndex() && s.term(index) == term);
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

    /** A read is served at {@code n}: it must observe everything applied anywhere before it was issued. */
    void onReadServed(SimNode n, SimNode.PendingRead read) {
        if (n.applied < read.requiredApplied) {
            throw new Violation(Violation.LINEARIZABILITY, "node " + n.id + " served a read at applied index " + n.applied
                    + " (read index " + read.readIndex + ") but index " + read.requiredApplied + " was applied before the read was issued");
        }
        stats.reads++;
    }

    private void ensureCapacity(int i) {
        if (i >= appliedTerm.length) {
            int size = Math.max(i + 1, appliedTerm.length * 2);
            appliedTerm = Arrays.copyOf(appliedTerm, size);
            appliedDigest = Arrays.copyOf(appliedDigest, size);
            appliedChain = Arrays.copyOf(appliedChain, size);
            commitLeaderTerm = Arrays.copyOf(commitLeaderTerm, size);
            commitEntryTerm = Arrays.copyOf(commitEntryTerm, size);
        }
    }
}
