package io.managedkvs.raft.scenario;

import java.util.ArrayList;
import java.util.List;

/**
 * A scenario script: commands, each followed by {@code ----} and its expected output up to a blank
 * line. Lines starting with {@code #} are comments and are kept when the file is rewritten.
 */
record Script(List<Step> steps) {

    record Step(List<String> comments, String command, List<String> expected, int line) {
    }

    static Script parse(String text) {
        List<Step> steps = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        List<String> comments = new ArrayList<>();
        int i = 0;
        while (i < lines.length) {
            String line = lines[i];
            if (line.isBlank()) {
                i++;
                continue;
            }
            if (line.startsWith("#")) {
                comments.add(line);
                i++;
                continue;
            }
            int commandLine = i + 1;
            String command = line.trim();
            i++;
            if (i >= lines.length || !lines[i].equals("----")) {
                throw new IllegalArgumentException("line " + commandLine + ": expected ---- after command '" + command + "'");
            }
            i++;
            List<String> expected = new ArrayList<>();
            while (i < lines.length && !lines[i].isEmpty()) {
                expected.add(lines[i]);
                i++;
            }
            steps.add(new Step(List.copyOf(comments), command, expected, commandLine));
            comments.clear();
        }
        return new Script(steps);
    }

    /** The script with each step's expected output replaced by {@code actual}. */
    static String render(Script script, List<List<String>> actual) {
        StringBuilder sb = new StringBuilder();
        for (int s = 0; s < script.steps().size(); s++) {
            Step step = script.steps().get(s);
            if (s > 0) {
                sb.append('\n');
            }
            for (String c : step.comments()) {
                sb.append(c).append('\n');
            }
            sb.append(step.command()).append('\n').append("----\n");
            for (String l : actual.get(s)) {
                sb.append(l).append('\n');
            }
        }
        return sb.toString();
    }
}
