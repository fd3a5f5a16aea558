package io.managedkvs.cli.raftkv;

import io.managedkvs.cli.CliContext;
import io.managedkvs.cli.local.ChildProcess;
import io.managedkvs.cli.playground.EventLog;
import io.managedkvs.cli.playground.PlaygroundDir;
import io.managedkvs.cli.playground.PortCheck;
import io.managedkvs.cli.playground.StopOnSignal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * Starts a local raft-kv for a command, in an order that starts nothing and changes nothing in the
 * directory when a check fails: the directory, then the ports; only then is the directory cleared of
 * an earlier run's files and the processes launched. The directory stays claimed until the run ends.
 */
public final class RaftKvStarter {

    private RaftKvStarter() {
    }

    /** The layout {@code --port-base} asks for (null: free ports), or a usage error naming it. */
    public static RaftKvLayout layout(CommandSpec command, Integer portBase, int stores) {
        if (portBase == null) {
            return RaftKvLayout.free(stores);
        }
        int highest = 65_535 - RaftKvLayout.width(stores) + 1;
        if (portBase < 1024 || portBase > highest) {
            throw new ParameterException(command.commandLine(), "--port-base must be between 1024 and " + highest + " so that the "
                    + RaftKvLayout.width(stores) + " ports from it fit, was " + portBase);
        }
        return RaftKvLayout.fromBase(portBase, stores);
    }

    public static Session start(CliContext context, CommandSpec command, RaftKvLayout layout, Path dir, EventLog events, StopOnSignal stop) {
        return start(context, command, layout, dir, events, stop, RaftKvPlayground.Options.DEFAULT);
    }

    public static Session start(CliContext context, CommandSpec command, RaftKvLayout layout, Path dir, EventLog events, StopOnSignal stop,
                                RaftKvPlayground.Options options) {
        PlaygroundDir claimed;
        try {
            claimed = PlaygroundDir.claim(dir);
        } catch (PlaygroundDir.DirProblem e) {
            throw new ParameterException(command.commandLine(), "--dir " + e.getMessage());
        }
        try {
            claimed.stopLeftovers(events::note);
            Optional<Integer> busy = PortCheck.firstInUse(layout.all());
            if (busy.isPresent()) {
                throw new ParameterException(command.commandLine(), "--port-base " + layout.pd() + ": port " + busy.get()
                        + " on 127.0.0.1 is in use; raft-kv needs ports " + layout.pd() + " to " + (layout.pd() + layout.all().size() - 1)
                        + ". Choose another --port-base or stop what listens there");
            }
            claimed.clearForNewRun();
        } catch (PlaygroundDir.DirProblem e) {
            claimed.close();
            throw new ParameterException(command.commandLine(), "--dir " + e.getMessage());
        } catch (RuntimeException e) {
            claimed.close();
            throw e;
        }
        RaftKvPlayground playground;
        try {
            playground = context.raftKvLauncher().launch(layout, claimed.path(), events::note, stop::requested, options);
        } catch (RuntimeException e) {
            claimed.close();
            throw e;
        }
        Session session = new Session(playground, claimed);
        session.record();
        playground.afterRestart(session::record);
        stop.watch(session);
        return session;
    }

    /** A running local raft-kv and the directory it holds. */
    public static final class Session implements StopOnSignal.Stoppable {
        private final RaftKvPlayground playground;
        private final PlaygroundDir dir;
        private boolean ended;

        Session(RaftKvPlayground playground, PlaygroundDir dir) {
            this.playground = playground;
            this.dir = dir;
        }

        public RaftKvPlayground playground() {
            return playground;
        }

        /** Notes the processes' pids (again after a restart), so that a later run can stop what this one leaves behind. */
        synchronized void record() {
            if (ended) {
                return;
            }
            List<PlaygroundDir.RunningProcess> running = new ArrayList<>();
            ChildProcess pd = playground.pd();
            running.add(new PlaygroundDir.RunningProcess(pd.name(), pd.pid(), playground.layout().pd()));
            for (int i = 0; i < playground.stores().size(); i++) {
                ChildProcess s = playground.stores().get(i);
                running.add(new PlaygroundDir.RunningProcess(s.name(), s.pid(), playground.layout().stores().get(i).grpc()));
            }
            dir.recordProcesses(running);
        }

        @Override
        public void beginStop() {
            playground.beginStop();
        }

        /** Stops every process gracefully and releases the directory. */
        public synchronized void stop() {
            if (!ended) {
                ended = true;
                try {
                    playground.stop();
                } finally {
                    dir.close();
                }
            }
        }

        /** Kills every process and releases the directory. */
        @Override
        public synchronized void close() {
            if (!ended) {
                ended = true;
                try {
                    playground.close();
                } finally {
                    dir.close();
                }
            }
        }
    }
}
