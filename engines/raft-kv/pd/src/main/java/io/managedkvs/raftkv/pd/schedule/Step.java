package io.managedkvs.raftkv.pd.schedule;

import com.google.protobuf.ByteString;

/**
 * One step of an operator, named by store rather than by peer so that schedulers stay pure: the
 * controller finds the peer in the region as it is when the step runs.
 */
public sealed interface Step {

    /** A new non-voting replica on {@code storeId}; {@code peerId} is allocated when the operator is admitted (0 until then). */
    record AddLearner(long storeId, long peerId) implements Step {
        public AddLearner withPeerId(long id) {
            return new AddLearner(storeId, id);
        }
    }

    /** The learner on {@code storeId} becomes a voter. */
    record PromoteLearner(long storeId) implements Step {
    }

    /** The replica on {@code storeId} leaves the region. */
    record RemovePeer(long storeId) implements Step {
    }

    /** The replica on {@code storeId} becomes the leader. */
    record TransferLeader(long storeId) implements Step {
    }

    /** The region splits at {@code splitKey} (empty: the store picks the middle). */
    record Split(ByteString splitKey) implements Step {
    }
}
