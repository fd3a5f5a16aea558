package io.managedkvs.redis.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The engine guide lists every directive the catalogue knows, so the two cannot drift apart. */
class GuideTest {

    @Test
    void theGuideListsEveryDirectiveOfTheCatalogue() throws IOException {
        String guide = Files.readString(Path.of("../../docs/redis-sentinel.md"));

        assertThat(DirectiveCatalogue.standard().all().keySet())
                .allSatisfy(name -> assertThat(guide).as(name).contains("`" + name + "`"));
    }
}
