package io.managedkvs.raft.sim;

/** Counts over a run, to show the simulation exercised what it claims to. */
final class SimStats {
    long elections;
    long commits;
    long reads;
    long confChanges;
    long crashes;
    long snapshotsInstalled;
    long transfers;
    long seedsPreVoteOff;
    long seedsWithDrift;
    long seedsSplitStart;

    void add(SimStats o) {
        elections += o.elections;
        commits += o.commits;
        reads += o.reads;
        confChanges += o.confChanges;
        crashes += o.crashes;
        snapshotsInstalled += o.snapshotsInstalled;
        transfers += o.transfers;
        seedsPreVoteOff += o.seedsPreVoteOff;
        seedsWithDrift += o.seedsWithDrift;
        seedsSplitStart += o.seedsSplitStart;
    }
}
