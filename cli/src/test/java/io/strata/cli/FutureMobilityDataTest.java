package io.strata.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The committed FutureMobility sample is exactly what its generator writes at scale 1, seed 42. */
class FutureMobilityDataTest {
    private static final Path EXAMPLE = Path.of("..", "examples", "futuremobility").toAbsolutePath().normalize();

    @Test
    void theGeneratorReproducesTheCommittedSampleByteForByte(@TempDir Path out) throws Exception {
        Process generator = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                EXAMPLE.resolve("FutureMobilityData.java").toString(), "--scale", "1", "--seed", "42", "--out", out.toString())
                .redirectErrorStream(true).start();
        String printed = new String(generator.getInputStream().readAllBytes());
        assertThat(generator.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(generator.exitValue()).as(printed).isZero();

        Path sample = EXAMPLE.resolve("data");
        List<Path> committed = relativeFiles(sample);
        assertThat(relativeFiles(out)).isEqualTo(committed).hasSize(60);
        for (Path file : committed) {
            assertThat(out.resolve(file)).as(file.toString()).hasSameBinaryContentAs(sample.resolve(file));
        }
    }

    @Test
    void aBadScaleIsAUsageError(@TempDir Path out) throws Exception {
        Process generator = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                EXAMPLE.resolve("FutureMobilityData.java").toString(), "--scale", "0", "--out", out.toString()).redirectErrorStream(true).start();
        String printed = new String(generator.getInputStream().readAllBytes());
        generator.waitFor(120, TimeUnit.SECONDS);
        assertThat(generator.exitValue()).isEqualTo(2);
        assertThat(printed).contains("--scale must be 1 or more");
        assertThat(relativeFiles(out)).isEmpty();
    }

    private static List<Path> relativeFiles(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            return paths.filter(Files::isRegularFile).map(root::relativize).sorted().toList();
        }
    }
}
