package io.managedkvs.cli.raftkv;

import static org.assertj.core.api.Assertions.assertThat;

import io.managedkvs.cli.local.ChildProcess;
import io.managedkvs.cli.local.FreePorts;
import io.managedkvs.raftkv.client.ClientConfig;
import io.managedkvs.raftkv.client.PdClient;
import io.managedkvs.raftkv.pd.PdMain;
import io.managedkvs.raftkv.proto.pd.GetMembersResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/** The client finds PD's leader from any member, and the new one after the leader dies, against three PD processes. */
class PdDiscoveryIT {

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path tmp;
    private final List<ChildProcess> members = new ArrayList<>();

    @AfterEach
    void kill() {
        members.forEach(ChildProcess::kill);
    }

    @Test
    void startingFromOneFollowerItFindsTheLeaderAndFollowsALeaderChange() throws Exception {
        int[] ports = FreePorts.pick(6);
        String initial = IntStream.range(0, 3).mapToObj(i -> (i + 1) + "=127.0.0.1:" + ports[i]).collect(Collectors.joining(","));
        for (int i = 0; i < 3; i++) {
            Path data = Files.createDirectories(tmp.resolve("pd-" + (i + 1)));
            ChildProcess pd = new ChildProcess("pd-" + (i + 1), RaftKvPlayground.command(RaftKvPlayground.javaBinary(),
                    RaftKvPlayground.classpath(), PdMain.class.getName(), "--id", Integer.toString(i + 1),
                    "--data-dir", data.toString(), "--listen", "127.0.0.1:" + ports[i], "--advertise", "127.0.0.1:" + ports[i],
                    "--status-listen", "127.0.0.1:" + ports[3 + i], "--initial-cluster", initial), tmp.resolve("pd-" + (i + 1) + ".log"),
                    ports[i]);
            pd.start();
            members.add(pd);
        }
        for (ChildProcess pd : members) {
            pd.awaitListening(Duration.ofSeconds(60));
        }

        String leaderAddress;
        try (PdClient any = new PdClient(ClientConfig.of(List.of("127.0.0.1:" + ports[0])).withCallTimeout(Duration.ofSeconds(30)))) {
            assertThat(any.clusterStatus().getMembersCount()).isEqualTo(3);
            GetMembersResponse m = any.members();
            assertThat(m.hasLeader()).isTrue();
            leaderAddress = m.getLeader().getAddress();
        }
        int leader = List.of(ports[0], ports[1], ports[2]).indexOf(Integer.parseInt(leaderAddress.substring(leaderAddress.lastIndexOf(':') + 1)));
        int follower = (leader + 1) % 3;

        // Seeded with a follower only: it is told who leads (GetMembers), and is redirected (NOT_LEADER) as needed.
        try (PdClient fromFollower = new PdClient(ClientConfig.of(List.of("127.0.0.1:" + ports[follower]))
                .withCallTimeout(Duration.ofSeconds(30)))) {
            assertThat(fromFollower.clusterStatus().getLeader().getAddress()).isEqualTo(leaderAddress);

            members.get(leader).kill();
            members.get(leader).onExit().get();
            // Nothing restarts it here: the survivors elect a new leader, and the client finds it.
            String next = fromFollower.clusterStatus().getLeader().getAddress();
            assertThat(next).isNotEqualTo(leaderAddress).isNotEmpty();
        }
    }
}
