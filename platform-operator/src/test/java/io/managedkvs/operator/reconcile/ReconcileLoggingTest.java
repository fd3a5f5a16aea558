package io.managedkvs.operator.reconcile;

import static io.managedkvs.operator.testing.OperatorHarness.NAMESPACE;
import static io.managedkvs.operator.testing.OperatorHarness.fixtureSpec;
import static io.managedkvs.operator.testing.OperatorHarness.resource;
import static org.assertj.core.api.Assertions.assertThat;

import io.managedkvs.api.resource.AuthSpec;
import io.managedkvs.operator.testing.OperatorHarness;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every log line of a reconcile names it, and no line carries the password. */
class ReconcileLoggingTest {

    private final List<ExtLogRecord> records = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            ExtLogRecord ext = (ExtLogRecord) record;
            ext.copyMdc();
            records.add(ext);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private OperatorHarness harness;

    @BeforeEach
    void start() {
        Logger.getLogger("io.managedkvs").addHandler(capture);
        harness = new OperatorHarness();
    }

    @AfterEach
    void stop() {
        harness.close();
        Logger.getLogger("io.managedkvs").removeHandler(capture);
    }

    @Test
    void reconcileLinesCarryTheReconciliationAndTheInstance() {
        harness.create(resource("cache", fixtureSpec("1.2", 3)));
        harness.awaitObserved("cache");
        harness.create(resource("bad", fixtureSpec("0.1", 3)));
        harness.awaitObserved("bad");

        List<ExtLogRecord> reconcileLines = records.stream()
                .filter(r -> r.getLoggerName().startsWith("io.managedkvs.operator.reconcile.InstanceReconcile"))
                .toList();
        assertThat(reconcileLines).extracting(ExtLogRecord::getFormattedMessage)
                .anySatisfy(m -> assertThat(m).startsWith("applied 4 of 4 resources"))
                .anySatisfy(m -> assertThat(m).startsWith("spec rejected (InvalidSpec): spec.version:"));
        assertThat(reconcileLines).allSatisfy(r -> {
            assertThat(r.getMdc(Reconciliation.MDC_KEY)).matches("Reconciliation #\\d+\\((event|engine|retry)\\) ManagedKVS\\(apps/(cache|bad)\\)");
            assertThat(r.getMdc(Reconciliation.MDC_NAMESPACE)).isEqualTo(NAMESPACE);
            assertThat(r.getMdc(Reconciliation.MDC_INSTANCE)).isIn("cache", "bad");
            assertThat(r.getMdc(Reconciliation.MDC_ENGINE)).isEqualTo("fixture-kv");
        });

        String password = new String(Base64.getDecoder().decode(harness.client().secrets().inNamespace(NAMESPACE)
                .withName("cache-auth").get().getData().get(AuthSpec.PASSWORD_KEY)), StandardCharsets.UTF_8);
        assertThat(records).isNotEmpty().allSatisfy(r -> assertThat(r.getFormattedMessage()).doesNotContain(password));
    }
}
