package io.strata.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code strata deps}: one line per package installed, failures on stderr, an exit code that says which kind. */
class DepsCommandTest {
    @TempDir
    Path workspace;

    private Path project(String packages) throws IOException {
        Path project = Files.createDirectories(workspace.resolve("shop"));
        Files.writeString(project.resolve("dbt_project.yml"), "name: shop\n");
        if (packages != null) {
            Files.writeString(project.resolve("packages.yml"), packages);
        }
        Path money = Files.createDirectories(workspace.resolve("money-macros"));
        Files.writeString(money.resolve("dbt_project.yml"), "name: money\n");
        return project;
    }

    @Test
    void installsWhatItCanAndNamesTheRepositoryItCouldNotReach() throws IOException {
        Path project = project("""
                packages:
                  - local: ../money-macros
                  - git: "https://127.0.0.1:9/x.git"
                    revision: 1.0.0
                """);

        CommandRun run = CommandRun.in(project, "deps");

        assertThat(run.out()).contains("installed money (local ../money-macros)");
        assertThat(run.err()).contains("packages.yml:3:5: error: cannot install git https://127.0.0.1:9/x.git @ 1.0.0",
                "1 of 2 packages could not be installed; package-lock.yml was not written");
        assertThat(run.exitCode()).isEqualTo(StrataCommand.ENVIRONMENT_ERROR);
        assertThat(project.resolve("dbt_packages/money/dbt_project.yml")).exists();
    }

    @Test
    void writesTheLockWhenEveryPackageInstalledAndFollowsItNextTime() throws IOException {
        Path project = project("packages:\n  - local: ../money-macros\n");

        CommandRun first = CommandRun.in(project, "deps");
        CommandRun second = CommandRun.in(project, "deps");

        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(first.out()).isEqualTo("installed money (local ../money-macros)\nWrote package-lock.yml\n");
        assertThat(second.exitCode()).as(second.err()).isZero();
        assertThat(second.out()).contains("Installed the revisions package-lock.yml pins");
    }

    @Test
    void aBadPackagesFileIsTheUsersErrorAtItsLine() throws IOException {
        Path project = project("packages:\n  - package: dbt-labs/dbt_utils\n");

        CommandRun run = CommandRun.in(project, "deps");

        assertThat(run.exitCode()).isEqualTo(StrataCommand.USER_ERROR);
        assertThat(run.err()).contains("packages.yml:2:").contains("dbt-labs/dbt_utils needs 'version:'");
    }

    @Test
    void aProjectWithoutPackagesHasNothingToInstall() throws IOException {
        Path project = project(null);

        CommandRun run = CommandRun.in(project, "deps");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("No packages to install");
        assertThat(project.resolve("dbt_packages")).doesNotExist();
    }
}
