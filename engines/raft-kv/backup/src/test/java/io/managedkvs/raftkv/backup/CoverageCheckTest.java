package io.managedkvs.raftkv.backup;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.managedkvs.backup.BackupException;
import io.managedkvs.raftkv.proto.backup.BackupManifest;
import io.managedkvs.raftkv.proto.backup.BackupPiece;
import org.junit.jupiter.api.Test;

/** A region map is restored only when its pieces cover the key space exactly once, in order. */
class CoverageCheckTest {

    private static BackupPiece piece(String start, String end) {
        return BackupPiece.newBuilder().setStartKey(ByteString.copyFromUtf8(start)).setEndKey(ByteString.copyFromUtf8(end)).build();
    }

    private static BackupManifest map(BackupPiece... pieces) {
        return BackupManifest.newBuilder().addAllPieces(java.util.List.of(pieces)).build();
    }

    @Test
    void contiguousPiecesFromStartToEndPass() {
        assertThatCode(() -> RaftKvRestore.checkCoverage("b", map(piece("", "g"), piece("g", "p"), piece("p", ""))))
                .doesNotThrowAnyException();
        assertThatCode(() -> RaftKvRestore.checkCoverage("b", map(piece("", "")))).doesNotThrowAnyException();
    }

    @Test
    void aGapIsRefused() {
        assertThatThrownBy(() -> RaftKvRestore.checkCoverage("b", map(piece("", "g"), piece("h", ""))))
                .isInstanceOf(BackupException.class).hasMessageContaining("piece 1 starts at 'h', expected 'g' (a gap or an overlap)");
    }

    @Test
    void anOverlapIsRefused() {
        assertThatThrownBy(() -> RaftKvRestore.checkCoverage("b", map(piece("", "g"), piece("c", ""))))
                .isInstanceOf(BackupException.class).hasMessageContaining("piece 1 starts at 'c'");
    }

    @Test
    void aMapThatStopsShortOrIsEmptyIsRefused() {
        assertThatThrownBy(() -> RaftKvRestore.checkCoverage("b", map(piece("", "g"))))
                .isInstanceOf(BackupException.class).hasMessageContaining("does not reach the end of the key space");
        assertThatThrownBy(() -> RaftKvRestore.checkCoverage("b", map())).isInstanceOf(BackupException.class);
        assertThatThrownBy(() -> RaftKvRestore.checkCoverage("b", map(piece("", ""), piece("", ""))))
                .isInstanceOf(BackupException.class).hasMessageContaining("ends the key space but more follow");
    }
}
