package io.managedkvs.cli.playground;

import java.io.PrintWriter;
import java.time.Clock;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/** Timestamped lines about what a running playground does: failovers, members started again, errors. */
public final class EventLog {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

    private final PrintWriter out;
    private final Clock clock;

    public EventLog(PrintWriter out, Clock clock) {
        this.out = out;
        this.clock = clock;
    }

    public void note(String line) {
        String time = LocalTime.ofInstant(clock.instant(), ZoneId.systemDefault()).format(TIME);
        synchronized (out) {
            out.println(time + " " + line);
            out.flush();
        }
    }
}
