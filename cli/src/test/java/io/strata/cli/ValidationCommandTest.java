package io.strata.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code strata compile} refuses a misspelled column at its place, and {@code --no-validate} lets it through. */
class ValidationCommandTest {
    @TempDir
    Path root;

    private void write(String path, String text) throws IOException {
        Path file = root.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    @Test
    void compileRefusesAMisspelledColumnAndNoValidateSkipsTheCheck() throws IOException {
        write("strata.yml", "name: shop\n");
        write("seeds/orders.csv", "order_id,amount\n1,10\n");
        write("models/totals.sql", "select\n    sum(amout) as total\nfrom {{ ref('orders') }}\n");

        CommandRun refused = CommandRun.in(root, "compile");

        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.err()).contains("models/totals.sql:2:9: error: unknown column: no relation in scope has a column 'amout'; did you mean 'amount'?");
        assertThat(root.resolve("target/compiled")).doesNotExist();

        CommandRun skipped = CommandRun.in(root, "compile", "--no-validate");

        assertThat(skipped.exitCode()).isZero();
        assertThat(skipped.err()).doesNotContain("amout");
    }
}
