package io.managedkvs.redis.actuator;

import static io.managedkvs.redis.actuator.Cluster.healthy;
import static io.managedkvs.redis.actuator.Cluster.r;
import static org.assertj.core.api.Assertions.assertThat;

import io.managedkvs.api.engine.EngineStatus.Finding;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class PlannerTest {

    @Test
    void aHealthyInstanceNeedsNothing() {
        Plan plan = healthy(3, 0).plan();

        assertThat(plan.primary()).contains("c-redis-0");
        assertThat(plan.steps()).isEmpty();
        assertThat(plan.restarts()).isEmpty();
        assertThat(plan.problems()).isEmpty();
        assertThat(plan.settled()).isTrue();
        assertThat(plan.membersReady()).isEqualTo(3);
    }

    @Nested
    class Bootstrap {

        @Test
        void aNewInstanceMakesTheFirstMemberPrimary() {
            Plan plan = new Cluster(3, 3).standalone(0).standalone(1).standalone(2)
                    .freshSentinel(0).freshSentinel(1).freshSentinel(2).plan();

            assertThat(plan.primary()).contains("c-redis-0");
            assertThat(plan.steps()).filteredOn(s -> s instanceof Step.Monitor).hasSize(3)
                    .allSatisfy(s -> assertThat(((Step.Monitor) s).primary()).isEqualTo(r(0)));
            assertThat(plan.steps()).filteredOn(s -> s instanceof Step.Demote)
                    .extracting(s -> ((Step.Demote) s).node().name()).containsExactly("c-redis-1", "c-redis-2");
            assertThat(plan.steps().get(0)).as("replicas are pointed before Sentinels are registered").isInstanceOf(Step.Demote.class);
            assertThat(plan.settled()).isFalse();
            assertThat(plan.progress()).extracting(Finding::reason).contains("Bootstrapping", "SentinelRegistered");
        }

        @Test
        void existingReplicationIsAdoptedWhereverThePrimaryIs() {
            Plan plan = new Cluster(3, 3).primary(2).replica(0, 2).replica(1, 2)
                    .freshSentinel(0).freshSentinel(1).freshSentinel(2).plan();

            assertThat(plan.primary()).contains("c-redis-2");
            assertThat(plan.steps()).noneMatch(s -> s instanceof Step.ReplicaOf || s instanceof Step.Demote);
            assertThat(plan.steps()).filteredOn(s -> s instanceof Step.Monitor)
                    .allSatisfy(s -> assertThat(((Step.Monitor) s).primary()).isEqualTo(r(2)));
        }

        @Test
        void withoutSentinelsTheMemberHoldingDataWinsOverTheFirstOne() {
            Plan plan = new Cluster(2, 1).standalone(0).primary(1).freshSentinel(0).plan();

            assertThat(plan.primary()).contains("c-redis-1");
        }

        @Test
        void nothingIsDoneWhenNoMemberAnswers() {
            Plan plan = new Cluster(2, 1).down(0).down(1).freshSentinel(0).plan();

            assertThat(plan.primary()).isEmpty();
            assertThat(plan.steps()).isEmpty();
            assertThat(plan.problems()).extracting(Finding::reason).contains("PrimaryUnknown", "MemberDown");
        }
    }

    @Nested
    class SentinelsView {

        @Test
        void sentinelsPrimaryWinsOverTheOrdinal() {
            Plan plan = healthy(3, 1).plan();

            assertThat(plan.primary()).contains("c-redis-1");
            assertThat(plan.steps()).isEmpty();
        }

        @Test
        void theNewestConfigurationEpochWins() {
            Plan plan = healthy(3, 1).monitoring(0, 0, 1).monitoring(1, 1, 2).monitoring(2, 1, 2).plan();

            assertThat(plan.primary()).contains("c-redis-1");
        }

        @Test
        void aSecondPrimaryIsMadeAReplicaOfSentinelsPrimary() {
            Plan plan = healthy(3, 0).primary(2).plan();

            assertThat(plan.steps()).singleElement().isEqualTo(new Step.Demote(r(2), r(0), "split brain"));
            assertThat(plan.problems()).extracting(Finding::reason).containsExactly("SplitBrainRepaired");
            assertThat(plan.settled()).isFalse();
        }

        @Test
        void nothingCompetesWithAFailoverInProgress() {
            Plan plan = healthy(3, 0).primary(2).monitoring(0, 0, 1, "failover_in_progress").plan();

            assertThat(plan.steps()).noneMatch(s -> s instanceof Step.ReplicaOf || s instanceof Step.Demote);
            assertThat(plan.restarts()).isEmpty();
            assertThat(plan.progress()).extracting(Finding::reason).contains("FailoverInProgress");
        }

        @Test
        void anUnreachablePrimaryIsLeftToSentinel() {
            Plan plan = healthy(3, 0).down(0).plan();

            assertThat(plan.primary()).contains("c-redis-0");
            assertThat(plan.steps()).isEmpty();
            assertThat(plan.problems()).extracting(Finding::reason).contains("PrimaryDown", "MemberDown");
            assertThat(plan.problems()).filteredOn(f -> f.reason().equals("PrimaryDown")).allSatisfy(f -> assertThat(f.serving()).isFalse());
            assertThat(plan.membersReady()).isZero();
        }

        @Test
        void aReplicaFollowingAWrongAddressIsRepointed() {
            Plan plan = healthy(3, 0).replicaOfAddress(1, "10.9.9.9", 6379, false).plan();

            assertThat(plan.steps()).singleElement().satisfies(s -> {
                assertThat(s).isInstanceOf(Step.ReplicaOf.class);
                assertThat(((Step.ReplicaOf) s).node()).isEqualTo(r(1));
                assertThat(((Step.ReplicaOf) s).primary()).isEqualTo(r(0));
            });
            assertThat(plan.problems()).extracting(Finding::reason).containsExactly("ReplicaRepointed");
        }

        @Test
        void aReplicaWhoseLinkIsDownToThePrimaryItFollowsIsReportedNotRepointed() {
            // Down for 30 s: Redis retries every second, and REPLICAOF to the primary it follows does nothing.
            Plan plan = healthy(3, 0).linkDown(1, 0).plan();

            assertThat(plan.steps()).isEmpty();
            assertThat(plan.problems()).singleElement().satisfies(f -> {
                assertThat(f.reason()).isEqualTo("ReplicaOutOfSync");
                assertThat(f.message()).contains(r(1).name() + " is not in sync with the primary " + r(0).name())
                        .contains("link down for 30 s").contains("retries every second by itself, so it is not re-pointed")
                        .contains("its log says why");
            });
        }

        @Test
        void aReplicaWithItsLinkDownIsReportedAndBlocksRestarts() {
            Plan plan = healthy(3, 0).linkDown(2, 0).outdated(0, 1, 2).plan();

            assertThat(plan.problems()).extracting(Finding::reason).containsExactly("ReplicaOutOfSync");
            assertThat(plan.restarts()).isEmpty();
            assertThat(plan.settled()).isFalse();
            assertThat(plan.membersReady()).isEqualTo(2);
        }
    }

    /** The platform never competes with Sentinel: roles change only towards a majority's view. */
    @Nested
    class SentinelQuorum {

        @Test
        void withEverySentinelUnreachableNothingIsChosenFromTheMembers() {
            // Two members claim the primary role; one of them may be the one Sentinel just promoted.
            Plan plan = new Cluster(3, 3).primary(0).primary(1).replica(2, 0)
                    .sentinelDown(0).sentinelDown(1).sentinelDown(2).plan();

            assertThat(plan.primary()).isEmpty();
            assertThat(plan.steps()).isEmpty();
            assertThat(plan.restarts()).isEmpty();
            assertThat(plan.problems()).extracting(Finding::reason).contains("NoQuorum", "SentinelDown");
        }

        @Test
        void oneStaleSentinelIsNotEnoughToDemoteAMember() {
            // The only Sentinel that answers still names member 0; member 1 is likely the real primary now.
            Plan plan = new Cluster(3, 3).primary(0).primary(1).replica(2, 1)
                    .monitoring(0, 0, 1).sentinelDown(1).sentinelDown(2).plan();

            assertThat(plan.primary()).isEmpty();
            assertThat(plan.steps()).isEmpty();
            assertThat(plan.problems()).extracting(Finding::reason).contains("NoQuorum", "SentinelDown");
        }

        @Test
        void aFreshSentinelBesideUnreachableOnesIsNotABootstrap() {
            Plan plan = new Cluster(3, 3).primary(0).primary(1).replica(2, 1)
                    .freshSentinel(0).sentinelDown(1).sentinelDown(2).plan();

            assertThat(plan.primary()).isEmpty();
            assertThat(plan.steps()).isEmpty();
        }

        @Test
        void aLoneSentinelAtANewerEpochWaitsForTheOthers() {
            Plan plan = healthy(3, 0).primary(1).monitoring(0, 1, 2).plan();

            assertThat(plan.primary()).isEmpty();
            assertThat(plan.steps()).isEmpty();
            assertThat(plan.progress()).extracting(Finding::reason).contains("FailoverInProgress");
        }

        @Test
        void aFailoverLeadersOldAddressNeverTipsATieTowardsTheDeadPrimary() {
            // One Sentinel down; the leader already has the new epoch but (in SENTINEL MASTER) the old
            // address, the other Sentinel the new epoch and the new address: one vote each.
            Plan plan = new Cluster(3, 3).down(0).primary(1).replica(2, 1)
                    .monitoring(0, 0, 2, "failover_in_progress").monitoring(1, 1, 2).sentinelDown(2).plan();

            assertThat(plan.primary()).as("no majority names a primary").isEmpty();
            assertThat(plan.steps()).isEmpty();
        }

        @Test
        void twoOfThreeSentinelsAtTheNewEpochAreAMajority() {
            Plan plan = new Cluster(3, 3).down(0).primary(1).replica(2, 1)
                    .monitoring(0, 1, 2, "failover_in_progress").monitoring(1, 1, 2).sentinelDown(2).plan();

            assertThat(plan.primary()).contains("c-redis-1");
            assertThat(plan.steps()).as("nothing changes while the failover runs").isEmpty();
        }

        @Test
        void aMinorityThatMonitorsRegistersTheOthersButChangesNoRole() {
            // Two Sentinels were replaced; the one left names member 0, which member 2 competes with.
            Plan plan = healthy(3, 0).primary(2).freshSentinel(1).freshSentinel(2).plan();

            assertThat(plan.primary()).contains("c-redis-0");
            assertThat(plan.steps()).allSatisfy(s -> assertThat(s).isInstanceOf(Step.Monitor.class))
                    .extracting(s -> ((Step.Monitor) s).sentinel()).containsExactly(Cluster.s(1), Cluster.s(2));
            assertThat(plan.problems()).extracting(Finding::reason).contains("NoQuorum");
            assertThat(plan.settled()).isFalse();
        }

        @Test
        void aQuorumRepairsTheSplitBrainOnceRegistered() {
            Plan plan = healthy(3, 0).primary(2).sentinelDown(2).plan();

            assertThat(plan.steps()).contains(new Step.Demote(r(2), r(0), "split brain"));
        }
    }

    @Nested
    class Fencing {

        @Test
        void scalingOutFromOneMemberKeepsTheOldFencingUntilAReplicaIsInSync() {
            Plan plan = healthy(3, 0).config(0, "min-replicas-to-write", "0").fullSync(1, 0).fullSync(2, 0).plan();

            assertThat(plan.steps()).noneMatch(s -> s instanceof Step.ConfigSet c && c.node().equals(r(0))
                    && c.values().containsKey("min-replicas-to-write"));
            assertThat(plan.progress()).extracting(Finding::reason).contains("FencingDeferred");
        }

        @Test
        void fencingRisesOnceEnoughReplicasAreInSync() {
            Plan plan = healthy(3, 0).config(0, "min-replicas-to-write", "0").fullSync(2, 0).plan();

            assertThat(plan.steps()).contains(new Step.ConfigSet(r(0), Map.of("min-replicas-to-write", "1"),
                    "differs from the spec: min-replicas-to-write"));
        }

        @Test
        void fencingIsLoweredAtOnce() {
            Plan plan = healthy(3, 0).config(0, "min-replicas-to-write", "2").fullSync(1, 0).fullSync(2, 0).plan();

            assertThat(plan.steps()).contains(new Step.ConfigSet(r(0), Map.of("min-replicas-to-write", "1"),
                    "differs from the spec: min-replicas-to-write"));
        }
    }

    @Nested
    class Sentinels {

        @Test
        void aReplacedSentinelIsRegistered() {
            Plan plan = healthy(3, 0).freshSentinel(1).plan();

            assertThat(plan.steps()).singleElement().isEqualTo(new Step.Monitor(Cluster.s(1), r(0), Cluster.SENTINEL, false,
                    "does not monitor the primary"));
        }

        @Test
        void theInstanceIsNotSettledUntilEverySentinelKnowsEveryReplica() {
            Plan plan = healthy(3, 0).sentinelForgetsReplicas(1).outdated(0, 1, 2).plan();

            assertThat(plan.steps()).isEmpty();
            assertThat(plan.settled()).isFalse();
            assertThat(plan.restarts()).as("no rolling update before Sentinel can fail over").isEmpty();
            assertThat(plan.progress()).extracting(Finding::reason).contains("SentinelDiscovering", "RollingUpdate");
        }

        @Test
        void onlyTheSettingThatDiffersIsSet() {
            Plan plan = healthy(3, 0).sentinelSetting(2, "failover-timeout", "180000").plan();

            assertThat(plan.steps()).singleElement().satisfies(s -> {
                assertThat(((Step.SentinelSet) s).sentinel()).isEqualTo(Cluster.s(2));
                assertThat(((Step.SentinelSet) s).settings()).containsOnlyKeys("failover-timeout")
                        .containsEntry("failover-timeout", Integer.toString(Cluster.SENTINEL.failoverTimeout()));
            });
        }

        @Test
        void fewerMonitoringSentinelsThanTheQuorumIsNoQuorum() {
            Plan plan = healthy(3, 0).sentinelDown(1).sentinelDown(2).plan();

            assertThat(plan.problems()).extracting(Finding::reason).contains("NoQuorum", "SentinelDown");
        }

        @Test
        void oneSentinelAtATimeForgetsADepartedReplica() {
            Plan plan = healthy(3, 0).sentinelKnowsReplica(0, "10.0.0.7").sentinelKnowsReplica(1, "10.0.0.7").plan();

            assertThat(plan.steps()).singleElement().isInstanceOf(Step.SentinelReset.class)
                    .satisfies(s -> assertThat(((Step.SentinelReset) s).sentinel()).isEqualTo(Cluster.s(0)));
        }
    }

    @Nested
    class Configuration {

        @Test
        void differingDirectivesAreSetOnEachMember() {
            Plan plan = healthy(3, 0).config(1, "min-replicas-to-write", "0").config(2, "appendonly", "yes").plan();

            assertThat(plan.steps()).containsExactly(
                    new Step.ConfigSet(r(1), Map.of("min-replicas-to-write", "1"), "differs from the spec: min-replicas-to-write"),
                    new Step.ConfigSet(r(2), Map.of("appendonly", "no"), "differs from the spec: appendonly"));
        }

        @Test
        void equalValuesInAnotherSpellingAreNotSetAgain() {
            assertThat(ConfigValues.same("maxmemory", "268435456", "268435456")).isTrue();
            assertThat(ConfigValues.same("maxmemory", "256mb", "268435456")).isTrue();
            assertThat(ConfigValues.same("appendonly", "YES", "yes")).isTrue();
            assertThat(ConfigValues.same("save", "3600 1  300 100", "3600 1 300 100")).isTrue();
            assertThat(ConfigValues.same("maxmemory", "1gb", "268435456")).isFalse();
            assertThat(ConfigValues.same("maxmemory", "1gb", null)).isFalse();
            assertThat(ConfigValues.same("client-output-buffer-limit", "pubsub 32mb 8mb 60",
                    "normal 0 0 0 slave 268435456 67108864 60 pubsub 33554432 8388608 60")).isTrue();
            assertThat(ConfigValues.same("client-output-buffer-limit", "pubsub 64mb 8mb 60",
                    "normal 0 0 0 slave 268435456 67108864 60 pubsub 33554432 8388608 60")).isFalse();
        }

        @Test
        void anAuthenticationFailureChangesNothing() {
            Plan plan = healthy(3, 0).authFailed(1).primary(2).plan();

            assertThat(plan.steps()).isEmpty();
            assertThat(plan.restarts()).isEmpty();
            assertThat(plan.primary()).isEmpty();
            assertThat(plan.problems()).singleElement().satisfies(f -> {
                assertThat(f.reason()).isEqualTo("AuthenticationFailed");
                assertThat(f.message()).contains("c-redis-1", "nothing was changed");
                assertThat(f.serving()).isFalse();
            });
        }
    }

    @Nested
    class RollingUpdate {

        @Test
        void replicasRestartFirstHighestOrdinalFirstOneAtATime() {
            Plan plan = healthy(3, 0).outdated(0, 1, 2).plan();

            assertThat(plan.restarts()).extracting(Restart::member).containsExactly("c-redis-2");
            assertThat(plan.steps()).isEmpty();
        }

        @Test
        void theNextReplicaWaitsUntilTheRestartedOneIsBackInSync() {
            Plan restarting = healthy(3, 0).outdated(0, 1).notReady(2).linkDown(2, 0).plan();
            Plan back = healthy(3, 0).outdated(0, 1).plan();

            assertThat(restarting.restarts()).isEmpty();
            assertThat(back.restarts()).extracting(Restart::member).containsExactly("c-redis-1");
        }

        @Test
        void whenOnlyThePrimaryIsOutdatedItHandsOverWithOneControlledFailover() {
            Plan plan = healthy(3, 0).outdated(0).plan();

            assertThat(plan.restarts()).isEmpty();
            assertThat(plan.steps()).singleElement().isInstanceOf(Step.ControlledFailover.class).satisfies(s -> {
                Step.ControlledFailover f = (Step.ControlledFailover) s;
                assertThat(f.primary()).isEqualTo(r(0));
                assertThat(f.replicas()).containsExactly(r(1), r(2));
                assertThat(f.sentinels()).hasSize(3);
            });
        }

        @Test
        void afterTheFailoverTheOldPrimaryRestartsAsAReplicaWithoutASecondFailover() {
            // What a restarted operator sees between the failover and the old primary's restart.
            Plan plan = healthy(3, 2).outdated(0).plan();

            assertThat(plan.steps()).isEmpty();
            assertThat(plan.restarts()).extracting(Restart::member).containsExactly("c-redis-0");
        }

        @Test
        void aSingleMemberRestartsInPlace() {
            Plan plan = healthy(1, 0).outdated(0).plan();

            assertThat(plan.restarts()).extracting(Restart::member).containsExactly("c-redis-0");
            assertThat(plan.steps()).isEmpty();
        }

        @Test
        void aDoneRolloutNeedsNothing() {
            assertThat(healthy(3, 2).plan().idle()).isTrue();
        }
    }

    @Nested
    class ScaleIn {

        @Test
        void leavingMembersGetPriorityZeroBeforeAnything() {
            Plan plan = healthy(3, 2).dataMembers(2).plan();

            assertThat(plan.steps()).containsExactly(new Step.ConfigSet(r(2), Map.of("replica-priority", "0"),
                    "differs from the spec: replica-priority"));
        }

        @Test
        void thePrimaryMovesOffALeavingMember() {
            Plan plan = healthy(3, 2).dataMembers(2).config(2, "replica-priority", "0").plan();

            assertThat(plan.steps()).singleElement().isInstanceOf(Step.ControlledFailover.class);
            assertThat(plan.progress()).extracting(Finding::reason).contains("ScalingIn");
        }

        @Test
        void leavingReplicasAreNeverRestartedAndNotCountedReady() {
            Plan plan = healthy(3, 0).dataMembers(2).config(2, "replica-priority", "0").outdated(2).plan();

            assertThat(plan.restarts()).isEmpty();
            assertThat(plan.membersReady()).isEqualTo(2);
        }
    }
}
