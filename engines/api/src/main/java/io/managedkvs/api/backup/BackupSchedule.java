package io.managedkvs.api.backup;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;

/**
 * spec.backup.schedule: a five-field cron expression (minute hour day-of-month month day-of-week, as
 * crontab and Kubernetes CronJobs read it) or one of the macros, evaluated in UTC.
 */
public final class BackupSchedule {

    private static final CronParser PARSER = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));
    private static final Map<String, String> MACROS = Map.of(
            "@yearly", "0 0 1 1 *", "@annually", "0 0 1 1 *", "@monthly", "0 0 1 * *", "@weekly", "0 0 * * 0",
            "@daily", "0 0 * * *", "@midnight", "0 0 * * *", "@hourly", "0 * * * *");

    private final String expression;
    private final ExecutionTime times;

    private BackupSchedule(String expression, ExecutionTime times) {
        this.expression = expression;
        this.times = times;
    }

    /**
     * Parses a schedule.
     *
     * @throws IllegalArgumentException with a message that says what is wrong (not naming the field: callers do)
     */
    public static BackupSchedule parse(String expression) {
        if (expression == null || expression.isBlank()) {
            throw new IllegalArgumentException("is required, for example \"0 3 * * *\" (every day at 03:00 UTC) or @daily");
        }
        String cron = MACROS.getOrDefault(expression.strip(), expression.strip());
        if (cron.startsWith("@")) {
            throw new IllegalArgumentException("unknown macro '" + expression + "'; use one of " + String.join(", ", MACROS.keySet().stream().sorted().toList()));
        }
        if (cron.split("\\s+").length != 5) {
            throw new IllegalArgumentException("must have five fields (minute hour day-of-month month day-of-week); got '" + expression + "'");
        }
        try {
            return new BackupSchedule(expression, ExecutionTime.forCron(PARSER.parse(cron)));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("is not a valid cron expression: '" + expression + "' (" + e.getMessage() + ")", e);
        }
    }

    /** Why the expression is not a valid schedule, or empty when it is. */
    public static Optional<String> problem(String expression) {
        try {
            parse(expression);
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.of(e.getMessage());
        }
    }

    /** The latest time the schedule fired at or before {@code now}. */
    public Optional<ZonedDateTime> lastAtOrBefore(ZonedDateTime now) {
        ZonedDateTime minute = now.truncatedTo(ChronoUnit.MINUTES);
        return times.isMatch(minute) ? Optional.of(minute) : times.lastExecution(minute);
    }

    /** The next time it fires after {@code now}. */
    public Optional<ZonedDateTime> nextAfter(ZonedDateTime now) {
        return times.nextExecution(now);
    }

    public String expression() {
        return expression;
    }
}
