package io.managedkvs.raftkv.pd;

import java.util.logging.ConsoleHandler;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import java.util.logging.StreamHandler;

/** One line per record on stdout, where container runtimes and the playground collect logs. */
final class StdoutLogging {

    private StdoutLogging() {
    }

    static void install() {
        System.setProperty("java.util.logging.SimpleFormatter.format", "%1$tFT%1$tT.%1$tLZ %4$s %3$s: %5$s%6$s%n");
        Logger root = Logger.getLogger("");
        for (Handler h : root.getHandlers()) {
            if (h instanceof ConsoleHandler) {
                root.removeHandler(h);
            }
        }
        root.addHandler(new StreamHandler(System.out, new SimpleFormatter()) {
            @Override
            public synchronized void publish(LogRecord record) {
                super.publish(record);
                flush();
            }

            /** JUL closes handlers in its own shutdown hook; closing would close System.out under our last lines. */
            @Override
            public synchronized void close() {
                flush();
            }
        });
    }
}
