package io.managedkvs.cli.raftkv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The playground finds the mains on kvsctl's classpath and the options they take. */
class ProcessMainsTest {

    static final class Front {
        @Option(names = "--resp-listen")
        String resp;
    }

    static final class Main {
        @Option(names = {"--data-dir", "-d"})
        String dataDir;

        @Mixin
        Front front;
    }

    @Test
    void theStoreAndPdMainsAreOnTheClasspathAndTakeTheContractsOptions() {
        ProcessMains store = ProcessMains.find(ProcessMains.STORE);
        ProcessMains pd = ProcessMains.find(ProcessMains.PD);

        assertThat(store.options()).contains("--data-dir", "--listen", "--advertise", "--status-listen", "--pd", "--labels");
        assertThat(pd.options()).contains("--id", "--data-dir", "--listen", "--status-listen", "--replication-factor");
    }

    @Test
    void optionsOfMixinsCountAndTheFirstNameOnTheClasspathWins() {
        ProcessMains main = ProcessMains.find(List.of("no.such.Main", Main.class.getName()));

        assertThat(main.name()).isEqualTo(Main.class.getName());
        assertThat(main.takes("--resp-listen")).isTrue();
        assertThat(main.takes("-d")).isTrue();
        assertThat(main.takes("--region-max-size")).isFalse();
    }

    @Test
    void noMainOnTheClasspathSaysHowToRebuild() {
        assertThatThrownBy(() -> ProcessMains.find(List.of("no.such.Main"))).hasMessageContaining("./mvnw -pl cli -am package");
    }
}
