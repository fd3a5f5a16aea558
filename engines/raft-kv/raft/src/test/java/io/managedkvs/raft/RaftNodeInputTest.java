package io.managedkvs.raft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.managedkvs.raft.harness.Cluster;
import io.managedkvs.raft.membership.ConfChange;
import io.managedkvs.raft.membership.ConfState;
import io.managedkvs.raft.message.Message;
import io.managedkvs.raft.message.MessageType;
import io.managedkvs.raft.storage.MemoryStorage;
import org.junit.jupiter.api.Test;

/** Bad input is refused with a message naming the field, and changes nothing. */
class RaftNodeInputTest {

    private final MemoryStorage storage = new MemoryStorage(ConfState.ofVoters(1));

    private RaftNode single() {
        RaftNode n = new RaftNode(RaftConfig.defaults(1), storage);
        n.campaign();
        persist(n.ready());
        n.advance();
        return n;
    }

    private Ready persist(Ready rd) {
        storage.append(rd.entries());
        if (rd.hardState() != null) {
            storage.setHardState(rd.hardState());
        }
        return rd;
    }

    @Test
    void configurationErrorsNameTheField() {
        assertThatThrownBy(() -> RaftConfig.defaults(0)).hasMessageContaining("id");
        assertThatThrownBy(() -> RaftConfig.defaults(1).withTicks(2, 2)).hasMessageContaining("electionTick");
        assertThatThrownBy(() -> RaftConfig.defaults(1).withElectionSafety(false, true).withReadOnly(ReadOnlyOption.LEASE_BASED))
                .hasMessageContaining("checkQuorum");
        assertThatThrownBy(() -> RaftConfig.defaults(1).withLimits(0, 1, 0, 1, 0)).hasMessageContaining("maxSizePerMsg");
    }

    @Test
    void aMessageForAnotherNodeIsRefusedAndChangesNothing() {
        RaftNode n = single();
        long term = n.term();
        assertThatThrownBy(() -> n.step(Message.builder(MessageType.HEARTBEAT).from(2).to(9).term(term + 3).build()))
                .hasMessageContaining("message.to");
        assertThat(n.term()).isEqualTo(term);
        assertThat(n.role()).isEqualTo(Role.LEADER);
    }

    @Test
    void anInvalidMembershipChangeIsRefusedAndNothingIsAppended() {
        RaftNode n = single();
        long last = n.lastIndex();
        assertThatThrownBy(() -> n.proposeConfChange(ConfChange.remove(1))).hasMessageContaining("changes");
        assertThat(n.lastIndex()).isEqualTo(last);
    }

    @Test
    void inputBetweenReadyAndAdvanceIsRefused() {
        RaftNode n = single();
        n.propose(new byte[] {1});
        persist(n.ready());
        assertThatThrownBy(n::tick).isInstanceOf(IllegalStateException.class).hasMessageContaining("tick()");
        assertThatThrownBy(() -> n.propose(new byte[] {2})).hasMessageContaining("propose()");
        n.advance();
        assertThat(n.propose(new byte[] {2}).accepted()).isTrue();
    }

    @Test
    void anIdleFollowerHasNoWorkAfterTicks() {
        RaftNode n = new RaftNode(RaftConfig.defaults(2), new MemoryStorage(ConfState.ofVoters(1, 2, 3)));
        if (n.hasReady()) {
            n.ready();
            n.advance();
        }
        for (int i = 0; i < 9; i++) {
            n.tick();
            assertThat(n.hasReady()).isFalse();
        }
    }

    @Test
    void acceptedProposalsComeBackAsCommittedEntriesWithTheirIndex() {
        RaftNode n = single();
        ProposalResult r = n.propose("x".getBytes());
        Ready rd = persist(n.ready());
        assertThat(rd.committedEntries()).anySatisfy(e -> {
            assertThat(e.index()).isEqualTo(r.index());
            assertThat(e.term()).isEqualTo(r.term());
        });
        n.advance();
        assertThat(n.appliedIndex()).isEqualTo(r.index());
    }

    @Test
    void unconfirmedReadsAreBoundedAndTheExcessRefused() {
        Cluster c = new Cluster();
        for (long id = 1; id <= 3; id++) {
            c.add(RaftConfig.defaults(id), ConfState.ofVoters(1, 2, 3));
        }
        c.node(1).campaign();
        c.stabilize();
        c.isolate(1);
        for (int i = 0; i < ReadIndexQueue.MAX_PENDING_READS; i++) {
            assertThat(c.node(1).readIndex(i)).isTrue();
        }
        assertThat(c.node(1).readIndex(-1)).isFalse();
        c.heal();
        c.stabilize();
        assertThat(c.member(1).reads).hasSize(ReadIndexQueue.MAX_PENDING_READS);
        assertThat(c.node(1).readIndex(-1)).isTrue();
    }
}
