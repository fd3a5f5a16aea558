package io.managedkvs.scheduler.policy;

/** A node's score for a pod, from {@link PlacementPolicy#MIN_SCORE} to {@link PlacementPolicy#MAX_SCORE}. */
public record NodeScore(String node, int score) {
}
