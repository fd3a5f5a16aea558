package io.managedkvs.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LostWritesTest {

    @Test
    void countsAcknowledgedKeysThatAreMissingOrHoldAnotherValue() {
        AckLog log = new AckLog();
        Map<String, String> store = new HashMap<>();
        for (long n = 0; n < 2500; n++) {
            log.add(n, n, n + 1);
            store.put("key:" + n, Long.toString(n));
        }
        store.remove("key:7");
        store.remove("key:2499");
        store.put("key:1234", "something else");
        store.put("key:9999", "9999"); // never acknowledged: not counted either way
        List<Integer> batches = new ArrayList<>();

        long lost = LostWrites.count(log, "key:", keys -> {
            batches.add(keys.length);
            List<String> values = new ArrayList<>();
            for (String k : keys) {
                values.add(store.get(k));
            }
            return values;
        });

        assertThat(lost).isEqualTo(3);
        assertThat(batches).containsExactly(1000, 1000, 500);
    }

    @Test
    void nothingAcknowledgedNothingLost() {
        assertThat(LostWrites.count(new AckLog(), "key:", keys -> List.of())).isZero();
    }
}
