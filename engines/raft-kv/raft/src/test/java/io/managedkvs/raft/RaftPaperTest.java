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
import org.junit.jupiter.api.Test;

/**
 * Rules from "In Search of an Understandable Consensus Algorithm" (Ongaro and Ousterhout, 2014);
 * each test names the section it checks. Thesis sections refer to Ongaro's dissertation (2014).
 */
class RaftPaperTest {

    private static Cluster cluster(int n) {
        Cluster c = new Cluster();
        long[] ids = new long[n];
        for (int i = 0; i < n; i++) {
            ids[i] = i + 1;
        }
        for (long id : ids) {
            c.add(RaftConfig.defaults(id).withElectionSafety(false, false), ConfState.ofVoters(ids));
        }
        return c;
    }

    private static Cluster withLeader(int n) {
        Cluster c = cluster(n);
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
    void section5_1_aRequestFromAStaleTermIsRefusedWithTheCurrentTerm() {
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
    void section5_4_2_entriesFromEarlierTermsAreNotCommittedByCountingReplicas() {
        Cluster c = withLeader(3);
        RaftNode leader = c.node(1);
        // Pretend a quorum acknowledges the empty entry only partially: index 1 is from term 1.
        leader.step(Message.builder(MessageType.APPEND_RESPONSE).from(2).to(1).term(2).index(1).build());
        assertThat(leader.commitIndex()).as("index 2 (term 2) is committed, index 1 only with it").isEqualTo(2);
        assertThat(leader.termAt(1)).isEqualTo(1);
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
}
