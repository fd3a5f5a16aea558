package io.managedkvs.cli.bench.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class HistoryOpTest {

    @Test
    void aLineIsTheEightFieldsTabSeparatedAndParsesBack() {
        HistoryOp op = HistoryOp.cas("k3", "nil", "17", 100, 250, HistoryOp.Outcome.FAIL, "12");

        assertThat(op.line()).isEqualTo("k3\tcas\t17\tnil\t100\t250\tfail\t12");
        assertThat(HistoryOp.parse(op.line())).isEqualTo(op);
    }

    @Test
    void aBadLineNamesTheField() {
        assertThatThrownBy(() -> HistoryOp.parse("k\tread\t-\t-\t1\t2\tok")).hasMessageContaining("8 tab-separated fields");
        assertThatThrownBy(() -> HistoryOp.parse("k\tincr\t-\t-\t1\t2\tok\t-")).hasMessageContaining("f: unknown value 'incr'");
        assertThatThrownBy(() -> HistoryOp.parse("k\tread\t-\t-\tx\t2\tok\t-")).hasMessageContaining("start_ns");
        assertThatThrownBy(() -> HistoryOp.parse("k\tread\t-\t-\t5\t2\tok\t-")).hasMessageContaining("before start_ns");
        assertThatThrownBy(() -> HistoryOp.parse("k\tread\t-\t-\t1\t2\tmaybe\t-")).hasMessageContaining("outcome");
    }
}
