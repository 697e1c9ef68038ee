package io.strata.project.packages;

import com.sun.net.httpserver.HttpServer;
import io.strata.project.StrataException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** strata deps: packages installed in dbt_packages/ under their own names, from folders, git repositories and the hub. */
class PackageInstallerTest {
    @TempDir
    Path workspace;

    private Path project() throws IOException {
        Path project = Files.createDirectories(workspace.resolve("shop"));
        Files.writeString(project.resolve("dbt_project.yml"), "name: shop\n");
        return project;
    }

    private Path packageFolder(String folder, String dbtProject) throws IOException {
        Path path = Files.createDirectories(workspace.resolve(folder));
        Files.writeString(path.resolve("dbt_project.yml"), dbtProject);
        Files.createDirectories(path.resolve("macros"));
        Files.writeString(path.resolve("macros/cents.sql"), "{% macro cents(column) %}{{ column }} * 100{% endmacro %}\n");
        return path;
    }

    private static Installation install(Path project) {
        return PackageInstaller.forProject(project, URI.create("http://127.0.0.1:9/api/v1/")).install();
    }

    @Test
    void aLocalPackageIsLinkedUnderTheNameItsDbtProjectGives() throws IOException {
        Path project = project();
        packageFolder("money-macros", "name: money\nversion: 0.2.0\n");
        Files.writeString(project.resolve("packages.yml"), "packages:\n  - local: ../money-macros\n");

        Installation installation = install(project);

        assertThat(installation.failures()).isEmpty();
        assertThat(installation.installed()).singleElement().satisfies(installed -> {
            assertThat(installed.name()).isEqualTo("money");
            assertThat(installed.describe()).isEqualTo("installed money 0.2.0 (local ../money-macros)");
        });
        Path installed = project.resolve("dbt_packages/money");
        assertThat(installed.resolve("macros/cents.sql")).hasContent("{% macro cents(column) %}{{ column }} * 100{% endmacro %}");
        assertThat(Files.isSymbolicLink(installed)).as("linked, as dbt links a local package").isTrue();
        assertThat(installation.lock()).isEqualTo(Installation.Lock.WRITTEN);
        assertThat(project.resolve("package-lock.yml")).content().contains("- local: \"../money-macros\"", "name: \"money\"",
                "sha1_hash: \"" + PackagesFile.find(project).orElseThrow().sha1() + "\"");
    }

    @Test
    void aCleanInstallRemovesWhatIsNoLongerDeclaredButNeverWhatALinkPointsTo() throws IOException {
        Path project = project();
        Path source = packageFolder("money-macros", "name: money\n");
        Files.writeString(project.resolve("packages.yml"), "packages:\n  - local: ../money-macros\n");
        install(project);
        Files.createDirectories(project.resolve("dbt_packages/stale/macros"));
        Files.writeString(project.resolve("packages.yml"), "packages:\n  - local: ../other\n");
        packageFolder("other", "name: other\n");

        Installation installation = install(project);

        assertThat(installation.installed()).extracting(InstalledPackage::name).containsExactly("other");
        try (var installed = Files.list(project.resolve("dbt_packages"))) {
            assertThat(installed.map(path -> path.getFileName().toString())).containsExactly("other");
        }
        assertThat(source.resolve("macros/cents.sql")).as("the linked folder itself stays").exists();
    }

    @Test
    void aGitPackageIsInstalledAtItsTagAndLockedAtTheFullCommitWhichTheNextInstallFollowsAfterTheTagMoves() throws IOException {
        Repository repository = Repository.create(workspace.resolve("remote"), "name: dbt_money\nversion: 1.0.0\n");
        String first = repository.commitAndTag("v1.0.0", "first");
        Path project = project();
        Files.writeString(project.resolve("packages.yml"), """
                packages:
                  - git: "%s"
                    revision: v1.0.0
                """.formatted(repository.url()));

        Installation installation = install(project);

        assertThat(installation.failures()).isEmpty();
        assertThat(installation.installed()).singleElement().satisfies(installed -> {
            assertThat(installed.name()).isEqualTo("dbt_money");
            assertThat(installed.describe()).isEqualTo("installed dbt_money 1.0.0 (git " + repository.url() + " @ " + first + ")");
        });
        assertThat(project.resolve("dbt_packages/dbt_money/release.txt")).hasContent("first");
        assertThat(first).hasSize(40);
        assertThat(project.resolve("package-lock.yml")).content().contains("- git: \"" + repository.url() + "\"", "revision: \"" + first + "\"");

        String second = repository.commitAndTag("v1.0.0", "second");
        Installation again = install(project);

        assertThat(again.lock()).isEqualTo(Installation.Lock.FOLLOWED);
        assertThat(project.resolve("dbt_packages/dbt_money/release.txt")).as("the locked commit, not the moved tag").hasContent("first");

        Files.writeString(project.resolve("packages.yml"), Files.readString(project.resolve("packages.yml")) + "# the tag moved\n");
        Installation resolved = install(project);

        assertThat(resolved.lock()).isEqualTo(Installation.Lock.WRITTEN);
        assertThat(project.resolve("dbt_packages/dbt_money/release.txt")).hasContent("second");
        assertThat(project.resolve("package-lock.yml")).content().contains("revision: \"" + second + "\"");
    }

    @Test
    void aLockWrittenForAnotherPackagesFileIsNotFollowedButWrittenAgain() throws IOException {
        Path project = project();
        packageFolder("money-macros", "name: money\n");
        Files.writeString(project.resolve("packages.yml"), "packages:\n  - local: ../money-macros\n");
        Files.writeString(project.resolve("package-lock.yml"), """
                packages:
                  - tarball: https://example.com/old.tgz
                    name: old
                sha1_hash: 5c1a2d0e
                """);

        Installation installation = install(project);

        assertThat(installation.lock()).isEqualTo(Installation.Lock.WRITTEN);
        assertThat(installation.installed()).extracting(InstalledPackage::name).containsExactly("money");
        assertThat(project.resolve("package-lock.yml")).content().contains("local: \"../money-macros\"").doesNotContain("tarball");
    }

    @Test
    void aGitPackageAtACommitInASubdirectory() throws IOException {
        Repository repository = Repository.create(workspace.resolve("monorepo"), null);
        repository.write("packages/finance/dbt_project.yml", "name: finance\n");
        String commit = repository.commitAndTag(null, "one");
        repository.write("packages/finance/dbt_project.yml", "name: finance\nversion: 2.0.0\n");
        repository.commitAndTag(null, "two");
        Path project = project();
        Files.writeString(project.resolve("packages.yml"), """
                packages:
                  - git: "%s"
                    revision: %s
                    subdirectory: packages/finance
                """.formatted(repository.url(), commit));

        Installation installation = install(project);

        assertThat(installation.failures()).isEmpty();
        assertThat(project.resolve("dbt_packages/finance/release.txt")).hasContent("one");
        assertThat(project.resolve("dbt_packages/finance/dbt_project.yml")).hasContent("name: finance");
        assertThat(project.resolve("dbt_packages/finance/.git")).doesNotExist();
        try (var folders = Files.list(project.resolve("dbt_packages"))) {
            assertThat(folders.map(path -> path.getFileName().toString())).as("no clone left behind").containsExactly("finance");
        }
        assertThat(project.resolve("package-lock.yml")).content().contains("revision: \"" + commit + "\"", "subdirectory: \"packages/finance\"");
    }

    @Test
    void anUnreachableRepositoryIsReportedByUrlWhileTheOtherPackagesInstall() throws IOException {
        Path project = project();
        packageFolder("money-macros", "name: money\n");
        Files.writeString(project.resolve("packages.yml"), """
                packages:
                  - git: "https://127.0.0.1:9/x.git"
                    revision: 1.0.0
                  - local: ../money-macros
                """);

        Installation installation = install(project);

        assertThat(installation.installed()).extracting(InstalledPackage::name).containsExactly("money");
        assertThat(installation.failures()).singleElement().satisfies(failure -> {
            assertThat(failure.kind()).isEqualTo(StrataException.Kind.ENVIRONMENT);
            assertThat(failure.diagnostic().toString()).startsWith("packages.yml:2:")
                    .contains("cannot install git https://127.0.0.1:9/x.git @ 1.0.0", "git clone https://127.0.0.1:9/x.git failed");
        });
        assertThat(installation.lock()).isEqualTo(Installation.Lock.NOT_WRITTEN);
        assertThat(project.resolve("package-lock.yml")).doesNotExist();
    }

    @Test
    void aRevisionTheRepositoryLacksIsTheProjectsError() throws IOException {
        Repository repository = Repository.create(workspace.resolve("remote"), "name: dbt_money\n");
        repository.commitAndTag("v1.0.0", "first");
        Path project = project();
        Files.writeString(project.resolve("packages.yml"), "packages:\n  - git: \"" + repository.url() + "\"\n    revision: v9.9.9\n");

        Installation installation = install(project);

        assertThat(installation.failures()).singleElement().satisfies(failure -> {
            assertThat(failure.kind()).isEqualTo(StrataException.Kind.PROJECT);
            assertThat(failure.message()).contains("revision 'v9.9.9' of " + repository.url() + " cannot be checked out");
        });
    }

    @Test
    void anUnpinnedGitPackageAndAPackageRequiringAnotherDbtAreWarnedAbout() throws IOException {
        Repository repository = Repository.create(workspace.resolve("remote"), "name: legacy\nrequire-dbt-version: [\">=1.0.0\", \"<1.5.0\"]\n");
        repository.commitAndTag(null, "first");
        Path project = project();
        Files.writeString(project.resolve("packages.yml"), "packages:\n  - git: \"" + repository.url() + "\"\n");

        Installation installation = install(project);

        assertThat(installation.failures()).isEmpty();
        assertThat(installation.warnings()).extracting(Object::toString).satisfiesExactlyInAnyOrder(
                warning -> assertThat(warning).startsWith("packages.yml:2:").contains("is not pinned"),
                warning -> assertThat(warning).startsWith("dbt_packages/legacy/dbt_project.yml:2:")
                        .contains("package legacy requires dbt >=1.0.0, <1.5.0"));
    }

    @Test
    void twoPackagesWithOneNameAreAnError() throws IOException {
        Path project = project();
        packageFolder("a", "name: money\n");
        packageFolder("b", "name: money\n");
        Files.writeString(project.resolve("packages.yml"), "packages:\n  - local: ../a\n  - local: ../b\n");

        Installation installation = install(project);

        assertThat(installation.installed()).hasSize(1);
        assertThat(installation.failures()).singleElement().satisfies(failure ->
                assertThat(failure.diagnostic().toString()).startsWith("packages.yml:3:").contains("names it 'money', as is local ../a"));
    }

    @Test
    void anUnreachableHubSaysSoAndHowToDeclareThePackageInstead() throws IOException {
        Path project = project();
        Files.writeString(project.resolve("packages.yml"), "packages:\n  - package: dbt-labs/dbt_utils\n    version: [\">=1.0.0\", \"<2.0.0\"]\n");

        Installation installation = install(project);

        assertThat(installation.failures()).singleElement().satisfies(failure -> {
            assertThat(failure.kind()).isEqualTo(StrataException.Kind.ENVIRONMENT);
            assertThat(failure.message()).contains("the dbt package hub could not be reached at http://127.0.0.1:9/api/v1/dbt-labs/dbt_utils.json",
                    "'git: <its repository URL>'", "'local:");
        });
    }

    @Test
    void theHubGivesTheHighestVersionWithinTheRangeAsATagOfItsRepository() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/api/v1/dbt-labs/dbt_utils.json", exchange -> {
            byte[] body = """
                    {"name": "dbt_utils", "namespace": "dbt-labs", "latest": "2.0.0", "versions": {
                      "1.1.1": {"downloads": {"tarball": "https://codeload.github.com/dbt-labs/dbt-utils/tar.gz/1.1.1"}},
                      "1.3.0": {"downloads": {"tarball": "https://codeload.github.com/dbt-labs/dbt-utils/tar.gz/1.3.0"}},
                      "1.4.0-b1": {"downloads": {"tarball": "https://codeload.github.com/dbt-labs/dbt-utils/tar.gz/1.4.0-b1"}},
                      "2.0.0": {"downloads": {"tarball": "https://codeload.github.com/dbt-labs/dbt-utils/tar.gz/2.0.0"}}}}
                    """.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        try {
            HubIndex hub = new HubIndex(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/api/v1/"));
            PackageDeclaration.Hub declared = new PackageDeclaration.Hub("dbt-labs/dbt_utils", List.of(">=1.0.0", "<2.0.0"), io.strata.project.Location.of("packages.yml", 2));

            assertThat(hub.release(declared)).isEqualTo(new HubIndex.Release("1.3.0", "https://github.com/dbt-labs/dbt-utils.git", "1.3.0"));
            assertThat(hub.release(new PackageDeclaration.Hub("dbt-labs/dbt_utils", List.of("1.1.1"), declared.location())).revision()).isEqualTo("1.1.1");
            assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> hub.release(new PackageDeclaration.Hub("dbt-labs/dbt_utils", List.of(">=3.0.0"), declared.location()))))
                    .hasMessageContaining("no version of hub package dbt-labs/dbt_utils is within >=3.0.0; the hub has [1.1.1, 1.3.0, 1.4.0-b1, 2.0.0]");
            assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> hub.release(new PackageDeclaration.Hub("dbt-labs/missing", List.of("1.0.0"), declared.location()))))
                    .hasMessageContaining("the dbt package hub has no package dbt-labs/missing");
        }
        finally {
            server.stop(0);
        }
    }

    @Test
    void thePackagesAPackageDeclaresAreInstalledAndLockedToo() throws IOException {
        Repository utilities = Repository.create(workspace.resolve("utilities"), "name: utilities\n");
        String utilitiesCommit = utilities.commitAndTag("1.0.0", "utilities");
        Repository expectations = Repository.create(workspace.resolve("expectations"), "name: expectations\n");
        expectations.write("packages.yml", """
                packages:
                  - git: "%s"
                    revision: 1.0.0
                  - local: ../money-macros
                """.formatted(utilities.url()));
        expectations.commitAndTag("0.5.0", "expectations");
        packageFolder("money-macros", "name: money\n");
        Path project = project();
        Files.writeString(project.resolve("packages.yml"), "packages:\n  - git: \"" + expectations.url() + "\"\n    revision: 0.5.0\n");

        Installation installation = install(project);

        assertThat(installation.failures()).isEmpty();
        assertThat(installation.installed()).extracting(InstalledPackage::name).containsExactly("expectations", "utilities", "money");
        assertThat(project.resolve("dbt_packages/money")).as("a local path of a package is relative to the project, as dbt reads it").isDirectory();
        assertThat(project.resolve("package-lock.yml")).content().contains("revision: \"" + utilitiesCommit + "\"", "local: \"../money-macros\"");

        expectations.write("packages.yml", "packages: [{local: ../nowhere}]\n");
        expectations.commitAndTag("0.5.0", "moved");
        Installation locked = install(project);

        assertThat(locked.lock()).isEqualTo(Installation.Lock.FOLLOWED);
        assertThat(locked.installed()).extracting(InstalledPackage::name).containsExactly("expectations", "utilities", "money");
    }

    @Test
    void aDependencyTheProjectAlreadyInstallsIsNotFetchedAgainAndADifferentVersionIsWarnedAbout() throws IOException {
        packageFolder("date", "name: dbt_date\nversion: 0.9.0\n");
        Repository expectations = Repository.create(workspace.resolve("expectations"), "name: expectations\n");
        expectations.write("packages.yml", """
                packages:
                  - package: calogica/dbt_date
                    version: [">=0.10.0", "<0.11.0"]
                """);
        expectations.commitAndTag("0.5.0", "expectations");
        Path project = project();
        Files.writeString(project.resolve("packages.yml"), """
                packages:
                  - git: "%s"
                    revision: 0.5.0
                  - local: ../date
                """.formatted(expectations.url()));

        Installation installation = install(project);

        assertThat(installation.failures()).as("the unreachable hub is never asked").isEmpty();
        assertThat(installation.installed()).extracting(InstalledPackage::name).containsExactly("expectations", "dbt_date");
        assertThat(installation.warnings()).extracting(Object::toString).singleElement().asString()
                .startsWith("dbt_packages/expectations/packages.yml:2:")
                .contains("package expectations asks for calogica/dbt_date >=0.10.0, <0.11.0, but dbt_date 0.9.0 is installed from local ../date");
    }

    @Test
    void anErrorInAPackagesOwnPackagesFileIsReportedAtItsLine() throws IOException {
        Path money = packageFolder("money-macros", "name: money\n");
        Files.writeString(money.resolve("packages.yml"), "packages:\n  - git: https://example.com/x.git\n    tag: v1\n");
        Path project = project();
        Files.writeString(project.resolve("packages.yml"), "packages:\n  - local: ../money-macros\n");

        Installation installation = install(project);

        assertThat(installation.installed()).extracting(InstalledPackage::name).containsExactly("money");
        assertThat(installation.failures()).singleElement().satisfies(failure -> assertThat(failure.diagnostic().toString())
                .startsWith("dbt_packages/money/packages.yml:3:").contains("unknown key 'tag' in a git package"));
        assertThat(installation.lock()).isEqualTo(Installation.Lock.NOT_WRITTEN);
    }

    @Test
    void aProjectWithoutPackagesLeavesDbtPackagesAlone() throws IOException {
        Path project = project();
        Files.createDirectories(project.resolve("dbt_packages/kept"));

        Installation installation = install(project);

        assertThat(installation.lock()).isEqualTo(Installation.Lock.NONE);
        assertThat(project.resolve("dbt_packages/kept")).isDirectory();
    }

    /** A bare repository reached by a file:// URL, and the working copy that pushes to it. */
    private record Repository(Path bare, Path work) {
        static Repository create(Path folder, String dbtProject) throws IOException {
            Path bare = folder.resolve("remote.git");
            Path work = folder.resolve("work");
            Files.createDirectories(work);
            git(folder, "init", "--quiet", "--bare", bare.toString());
            git(work, "init", "--quiet");
            git(work, "remote", "add", "origin", bare.toString());
            if (dbtProject != null) {
                Files.writeString(work.resolve("dbt_project.yml"), dbtProject);
            }
            return new Repository(bare, work);
        }

        String url() {
            return bare.toUri().toString();
        }

        void write(String file, String text) throws IOException {
            Files.createDirectories(work.resolve(file).getParent());
            Files.writeString(work.resolve(file), text);
        }

        /** Commits release.txt holding {@code release} (at the root and in each package folder), tags it when asked, and pushes; returns the commit. */
        String commitAndTag(String tag, String release) throws IOException {
            write("release.txt", release);
            if (Files.isDirectory(work.resolve("packages/finance"))) {
                write("packages/finance/release.txt", release);
            }
            git(work, "add", "-A");
            git(work, "commit", "--quiet", "-m", release);
            git(work, "push", "--quiet", "--force", "origin", "HEAD:refs/heads/main");
            if (tag != null) {
                git(work, "tag", "-f", tag);
                git(work, "push", "--quiet", "--force", "origin", "refs/tags/" + tag);
            }
            git(bare, "symbolic-ref", "HEAD", "refs/heads/main");
            return git(work, "rev-parse", "HEAD").strip();
        }

        private static String git(Path directory, String... arguments) throws IOException {
            List<String> command = new ArrayList<>(List.of("git", "-c", "user.name=Strata Test", "-c", "user.email=test@strata.invalid",
                    "-c", "commit.gpgsign=false", "-c", "tag.gpgsign=false", "-c", "init.defaultBranch=main"));
            command.addAll(List.of(arguments));
            Process process = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            try {
                if (process.waitFor() != 0) {
                    throw new IOException(String.join(" ", command) + " failed: " + output);
                }
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
            return output;
        }
    }
}
