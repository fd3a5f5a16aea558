package io.managedkvs.redis.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.StringReader;
import org.junit.jupiter.api.Test;

class DirectiveCatalogueTest {

    private final DirectiveCatalogue catalogue = DirectiveCatalogue.standard();

    @Test
    void marksDirectivesDynamicRestartOrOwned() {
        assertThat(catalogue.find("maxmemory").orElseThrow().mode()).isEqualTo(Directive.Mode.DYNAMIC);
        assertThat(catalogue.find("MAXMEMORY-POLICY").orElseThrow().mode()).isEqualTo(Directive.Mode.DYNAMIC);
        assertThat(catalogue.find("databases").orElseThrow().mode()).isEqualTo(Directive.Mode.RESTART);
        assertThat(catalogue.find("io-threads").orElseThrow().mode()).isEqualTo(Directive.Mode.RESTART);
        for (String owned : new String[] {"port", "bind", "replicaof", "slaveof", "requirepass", "masterauth", "dir", "daemonize",
                "save", "appendonly", "min-replicas-to-write", "replica-priority", "replica-announce-ip"}) {
            assertThat(catalogue.find(owned)).as(owned).hasValueSatisfying(d -> {
                assertThat(d.mode()).isEqualTo(Directive.Mode.OWNED);
                assertThat(d.hint()).isNotBlank();
            });
        }
        assertThat(catalogue.find("no-such-directive")).isEmpty();
    }

    @Test
    void everyDynamicOrRestartDirectiveHasAType() {
        assertThat(catalogue.all().values()).filteredOn(d -> d.mode() != Directive.Mode.OWNED)
                .allSatisfy(d -> assertThat(d.type()).as(d.name()).isNotNull());
    }

    @Test
    void aMalformedTableIsRejectedWithItsLine() {
        assertThatThrownBy(() -> DirectiveCatalogue.parse(new BufferedReader(new StringReader("# c\nmaxmemory sometimes bytes\n"))))
                .hasMessageContaining(":2").hasMessageContaining("sometimes");
        assertThatThrownBy(() -> DirectiveCatalogue.parse(new BufferedReader(new StringReader("a dynamic int\n"))))
                .hasMessageContaining("range");
    }

    @Test
    void valueTypesCheckAndNormalise() {
        ValueType bytes = catalogue.find("maxmemory").orElseThrow().type();
        assertThat(bytes.check("256mb")).isEmpty();
        assertThat(bytes.normalize("256mb")).isEqualTo("268435456");
        assertThat(bytes.normalize("1k")).isEqualTo("1000");
        assertThat(bytes.normalize("2GB")).isEqualTo("2147483648");
        assertThat(bytes.check("lots")).hasValueSatisfying(m -> assertThat(m).contains("memory amount", "lots"));

        ValueType policy = catalogue.find("maxmemory-policy").orElseThrow().type();
        assertThat(policy.check("allkeys-lru")).isEmpty();
        assertThat(policy.check("most-recent")).hasValueSatisfying(m -> assertThat(m).contains("allkeys-lru", "most-recent"));

        ValueType samples = catalogue.find("maxmemory-samples").orElseThrow().type();
        assertThat(samples.check("0")).hasValueSatisfying(m -> assertThat(m).contains("between 1 and 64"));
        assertThat(samples.check("five")).hasValueSatisfying(m -> assertThat(m).contains("whole number"));

        ValueType bool = catalogue.find("activedefrag").orElseThrow().type();
        assertThat(bool.check("YES")).isEmpty();
        assertThat(bool.check("true")).isPresent();

        ValueType limits = catalogue.find("client-output-buffer-limit").orElseThrow().type();
        assertThat(limits.check("pubsub 32mb 8mb 60 replica 256mb 64mb 60")).isEmpty();
        assertThat(limits.normalize("slave 1mb 1k 5 pubsub 2 3 4")).isEqualTo("pubsub 2 3 4 replica 1048576 1000 5");
        assertThat(limits.check("pubsub 32mb 8mb")).hasValueSatisfying(m -> assertThat(m).contains("groups of"));
        assertThat(limits.check("everyone 1 1 1")).hasValueSatisfying(m -> assertThat(m).contains("class"));

        ValueType text = catalogue.find("notify-keyspace-events").orElseThrow().type();
        assertThat(text.check("KEA")).isEmpty();
        assertThat(text.check("K\nrequirepass x")).isPresent();
    }
}
