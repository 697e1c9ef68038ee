package io.strata.project.packages;

import io.strata.project.Diagnostic;
import io.strata.project.ProjectException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.type;

/** packages.yml and dependencies.yml: the three kinds of entries, and errors that name their line. */
class PackagesFileTest {
    @TempDir
    Path project;

    @Test
    void readsLocalGitAndHubEntries() {
        PackagesFile file = PackagesFile.parse("packages.yml", """
                packages:
                  - local: ../my_package
                  - git: "https://github.com/dbt-labs/dbt-codegen.git"
                    revision: 0.12.1
                    subdirectory: codegen
                    warn-unpinned: false
                  - package: dbt-labs/dbt_utils
                    version: [">=1.0.0", "<2.0.0"]
                  - package: calogica/dbt_expectations
                    version: 0.10.4
                """);

        assertThat(file.packages()).hasSize(4);
        assertThat(file.packages().get(0)).isEqualTo(new PackageDeclaration.Local("../my_package", file.packages().get(0).location()));
        assertThat(file.packages().get(1)).asInstanceOf(type(PackageDeclaration.Git.class)).satisfies(git -> {
            assertThat(git.url()).isEqualTo("https://github.com/dbt-labs/dbt-codegen.git");
            assertThat(git.revision()).contains("0.12.1");
            assertThat(git.subdirectory()).contains("codegen");
            assertThat(git.warnUnpinned()).isFalse();
            assertThat(git.location().line()).isEqualTo(3);
        });
        assertThat(file.packages().get(2)).isEqualTo(new PackageDeclaration.Hub("dbt-labs/dbt_utils", List.of(">=1.0.0", "<2.0.0"),
                file.packages().get(2).location()));
        assertThat(((PackageDeclaration.Hub) file.packages().get(3)).versions()).containsExactly("0.10.4");
    }

    @Test
    void everyBadEntryIsAnErrorAtItsLine() {
        assertThatThrownBy(() -> PackagesFile.parse("packages.yml", """
                packages:
                  - local: ../a
                    revision: main
                  - git: https://example.com/x.git
                    package: dbt-labs/dbt_utils
                  - package: dbt_utils
                    version: 1.0.0
                  - package: dbt-labs/dbt_utils
                    version: [">=1.0.0", "about two"]
                  - package: dbt-labs/codegen
                  - tarball: https://example.com/p.tgz
                    name: p
                  - just a text
                  - git: https://example.com/y.git
                    revision: --upload-pack=touch
                """))
                .isInstanceOf(ProjectException.class)
                .extracting(e -> ((ProjectException) e).errors().stream().map(Diagnostic::toString).toList())
                .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.list(String.class))
                .satisfiesExactly(
                        error -> assertThat(error).startsWith("packages.yml:3:").contains("unknown key 'revision' in a local package"),
                        error -> assertThat(error).startsWith("packages.yml:4:").contains("not git and package"),
                        error -> assertThat(error).startsWith("packages.yml:6:").contains("'<organisation>/<package>'"),
                        error -> assertThat(error).startsWith("packages.yml:9:").contains("'about two' is not a version"),
                        error -> assertThat(error).startsWith("packages.yml:10:").contains("dbt-labs/codegen needs 'version:'"),
                        error -> assertThat(error).startsWith("packages.yml:11:").contains("'tarball:' packages are not installed"),
                        error -> assertThat(error).startsWith("packages.yml:13:").contains("each package is a mapping"),
                        error -> assertThat(error).startsWith("packages.yml:15:").contains("'revision:' cannot start with '-'"));
    }

    @Test
    void dependenciesYmlIsReadWhenAloneAndBothFilesAreAnError() throws IOException {
        Files.writeString(project.resolve("dependencies.yml"), """
                projects:
                  - name: upstream
                packages:
                  - local: ../a
                """);

        Optional<PackagesFile> found = PackagesFile.find(project);

        assertThat(found).hasValueSatisfying(file -> {
            assertThat(file.fileName()).isEqualTo("dependencies.yml");
            assertThat(file.packages()).singleElement().isInstanceOf(PackageDeclaration.Local.class);
        });

        Files.writeString(project.resolve("packages.yml"), "packages:\n  - local: ../b\n");

        assertThatThrownBy(() -> PackagesFile.find(project))
                .isInstanceOf(ProjectException.class)
                .hasMessageContaining("both packages.yml and dependencies.yml");
    }

    @Test
    void aProjectWithoutPackagesHasNoPackagesFile() {
        assertThat(PackagesFile.find(project)).isEmpty();
    }

    @Test
    void theHashChangesWithTheText() {
        PackagesFile one = PackagesFile.parse("packages.yml", "packages:\n  - local: ../a\n");
        PackagesFile two = PackagesFile.parse("packages.yml", "packages:\n  - local: ../b\n");

        assertThat(one.sha1()).hasSize(40).isNotEqualTo(two.sha1());
    }
}
