package io.managedkvs.raftkv.store.raftstore;

import static org.assertj.core.api.Assertions.assertThat;

import io.managedkvs.raftkv.proto.raft.Message;
import io.managedkvs.raftkv.proto.raft.MessageType;
import io.managedkvs.raftkv.proto.transport.RaftMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** Vote requests held for regions a split here has not created yet ({@link EarlyVotes}). */
class EarlyVotesTest {

    /** A vote request for {@code regionId}; {@code term} tells requests apart. */
    private static RaftMessage vote(long regionId, long term) {
        return RaftMessage.newBuilder().setRegionId(regionId)
                .setMessage(Message.newBuilder().setType(MessageType.VOTE).setTerm(term)).build();
    }

    private static List<Long> replayed(EarlyVotes votes, long regionId) {
        List<Long> terms = new ArrayList<>();
        votes.replay(regionId, m -> {
            assertThat(m.getRegionId()).isEqualTo(regionId);
            terms.add(m.getMessage().getTerm());
        });
        return terms;
    }

    @Test
    void aRegionGetsItsOwnRequestsInArrivalOrderAndOthersKeepTheirs() {
        EarlyVotes votes = new EarlyVotes();
        votes.hold(vote(7, 1));
        votes.hold(vote(8, 1));
        votes.hold(vote(7, 2));

        assertThat(replayed(votes, 7)).containsExactly(1L, 2L);
        assertThat(replayed(votes, 8)).containsExactly(1L);
    }

    @Test
    void replayedRequestsAreForgottenSoAPeerCreatedAgainDoesNotGetThemTwice() {
        EarlyVotes votes = new EarlyVotes();
        votes.hold(vote(7, 3));
        assertThat(replayed(votes, 7)).containsExactly(3L);
        assertThat(replayed(votes, 7)).isEmpty();
    }

    @Test
    void aRegionWithNothingHeldGetsNothing() {
        EarlyVotes votes = new EarlyVotes();
        votes.hold(vote(7, 1));
        assertThat(replayed(votes, 9)).isEmpty();
        assertThat(replayed(votes, 7)).containsExactly(1L);
    }

    @Test
    void pastItsCapacityTheOldestRequestsGoFirstWhateverTheirRegion() {
        EarlyVotes votes = new EarlyVotes();
        votes.hold(vote(8, 100));
        for (long t = 1; t <= EarlyVotes.CAPACITY; t++) {
            votes.hold(vote(7, t));
        }

        assertThat(replayed(votes, 8)).as("the oldest, pushed out").isEmpty();
        assertThat(replayed(votes, 7)).containsExactlyElementsOf(LongStream.rangeClosed(1, EarlyVotes.CAPACITY).boxed().toList());

        for (long t = 1; t <= EarlyVotes.CAPACITY + 5; t++) {
            votes.hold(vote(7, t));
        }
        assertThat(replayed(votes, 7)).containsExactlyElementsOf(LongStream.rangeClosed(6, EarlyVotes.CAPACITY + 5).boxed().toList());
    }
}
