package io.managedkvs.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class PercentilesTest {

    @Test
    void anOddCountHasItsMiddleValueAsTheMedian() {
        Percentiles p = Percentiles.of(30, 10, 20);

        assertThat(p.median()).isEqualTo(20);
        assertThat(p.p99()).isEqualTo(30);
        assertThat(p.max()).isEqualTo(30);
    }

    @Test
    void anEvenCountHasTheMeanOfTheMiddleTwoAsTheMedian() {
        Percentiles p = Percentiles.of(4, 1, 3, 2);

        assertThat(p.median()).isEqualTo(2.5);
        assertThat(p.p99()).isEqualTo(4);
    }

    @Test
    void thePercentileIsTheNearestRank() {
        long[] twoHundred = LongStream.rangeClosed(1, 200).toArray();

        Percentiles p = Percentiles.of(twoHundred);

        assertThat(p.p99()).isEqualTo(198);
        assertThat(p.max()).isEqualTo(200);
        assertThat(Percentiles.of(7).median()).isEqualTo(7);
    }

    @Test
    void noValuesIsAnError() {
        assertThatIllegalArgumentException().isThrownBy(Percentiles::of);
    }
}
