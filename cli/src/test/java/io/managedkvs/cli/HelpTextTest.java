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
                .contains("bench       Benchmarks against a playground, printing their result lines.\n");
    }

    @Test
    void everyCommandsHelpFitsEightyColumnsWithoutRaggedLines() {
        CommandLine root = Kvsctl.commandLine(CliContext.standard(), new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
        List<CommandLine> all = new ArrayList<>();
        collect(root, all);
        assertThat(all).hasSizeGreaterThanOrEqualTo(5);

        for (CommandLine cl : all) {
            cl.setUsageHelpWidth(80);
            String help = cl.getUsageMessage();
            assertThat(help.lines()).as(cl.getCommandSpec().qualifiedName() + " --help at 80 columns:%n%s", help)
                    .allSatisfy(line -> assertThat(line.length()).as(line).isLessThanOrEqualTo(80));
            // Each paragraph is one string that picocli wraps: a string that stops mid-sentence is a line broken
            // by hand, which wraps raggedly at any width but the one it was written for. Indented strings are
            // samples and examples, kept whole.
            List<String> paragraphs = new ArrayList<>();
            paragraphs.addAll(List.of(cl.getCommandSpec().usageMessage().header()));
            paragraphs.addAll(List.of(cl.getCommandSpec().usageMessage().description()));
            paragraphs.addAll(List.of(cl.getCommandSpec().usageMessage().footer()));
            cl.getCommandSpec().options().forEach(o -> paragraphs.addAll(List.of(o.description())));
            assertThat(paragraphs).as(cl.getCommandSpec().qualifiedName() + ": paragraphs")
                    .allSatisfy(p -> assertThat(p.isEmpty() || p.startsWith("  ") || p.endsWith(".") || p.endsWith(":"))
                            .as("ends a sentence: \"%s\"", p).isTrue());
        }
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
