package io.managedkvs.raft;

import static org.assertj.core.api.Assertions.assertThat;

import io.managedkvs.raft.harness.Cluster;
import io.managedkvs.raft.log.RaftLog;
import io.managedkvs.raft.membership.ConfState;
import io.managedkvs.raft.message.Entry;
import io.managedkvs.raft.message.Message;
import io.managedkvs.raft.message.MessageType;
import io.managedkvs.raft.storage.MemoryStorage;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * Rules from "In Search of an Understandable Consensus Algorithm" (Ongaro and Ousterhout, 2014);
 * each test names the section it checks. Thesis sections refer to Ongaro's dissertation (2014).
 */
class RaftPaperTest {

    private static Cluster cluster(int n) {
        return cluster(n, TestingBridge.Bug.NONE, 1 << 20);
    }

    /** {@code n} voters without PreVote and CheckQuorum, built with {@code bug}, carrying at most {@code maxSizePerMsg} bytes of entries per append. */
    private static Cluster cluster(int n, TestingBridge.Bug bug, long maxSizePerMsg) {
        Cluster c = new Cluster();
        long[] ids = new long[n];
        for (int i = 0; i < n; i++) {
            ids[i] = i + 1;
        }
        for (long id : ids) {
            RaftConfig cfg = RaftConfig.defaults(id).withElectionSafety(false, false)
                    .withLimits(maxSizePerMsg, 16 << 20, 64L << 20, 256, 0);
            c.add(cfg, ConfState.ofVoters(ids), bug);
        }
        return c;
    }

    private static Cluster withLeader(int n) {
        return withLeader(cluster(n));
    }

    private static Cluster withLeader(Cluster c) {
        c.node(1).campaign();
        c.stabilize();
        assertThat(c.node(1).role()).isEqualTo(Role.LEADER);
        return c;
    }

    @Test
    void section5_1_aLeaderThatSeesAHigherTermBecomesFollower() {
        Cluster c = withLeader(3);
        RaftNode leader = c.node(1);
        leader.step(Message.builder(MessageType.APPEND_RESPONSE).from(2).to(1).term(leader.term() + 5).build());
        assertThat(leader.role()).isEqualTo(Role.FOLLOWER);
        assertThat(leader.term()).isEqualTo(7);
    }

    @Test
    void section5_1_anAppendFromAStaleTermIsRefusedWithTheCurrentTerm() {
        Cluster c = withLeader(3);
        RaftNode follower = c.node(2);
        follower.step(Message.builder(MessageType.APPEND).from(3).to(2).term(1).index(1).logTerm(1).build());
        Ready rd = follower.ready();
        assertThat(rd.messages()).singleElement().satisfies(m -> {
            assertThat(m.type()).isEqualTo(MessageType.APPEND_RESPONSE);
            assertThat(m.term()).isEqualTo(2);
        });
        follower.advance();
    }

    @Test
    void section5_1_aVoteFromAStaleTermIsRefusedWithTheCurrentTerm() {
        Cluster c = withLeader(3);
        RaftNode follower = c.node(2);
        follower.step(Message.builder(MessageType.VOTE).from(3).to(2).term(1).index(100).logTerm(1).build());
        Ready rd = follower.ready();
        assertThat(rd.messages()).singleElement().satisfies(m -> {
            assertThat(m.type()).isEqualTo(MessageType.VOTE_RESPONSE);
            assertThat(m.reject()).isTrue();
            assertThat(m.term()).isEqualTo(2);
        });
        follower.advance();
        assertThat(follower.vote()).isEqualTo(1);
    }

    @Test
    void section5_2_aLeaderSendsHeartbeatsToEveryFollowerEachHeartbeatInterval() {
        Cluster c = withLeader(3);
        RaftNode leader = c.node(1);
        leader.tick();
        assertThat(leader.hasReady()).as("one tick is less than the heartbeat interval of 2").isFalse();
        leader.tick();
        Ready rd = c.processReady(1);
        assertThat(rd.messages()).extracting(Message::type).containsExactly(MessageType.HEARTBEAT, MessageType.HEARTBEAT);
        assertThat(rd.messages()).extracting(Message::to).containsExactlyInAnyOrder(2L, 3L);
    }

    @Test
    void section5_2_aCandidateWinsWithVotesFromAMajority() {
        Cluster c = cluster(5);
        c.isolate(4);
        c.isolate(5);
        c.node(1).campaign();
        c.stabilize();
        assertThat(c.node(1).role()).isEqualTo(Role.LEADER);
    }

    @Test
    void section5_2_aCandidateWithoutAMajorityDoesNotWin() {
        Cluster c = cluster(5);
        c.isolate(3);
        c.isolate(4);
        c.isolate(5);
        c.node(1).campaign();
        c.stabilize();
        assertThat(c.node(1).role()).isEqualTo(Role.CANDIDATE);
    }

    @Test
    void section5_2_eachServerVotesForAtMostOneCandidatePerTerm() {
        Cluster c = cluster(3);
        RaftNode voter = c.node(3);
        voter.step(Message.builder(MessageType.VOTE).from(1).to(3).term(2).index(1).logTerm(1).build());
        voter.step(Message.builder(MessageType.VOTE).from(2).to(3).term(2).index(1).logTerm(1).build());
        Ready rd = voter.ready();
        assertThat(rd.messages()).extracting(Message::to, Message::reject).containsExactly(
                org.assertj.core.groups.Tuple.tuple(1L, false), org.assertj.core.groups.Tuple.tuple(2L, true));
        assertThat(rd.hardState().vote()).isEqualTo(1);
        voter.advance();
    }

    @Test
    void section5_2_electionTimeoutsAreRandomisedWithinOneToTwoTimeouts() {
        Set<Integer> seen = new HashSet<>();
        for (long id = 1; id <= 50; id++) {
            RaftNode n = new RaftNode(RaftConfig.defaults(id), new MemoryStorage(ConfState.ofVoters(id, id + 1)));
            int timeout = TestingBridge.randomizedElectionTimeout(n);
            assertThat(timeout).isBetween(10, 19);
            seen.add(timeout);
        }
        assertThat(seen).as("timeouts spread over the range").hasSizeGreaterThan(5);
    }

    @Test
    void section5_3_aFollowerRefusesAnAppendWhosePreviousEntryDoesNotMatch() {
        Cluster c = withLeader(3);
        RaftNode follower = c.node(2);
        follower.step(Message.builder(MessageType.APPEND).from(1).to(2).term(2).index(5).logTerm(2)
                .entries(List.of(Entry.normal(2, 6, new byte[] {1}))).build());
        Ready rd = follower.ready();
        assertThat(rd.messages()).singleElement().satisfies(m -> {
            assertThat(m.reject()).isTrue();
            assertThat(m.rejectHint()).isEqualTo(2);
        });
        assertThat(rd.entries()).isEmpty();
        follower.advance();
    }

    @Test
    void section5_3_conflictingEntriesAreReplacedByTheLeaders() {
        Cluster c = withLeader(3);
        c.isolate(1);
        c.node(1).propose("stale".getBytes());
        c.stabilize();
        c.node(2).campaign();
        c.stabilize();
        c.node(2).propose("fresh".getBytes());
        c.stabilize();
        c.heal();
        c.node(2).tick();
        c.node(2).tick();
        c.stabilize();
        assertThat(c.member(1).applied).extracting(e -> new String(e.data())).contains("fresh").doesNotContain("stale");
    }

    @Test
    void section5_4_1_upToDateMeansHigherLastTermOrSameTermAndLongerLog() {
        MemoryStorage s = new MemoryStorage(ConfState.ofVoters(1));
        s.append(List.of(Entry.normal(2, 2, null), Entry.normal(3, 3, null)));
        RaftLog log = new RaftLog(s, 1 << 20);
        assertThat(log.isUpToDate(3, 3)).isTrue();
        assertThat(log.isUpToDate(2, 3)).isFalse();
        assertThat(log.isUpToDate(9, 2)).isFalse();
        assertThat(log.isUpToDate(1, 4)).isTrue();
    }

    @Test
    void section5_4_1_aVoterRefusesACandidateWhoseLastEntryIsOlder() {
        Cluster c = withLeader(3);
        Ready rd = staleCandidateAsksNode2(c);
        assertThat(rd.messages()).singleElement().satisfies(m -> {
            assertThat(m.type()).isEqualTo(MessageType.VOTE_RESPONSE);
            assertThat(m.to()).isEqualTo(3);
            assertThat(m.reject()).as("node 3's log ends at 2/2, node 2's at 2/3").isTrue();
        });
        assertThat(rd.hardState().vote()).isZero();
        // An up-to-date candidate of the same term gets the vote: the refusal was the log check.
        c.node(2).step(Message.builder(MessageType.VOTE).from(1).to(2).term(3).index(3).logTerm(2).build());
        assertThat(c.processReady(2).messages()).singleElement().satisfies(m -> {
            assertThat(m.to()).isEqualTo(1);
            assertThat(m.reject()).isFalse();
        });
        assertThat(c.node(2).vote()).isEqualTo(1);
    }

    @Test
    void section5_4_1_aLongerLogDoesNotOutweighAnOlderLastTerm() {
        Cluster c = withLeader(3);
        c.node(1).propose("x".getBytes());
        c.stabilize();
        // Node 3 claims a longer log whose last entry is from term 1: node 2's ends at 2/3.
        c.node(2).step(Message.builder(MessageType.VOTE).from(3).to(2).term(5).index(9).logTerm(1).build());
        Ready rd = c.processReady(2);
        assertThat(rd.messages()).singleElement().satisfies(m -> assertThat(m.reject()).isTrue());
        assertThat(c.node(2).vote()).isZero();
    }

    @Test
    void section5_4_1_theVoteChecksAreSensitiveToTheLogCheck() {
        // The same steps with the log check switched off grant the vote: the tests above can fail.
        Cluster c = withLeader(cluster(3, TestingBridge.Bug.VOTE_WITHOUT_LOG_CHECK, 1 << 20));
        assertThat(staleCandidateAsksNode2(c).messages()).singleElement().satisfies(m -> assertThat(m.reject()).isFalse());
    }

    /** Nodes 1 and 2 store 2/3 while node 3 is cut off; node 3 then campaigns in term 3 and node 2 answers. */
    private static Ready staleCandidateAsksNode2(Cluster c) {
        c.isolate(3);
        c.node(1).propose("x".getBytes());
        c.stabilize();
        c.heal();
        c.node(3).campaign();
        c.processReady(3);
        c.dropInbox(1);
        c.deliver(2);
        return c.processReady(2);
    }

    @Test
    void section5_4_2_entriesFromEarlierTermsAreNotCommittedByCountingReplicas() {
        Cluster c = figure8(TestingBridge.Bug.NONE);
        RaftNode leader = c.node(2);
        // Leader 2 of term 3 knows that nodes 2 and 3, a majority, store "old" (2/3) at index 3.
        assertThat(leader.term()).isEqualTo(3);
        assertThat(TestingBridge.progress(leader, 3).match()).isEqualTo(3);
        assertThat(c.member(2).storage.term(3)).isEqualTo(2);
        assertThat(c.member(3).storage.term(3)).isEqualTo(2);
        assertThat(leader.commitIndex()).as("an entry of term 2 is not committed by counting replicas in term 3").isEqualTo(2);
        // The entry of term 3 at index 4 reaches node 3: committing it commits index 3 too.
        runUntil(c, () -> TestingBridge.progress(leader, 3).match() >= 4);
        assertThat(leader.commitIndex()).isEqualTo(4);
        c.stabilize();
        assertThat(c.member(3).applied).extracting(Entry::index, Entry::term, e -> new String(e.data()))
                .containsSubsequence(org.assertj.core.groups.Tuple.tuple(3L, 2L, "old"), org.assertj.core.groups.Tuple.tuple(4L, 3L, ""));
    }

    @Test
    void section5_4_2_theCommitCheckIsSensitiveToCountingEarlierTerms() {
        // The same steps at a leader that counts replicas of earlier terms commit index 3 at once:
        // the test above can fail.
        Cluster c = figure8(TestingBridge.Bug.COMMIT_PREVIOUS_TERM_BY_COUNTING);
        assertThat(c.node(2).commitIndex()).isEqualTo(3);
    }

    /**
     * Figure 8's setting: leader 1 of term 2 replicates "old" to node 2 only and never learns it;
     * node 2 becomes leader of term 3 with votes from 2 and 3, while node 1 stays out. Appends carry
     * one entry each, so node 3 receives "old" before the entry of term 3. Stops when leader 2 has
     * learned that node 3 stores index 3.
     */
    private static Cluster figure8(TestingBridge.Bug bug) {
        Cluster c = withLeader(cluster(3, bug, 1));
        c.cut(1, 3);
        c.cut(2, 1);
        assertThat(c.node(1).propose("old".getBytes()).index()).isEqualTo(3);
        c.stabilize();
        assertThat(c.member(2).storage.lastIndex()).isEqualTo(3);
        assertThat(c.member(3).storage.lastIndex()).isEqualTo(2);
        assertThat(c.node(1).commitIndex()).isEqualTo(2);
        c.heal();
        c.cut(2, 1);
        c.node(2).campaign();
        runUntil(c, () -> c.node(2).role() == Role.LEADER && TestingBridge.progress(c.node(2), 3).match() >= 3);
        return c;
    }

    /** Handles Readys and delivers messages, one node at a time, until {@code done} holds. */
    private static void runUntil(Cluster c, BooleanSupplier done) {
        for (int round = 0; round < 100; round++) {
            for (long id : c.ids()) {
                if (done.getAsBoolean()) {
                    return;
                }
                if (c.node(id).hasReady()) {
                    c.processReady(id);
                }
                if (done.getAsBoolean()) {
                    return;
                }
                c.deliver(id);
            }
        }
        throw new AssertionError("the cluster did not reach the expected state");
    }

    @Test
    void section7_aFollowerBehindTheCompactedLogInstallsTheLeadersSnapshot() {
        Cluster c = withLeader(3);
        c.isolate(3);
        c.node(1).propose("a".getBytes());
        c.stabilize();
        c.compact(1, 3);
        c.heal();
        c.node(1).tick();
        c.node(1).tick();
        c.stabilize();
        assertThat(c.member(3).storage.snapshot().index()).isEqualTo(3);
        assertThat(c.node(3).commitIndex()).isEqualTo(3);
    }

    @Test
    void thesis6_4_aReadIndexIsAnsweredOnlyAfterAQuorumConfirmedLeadership() {
        Cluster c = withLeader(3);
        c.isolate(1);
        c.node(1).readIndex(42);
        c.stabilize();
        assertThat(c.member(1).reads).isEmpty();
        c.heal();
        c.node(1).readIndex(43);
        c.stabilize();
        assertThat(c.member(1).reads).extracting(ReadState::requestId).contains(43L);
    }

    /**
     * A follower that backs a leader's lease grants no vote until the lease has run out, even after
     * a message of a later term that is not from a leader moved it to that term with no leader
     * (issue 10: a vote answer to a stale request did exactly that).
     */
    @Test
    void thesis6_4_1_aFollowerBackingALeaseGrantsNoVoteAfterATermChange() {
        Cluster c = leaseClusterWithLeader();
        RaftNode follower = c.node(2);
        follower.step(Message.builder(MessageType.VOTE_RESPONSE).from(3).to(2).term(3).reject(true).build());
        assertThat(follower.term()).isEqualTo(3);
        assertThat(follower.leaderId()).isZero();
        follower.step(Message.builder(MessageType.VOTE).from(3).to(2).term(3).index(2).logTerm(2).build());
        Ready rd = c.processReady(2);
        assertThat(rd.messages()).singleElement().satisfies(m -> assertThat(m.reject()).isTrue());
        assertThat(follower.vote()).isZero();
        c.tick(2, 9);
        follower.step(Message.builder(MessageType.VOTE).from(3).to(2).term(3).index(2).logTerm(2).build());
        assertThat(c.processReady(2).messages()).singleElement().satisfies(m -> assertThat(m.reject()).isTrue());
        c.tick(2, 1);
        follower.step(Message.builder(MessageType.VOTE).from(3).to(2).term(3).index(2).logTerm(2).build());
        assertThat(c.processReady(2).messages()).singleElement().satisfies(m -> assertThat(m.reject()).as("the lease it backed has run out").isFalse());
        assertThat(follower.vote()).isEqualTo(3);
    }

    /**
     * A follower told to campaign while it backs a leader's lease does not: with its own vote and that
     * of a follower the leader no longer reaches, it would win while the leader still serves lease
     * reads on the strength of its acknowledgement.
     */
    @Test
    void thesis6_4_1_aFollowerBackingALeaseDoesNotCampaignWhenAsked() {
        Cluster c = leaseClusterWithLeader();
        long term = c.node(1).term();
        c.node(2).campaign();
        assertThat(c.node(2).role()).isEqualTo(Role.FOLLOWER);
        assertThat(c.node(2).term()).isEqualTo(term);
        c.tick(2, 10);
        c.node(2).campaign();
        assertThat(c.node(2).role()).as("the lease it backed has run out").isNotEqualTo(Role.FOLLOWER);
    }

    /** Three lease-reading voters past their restart lease, node 1 leading. */
    private static Cluster leaseClusterWithLeader() {
        Cluster c = new Cluster();
        for (long id = 1; id <= 3; id++) {
            c.add(RaftConfig.defaults(id).withElectionSafety(true, false).withReadOnly(ReadOnlyOption.LEASE_BASED), ConfState.ofVoters(1, 2, 3));
        }
        for (long id = 1; id <= 3; id++) {
            c.tick(id, 10);
        }
        withLeader(c);
        return c;
    }
}
