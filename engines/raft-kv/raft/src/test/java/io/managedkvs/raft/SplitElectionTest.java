package io.managedkvs.raft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.managedkvs.raft.harness.Cluster;
import io.managedkvs.raft.membership.ConfState;
import io.managedkvs.raft.message.HardState;
import io.managedkvs.raft.message.Message;
import io.managedkvs.raft.message.MessageType;
import io.managedkvs.raft.storage.MemoryStorage;
import org.junit.jupiter.api.Test;

/**
 * The first election of a group a split has just created (docs/raft.md, "Splits"): the member on
 * the store whose parent peer led elects at once; every other member keeps the restart lease,
 * because the parent's leader may not have applied the split yet and may still serve lease reads
 * of the range. Nodes are configured as the store configures them: lease reads, PreVote,
 * CheckQuorum.
 */
class SplitElectionTest {

    private static final ConfState VOTERS = ConfState.ofVoters(1, 2, 3);

    private static RaftConfig config(long id) {
        return RaftConfig.defaults(id).withTicks(10, 2).withReadOnly(ReadOnlyOption.LEASE_BASED);
    }

    /** Three members just created by a split whose parent leader's store holds member 1. */
    private static Cluster splitGroup(TestingBridge.Bug bug) {
        Cluster c = new Cluster();
        for (long id = 1; id <= 3; id++) {
            c.addCreatedBySplit(config(id), VOTERS, 1, bug);
        }
        return c;
    }

    @Test
    void theSplitLeadersMemberIsElectedAtOnce() {
        Cluster c = splitGroup(TestingBridge.Bug.NONE);
        c.node(1).campaign();
        c.stabilize();
        assertThat(c.leader()).as("elected without a single tick").isEqualTo(1);
        assertThat(c.node(2).leaderId()).isEqualTo(1);
        assertThat(c.node(3).leaderId()).isEqualTo(1);
    }

    @Test
    void aGroupStartedWithoutTheSplitRuleWaitsOutItsRestartLease() {
        Cluster c = new Cluster();
        for (long id = 1; id <= 3; id++) {
            c.add(config(id), VOTERS);
        }
        c.node(1).campaign();
        c.stabilize();
        assertThat(c.leader()).as("what splits cost before: an election timeout at least").isZero();
    }

    @Test
    void anotherNewMemberCannotWinWhileTheParentLeadersLeaseMayBeLive() {
        Cluster c = splitGroup(TestingBridge.Bug.NONE);
        c.node(2).campaign();
        assertThat(c.node(2).role()).as("an explicit campaign within the restart lease").isEqualTo(Role.FOLLOWER);
        TestingBridge.electionTimeout(c.node(2));
        c.stabilize();
        assertThat(c.leader()).as("members 1 and 3 refuse member 2 within their restart lease").isZero();
        for (long id = 1; id <= 3; id++) {
            c.tick(id, 10);
        }
        TestingBridge.electionTimeout(c.node(2));
        c.stabilize();
        assertThat(c.leader()).as("after an election timeout the normal rules elect anyone").isEqualTo(2);
    }

    @Test
    void theWaiverEndsOnceAMemberHeardFromALeader() {
        assertThat(splitLeaderWinsAgainstALiveLease(TestingBridge.Bug.NONE)).isFalse();
        assertThat(splitLeaderWinsAgainstALiveLease(TestingBridge.Bug.SPLIT_VOTE_KEPT_AFTER_LEADER))
                .as("the deliberate bug shows what the rule prevents").isTrue();
    }

    /**
     * Members 2 and 3 elect 2 once their restart lease is over; member 1 follows it, so it knows
     * the log, until it is cut off from 2 and its election timeout fires while 3 backs 2's lease.
     * Returns whether 1 won.
     */
    private static boolean splitLeaderWinsAgainstALiveLease(TestingBridge.Bug bug) {
        Cluster c = splitGroup(bug);
        for (long id = 1; id <= 3; id++) {
            c.tick(id, 10);
        }
        TestingBridge.electionTimeout(c.node(2));
        c.stabilize();
        assertThat(c.leader()).isEqualTo(2);
        c.tick(2, 2);
        c.stabilize();
        assertThat(TestingBridge.leaseValid(c.node(2))).as("a quorum acknowledged a heartbeat").isTrue();
        c.cut(1, 2);
        c.cut(2, 1);
        TestingBridge.electionTimeout(c.node(1));
        c.stabilize();
        return c.node(1).role() == Role.LEADER;
    }

    @Test
    void aRestartedMemberKeepsTheNormalRules() {
        Cluster c = splitGroup(TestingBridge.Bug.NONE);
        c.restart(3);
        c.node(1).campaign();
        c.processReady(1);
        c.deliver(3);
        assertThat(c.processReady(3).messages()).as("ignored: it may have backed a lease before its restart").isEmpty();
        c.stabilize();
        assertThat(c.leader()).as("member 2's vote is enough").isEqualTo(1);
    }

    @Test
    void aMemberThatHasVotedIgnoresTheSplitRule() {
        MemoryStorage voted = new MemoryStorage(VOTERS);
        voted.setHardState(new HardState(2, 3, 1));
        assertThat(answersPreVoteOfMember1(RaftNode.createdBySplit(config(2), voted, 1)))
                .as("ignored: it took part in an election of this group and may back a lease").isEmpty();
        assertThat(answersPreVoteOfMember1(RaftNode.createdBySplit(config(2), new MemoryStorage(VOTERS), 1)))
                .singleElement().satisfies(m -> assertThat(m.reject()).isFalse());
    }

    private static java.util.List<Message> answersPreVoteOfMember1(RaftNode node) {
        node.step(Message.builder(MessageType.PRE_VOTE).from(1).to(2).term(3).index(1).logTerm(1).build());
        return node.ready().messages();
    }

    @Test
    void aSplitLeaderOutsideTheGroupIsRefusedByName() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> RaftNode.createdBySplit(config(1), new MemoryStorage(VOTERS), 7))
                .withMessageContaining("splitLeader").withMessageContaining("7");
    }
}
