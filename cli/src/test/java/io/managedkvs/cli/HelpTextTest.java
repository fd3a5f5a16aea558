package io.managedkvs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.managedkvs.cli.testing.CliRun;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The help a user reads first: the list of commands. */
class HelpTextTest {

    @Test
    void everyCommandIsSummedUpInOneCompleteSentence() {
        CommandLine root = Kvsctl.commandLine(CliContext.standard(), new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
        List<CommandLine> all = new ArrayList<>();
        root.getSubcommands().values().stream().distinct().forEach(sub -> collect(sub, all));

        assertThat(all).extracting(CommandLine::getCommandName).contains("playground", "bench", "failover", "upgrade");
        assertThat(all).allSatisfy(cl -> {
            String summary = summary(cl);
            assertThat(summary).as(cl.getCommandName()).endsWith(".").doesNotEndWith(",.");
            // Listed after a 14-column command name, it must fit an 80-column terminal on one line.
            assertThat(summary.length()).as(cl.getCommandName() + ": fits the command list").isLessThanOrEqualTo(66);
        });
    }

    @Test
    void theCommandListShowsThoseSentences() {
        CliRun run = new CliRun(CliContext.standard());

        assertThat(run.run("--help")).isZero();
        assertThat(run.out()).contains("playground  Runs an engine on this machine as real processes.\n")
                .contains("bench       Benchmarks against a playground, each printing one result line.\n");
    }

    private static void collect(CommandLine cl, List<CommandLine> into) {
        into.add(cl);
        cl.getSubcommands().values().stream().distinct().forEach(sub -> collect(sub, into));
    }

    /** What picocli lists for a command among its parent's: the header, else the first line of the description. */
    private static String summary(CommandLine cl) {
        String[] header = cl.getCommandSpec().usageMessage().header();
        return header.length > 0 ? header[0] : cl.getCommandSpec().usageMessage().description()[0];
    }
}
