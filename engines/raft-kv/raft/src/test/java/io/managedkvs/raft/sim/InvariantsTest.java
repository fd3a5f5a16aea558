package io.managedkvs.raft.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.managedkvs.raft.RaftConfig;
import io.managedkvs.raft.Role;
import io.managedkvs.raft.TestingBridge;
import io.managedkvs.raft.membership.ConfChange;
import io.managedkvs.raft.membership.ConfChangeCodec;
import io.managedkvs.raft.membership.ConfChangeSingle;
import io.managedkvs.raft.membership.ConfChangeType;
import io.managedkvs.raft.membership.ConfState;
import io.managedkvs.raft.message.Entry;
import io.managedkvs.raft.message.EntryType;
import io.managedkvs.raft.message.HardState;
import io.managedkvs.raft.message.Message;
import io.managedkvs.raft.message.MessageType;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The checker itself, on hand-made states: what the simulator must report, and what it must let
 * pass. Nodes are real {@link io.managedkvs.raft.RaftNode}s started from storage prepared here.
 */
class InvariantsTest {

    private static final ConfState FOUNDING = ConfState.ofVoters(1, 2, 3, 4, 5);
    /** Joint: incoming voters 1, 2, 3 and outgoing voters 1, 4, 5. */
    private static final ConfState JOINT = new ConfState(set(1, 2, 3), set(1, 4, 5), set(), set(), true);
    private static final ConfState INCOMING = ConfState.ofVoters(1, 2, 3);

    private final List<SimNode> nodes = new ArrayList<>();
    private final Invariants inv = new Invariants(FOUNDING, nodes, new SimStats());

    InvariantsTest() {
        for (long id = 1; id <= 5; id++) {
            nodes.add(new SimNode(id, RaftConfig.defaults(id), FOUNDING, TestingBridge.Bug.NONE));
        }
    }

    @Test
    void aNewLeaderLackingAnEntryCommittedInAnEarlierTermBreaksCompleteness() {
        // Leader 1 of term 5 commits 5/2, held by 1, 2 and 3. Node 2, already in term 7, applies it first.
        Entry e = Entry.normal(5, 2, new byte[] {42});
        restart(node(1), 5, e);
        restart(node(2), 7, e);
        restart(node(3), 5, e);
        restart(node(4), 5);
        inv.onLeaderCommit(node(1), 1, 2, FOUNDING, null);
        inv.onApply(node(2), e);
        // Node 4, whose log ends before index 2, is elected in term 6: a term after the commit,
        // though before that of the node that applied it first.
        electInNextTerm(node(4));
        Violation v = catchThrowableOfType(inv::observeRoles, Violation.class);
        assertThat(v).as("leader 4 of term 6 lacks what term 5 committed").isNotNull();
        assertThat(v.category()).isEqualTo(Violation.LEADER_COMPLETENESS);
    }

    @Test
    void aLeaderOfATermBeforeTheCommitNeedNotHoldTheEntry() {
        Entry e = Entry.normal(5, 2, new byte[] {42});
        restart(node(1), 5, e);
        restart(node(2), 5, e);
        restart(node(3), 5, e);
        restart(node(4), 3);
        inv.onLeaderCommit(node(1), 1, 2, FOUNDING, null);
        // A leader of term 4 is elected late, by delayed votes: it cannot commit anything.
        electInNextTerm(node(4));
        assertThat(node(4).node.term()).isEqualTo(4);
        assertThatCode(inv::observeRoles).doesNotThrowAnyException();
    }

    @Test
    void aCommitHeldByAQuorumOfOnlyOneHalfOfAJointConfigurationIsNotDurable() {
        Entry e = Entry.normal(2, 2, new byte[] {7});
        for (long id : new long[] {1, 2, 3}) {
            restart(node(id), 2, e);
        }
        // 1, 2, 3 are all of the incoming voters but only one of the outgoing voters 1, 4, 5.
        Violation v = catchThrowableOfType(() -> inv.onLeaderCommit(node(1), 1, 2, JOINT, null), Violation.class);
        assertThat(v).isNotNull();
        assertThat(v.category()).isEqualTo(Violation.DURABILITY);
        assertThat(v.getMessage()).contains("persisted only on [1, 2, 3]");
    }

    @Test
    void aCommitHeldByAQuorumOfEachHalfIsDurable() {
        Entry e = Entry.normal(2, 2, new byte[] {7});
        for (long id : new long[] {1, 2, 4}) {
            restart(node(id), 2, e);
        }
        assertThatCode(() -> inv.onLeaderCommit(node(1), 1, 2, JOINT, null)).doesNotThrowAnyException();
    }

    @Test
    void afterTheJointEntryCommitsTheLeaderMayCommitLaterEntriesInTheNewConfiguration() {
        // Index 2 is the joint entry, held by a quorum of each half; index 3 only by 1 and 2,
        // a quorum of the incoming voters, after the automatic leave was appended.
        Entry joint = jointEntry(2);
        Entry later = Entry.normal(2, 3, new byte[] {9});
        restart(node(1), 2, joint, later);
        restart(node(2), 2, joint, later);
        restart(node(4), 2, joint);
        assertThatCode(() -> inv.onLeaderCommit(node(1), 1, 3, INCOMING, JOINT)).doesNotThrowAnyException();
    }

    @Test
    void leavingAJointConfigurationDoesNotExcuseAJointEntryMissingFromOneHalf() {
        Entry joint = jointEntry(2);
        Entry later = Entry.normal(2, 3, new byte[] {9});
        restart(node(1), 2, joint, later);
        restart(node(2), 2, joint, later);
        Violation v = catchThrowableOfType(() -> inv.onLeaderCommit(node(1), 1, 3, INCOMING, JOINT), Violation.class);
        assertThat(v).isNotNull();
        assertThat(v.category()).isEqualTo(Violation.DURABILITY);
        assertThat(v.getMessage()).contains("joint entry 2 is not committed");
    }

    private SimNode node(long id) {
        return nodes.get((int) id - 1);
    }

    /** Gives {@code n} a persisted term and entries after its bootstrap snapshot, and restarts it. */
    private static void restart(SimNode n, long term, Entry... entries) {
        n.storage.setHardState(new HardState(term, 0, 1));
        n.storage.append(List.of(entries));
        n.crash();
        n.start();
    }

    /** Makes {@code n} leader of the next term with votes it is sent from nodes 1 and 2. */
    private static void electInNextTerm(SimNode n) {
        n.node.campaign();
        long term = n.node.term() + 1;
        for (long from : new long[] {1, 2}) {
            n.node.step(Message.builder(MessageType.PRE_VOTE_RESPONSE).from(from).to(n.id).term(term).build());
        }
        for (long from : new long[] {1, 2}) {
            n.node.step(Message.builder(MessageType.VOTE_RESPONSE).from(from).to(n.id).term(term).build());
        }
        assertThat(n.node.role()).isEqualTo(Role.LEADER);
    }

    private static Entry jointEntry(long index) {
        ConfChange change = new ConfChange(ConfChange.Transition.JOINT_IMPLICIT, List.of(
                new ConfChangeSingle(ConfChangeType.REMOVE_NODE, 4), new ConfChangeSingle(ConfChangeType.REMOVE_NODE, 5)));
        return new Entry(2, index, EntryType.CONF_CHANGE, ConfChangeCodec.encode(change));
    }

    private static TreeSet<Long> set(long... ids) {
        TreeSet<Long> s = new TreeSet<>();
        for (long id : ids) {
            s.add(id);
        }
        return s;
    }
}
