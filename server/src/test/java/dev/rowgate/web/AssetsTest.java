package dev.rowgate.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Assets serves a fixed list: a file added to resources/assets without a media type there would be a 404. */
class AssetsTest {

    @Test
    void everyFileUnderAssetsIsServed() throws Exception {
        Path folder = Path.of(Assets.class.getResource("/assets").toURI());
        try (Stream<Path> files = Files.list(folder)) {
            assertThat(files.map(f -> f.getFileName().toString())).containsExactlyInAnyOrderElementsOf(Assets.FILES.keySet());
        }
    }
}
