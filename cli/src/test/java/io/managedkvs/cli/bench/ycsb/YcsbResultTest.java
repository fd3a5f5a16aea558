package io.managedkvs.cli.bench.ycsb;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class YcsbResultTest {

    @Test
    void theLinesAreTheDocumentedFormatWithTheRatioOfThroughputs() {
        YcsbResult ours = new YcsbResult(YcsbWorkload.A, "raft-kv", 1923.4, 7.534, 31.555, 0);
        YcsbResult theirs = new YcsbResult(YcsbWorkload.A, "etcd", 1208.0, 8.97, 76.55, 2);

        assertThat(ours.line()).isEqualTo("ycsb workload=a engine=raft-kv ops_s=1923 p50_ms=7.53 p99_ms=31.56");
        assertThat(theirs.line()).isEqualTo("ycsb workload=a engine=etcd ops_s=1208 p50_ms=8.97 p99_ms=76.55");
        assertThat(ours.ratioLine(theirs)).isEqualTo("ratio workload=a raft-kv/etcd=1.59");
    }

    @Test
    void theWorkloadsReadInYcsbsProportions() {
        assertThat(YcsbWorkload.A.readProportion()).isEqualTo(0.5);
        assertThat(YcsbWorkload.B.readProportion()).isEqualTo(0.95);
        assertThat(YcsbWorkload.C.readProportion()).isEqualTo(1.0);
        assertThat(new YcsbWorkload.Converter().convert(" B ")).isEqualTo(YcsbWorkload.B);
    }
}
