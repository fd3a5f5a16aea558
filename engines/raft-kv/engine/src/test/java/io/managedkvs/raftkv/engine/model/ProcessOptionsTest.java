package io.managedkvs.raftkv.engine.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.managedkvs.api.engine.PlatformSettings;
import io.managedkvs.api.resource.ManagedKVS;
import io.managedkvs.api.resource.ManagedKVSSpec;
import io.managedkvs.raftkv.pd.PdMain;
import io.managedkvs.raftkv.store.StoreMain;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The command lines the engine renders, parsed by the processes' own picocli definitions (nothing is
 * started): a renamed main class or option would otherwise only show as a crash-looping pod.
 */
class ProcessOptionsTest {

    private final List<StatefulSet> sets = new RaftKvModel(PlatformSettings.defaults())
            .resources(new ManagedKVS("apps", "kv", ManagedKVSSpec.of("raft-kv", "0.1"))).stream()
            .filter(StatefulSet.class::isInstance).map(StatefulSet.class::cast).toList();

    private List<String> args(String name) {
        Container c = sets.stream().filter(s -> s.getMetadata().getName().equals(name)).findFirst().orElseThrow()
                .getSpec().getTemplate().getSpec().getContainers().get(0);
        // What Kubernetes substitutes from the downward API before the process starts.
        return c.getArgs().stream().map(a -> a.replace("$(POD_NAME)", "kv-store-0").replace("$(POD_NAMESPACE)", "apps")
                .replace("$(NODE_NAME)", "node-1").replace("$(POD_INDEX)", "1")).toList();
    }

    @Test
    void theMainClassesAreThoseTheImageShips() {
        assertThat(args("kv-store").get(0)).isEqualTo(StoreMain.class.getName());
        assertThat(args("kv-pd").get(0)).isEqualTo(PdMain.class.getName());
    }

    @Test
    void thePlacementDriverAcceptsEveryOptionRendered() {
        List<String> args = args("kv-pd");
        new CommandLine(new PdMain()).parseArgs(args.subList(1, args.size()).toArray(String[]::new));
    }

    /**
     * The store accepts every option rendered but --resp-listen: the contract names it, and the store
     * does not serve the Redis protocol yet. Once it does, the set below must shrink to nothing.
     */
    @Test
    void theStoreAcceptsEveryOptionRenderedButTheRedisProtocolListener() {
        List<String> args = args("kv-store");
        CommandLine store = new CommandLine(new StoreMain()).setUnmatchedArgumentsAllowed(true);
        store.parseArgs(args.subList(1, args.size()).toArray(String[]::new));

        List<String> unknownOptions = store.getUnmatchedArguments().stream().filter(a -> a.startsWith("--")).toList();
        assertThat(unknownOptions).isSubsetOf(Set.of("--resp-listen"));
    }
}
