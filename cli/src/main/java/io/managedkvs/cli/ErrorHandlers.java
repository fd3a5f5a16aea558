package io.managedkvs.cli;

import io.managedkvs.redis.local.RedisNotInstalledException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/** How errors reach the user: one clear line and an exit code, a stack trace only for the unexpected. */
final class ErrorHandlers {

    static final int FAILED = 1;

    private ErrorHandlers() {
    }

    /** Bad arguments, whether picocli or a command's own checks found them: the message and a hint; exit 2. */
    static final class UsageErrors implements IParameterExceptionHandler {
        @Override
        public int handleParseException(ParameterException ex, String[] args) {
            CommandLine cmd = ex.getCommandLine();
            PrintWriter err = cmd.getErr();
            String name = cmd.getCommandSpec().qualifiedName();
            err.println(name + ": " + ex.getMessage());
            UnmatchedArgumentException.printSuggestions(ex, err);
            err.println("Try '" + name + " --help' for more information.");
            err.flush();
            return cmd.getCommandSpec().exitCodeOnInvalidInput();
        }
    }

    /** A failed command: known failures as their message, anything else with its stack trace; exit 1. */
    static final class Failures implements IExecutionExceptionHandler {
        @Override
        public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parseResult) {
            PrintWriter err = cmd.getErr();
            String name = cmd.getCommandSpec().qualifiedName();
            if (ex instanceof CliFailure || ex instanceof RedisNotInstalledException) {
                err.println(name + ": " + ex.getMessage());
            } else {
                err.println(name + ": failed unexpectedly: " + ex);
                ex.printStackTrace(err);
            }
            err.flush();
            return FAILED;
        }
    }
}
