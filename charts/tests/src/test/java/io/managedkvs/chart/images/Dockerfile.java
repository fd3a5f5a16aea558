package io.managedkvs.chart.images;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The instructions of a Dockerfile, one per logical line (continuations joined, comments dropped). */
record Dockerfile(Path file, List<Instruction> instructions) {

    record Instruction(String keyword, String arguments) {
    }

    static Dockerfile read(Path file) {
        try {
            List<Instruction> instructions = new ArrayList<>();
            StringBuilder pending = new StringBuilder();
            for (String line : Files.readAllLines(file)) {
                String stripped = line.strip();
                if (stripped.startsWith("#") || (stripped.isEmpty() && pending.isEmpty())) {
                    continue;
                }
                if (stripped.endsWith("\\")) {
                    pending.append(stripped, 0, stripped.length() - 1).append(' ');
                    continue;
                }
                pending.append(stripped);
                String text = pending.toString().strip();
                pending.setLength(0);
                int space = text.indexOf(' ');
                instructions.add(new Instruction(text.substring(0, space).toUpperCase(), text.substring(space + 1).strip()));
            }
            return new Dockerfile(file, List.copyOf(instructions));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    List<Instruction> all(String keyword) {
        return instructions.stream().filter(i -> i.keyword().equals(keyword)).toList();
    }

    Instruction only(String keyword) {
        List<Instruction> found = all(keyword);
        if (found.size() != 1) {
            throw new AssertionError(file + " has " + found.size() + " " + keyword + " instructions, expected one");
        }
        return found.get(0);
    }
}
