package io.managedkvs.cli.playground;

import io.managedkvs.cli.CliContext;
import io.managedkvs.redis.local.RedisBinaries;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * The checks every command that starts a playground makes, in an order that starts nothing and
 * changes nothing in the directory when one fails: the Redis binaries, the directory, the ports; only
 * then is the directory cleared of an earlier run's files, and the playground launched.
 */
public final class PlaygroundStarter {

    private final CliContext context;

    public PlaygroundStarter(CliContext context) {
        this.context = context;
    }

    /**
     * @param command   the command, for usage errors
     * @param spec      validated arguments
     * @param dir       the directory ({@code --dir})
     * @param events    where the running playground reports what it does
     * @param stop      a stop requested while it starts makes it give up
     */
    public Playground start(CommandSpec command, PlaygroundSpec spec, Path dir, EventLog events, StopOnSignal stop) {
        RedisBinaries binaries = context.redisBinaries().get();
        PlaygroundDir claimed;
        try {
            claimed = PlaygroundDir.claim(dir);
        } catch (PlaygroundDir.DirProblem e) {
            throw new ParameterException(command.commandLine(), "--dir " + e.getMessage());
        }
        try {
            // Processes an earlier run here left behind are stopped below: their ports are not in use by something else.
            refuseBusyPorts(command, spec, claimed.leftoverPorts());
            claimed.stopLeftovers(events::note);
            refuseBusyPorts(command, spec, Set.of());
            claimed.clearForNewRun();
        } catch (PlaygroundDir.DirProblem e) {
            claimed.close();
            throw new ParameterException(command.commandLine(), "--dir " + e.getMessage());
        } catch (RuntimeException e) {
            claimed.close();
            throw e;
        }
        Playground playground = context.launcher().launch(spec, claimed, binaries, events, stop::requested);
        stop.watch(playground);
        return playground;
    }

    private static void refuseBusyPorts(CommandSpec command, PlaygroundSpec spec, Set<Integer> ours) {
        List<Integer> ports = spec.ports().all().stream().filter(p -> !ours.contains(p)).toList();
        Optional<Integer> busy = PortCheck.firstInUse(ports);
        if (busy.isPresent()) {
            throw new ParameterException(command.commandLine(), "--port-base " + spec.ports().base() + ": port " + busy.get()
                    + " on 127.0.0.1 is in use (another playground, or a redis-server?); the playground needs ports "
                    + spec.ports().base() + " to " + (spec.ports().base() + spec.ports().members() + spec.ports().sentinels())
                    + ". Choose another --port-base or stop what listens there");
        }
    }
}
