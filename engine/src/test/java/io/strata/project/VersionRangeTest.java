package io.strata.project;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Version constraints as dbt writes them in require-dbt-version and a hub package's version. */
class VersionRangeTest {
    private static SemanticVersion version(String text) {
        return SemanticVersion.parse(text).orElseThrow();
    }

    @Test
    void aListOfConstraintsAllowsWhatEveryOneAllows() {
        VersionRange range = VersionRange.parse(">=1.3.0", "<2.0.0");

        assertThat(range.contains(version("1.3.0"))).isTrue();
        assertThat(range.contains(version("1.9.4"))).isTrue();
        assertThat(range.contains(version("1.2.9"))).isFalse();
        assertThat(range.contains(version("2.0.0"))).isFalse();
        assertThat(range).hasToString(">=1.3.0, <2.0.0");
    }

    @Test
    void aBareVersionAllowsOnlyItselfAndShortVersionsReadAsZeros() {
        assertThat(VersionRange.parse("1.3").contains(version("1.3.0"))).isTrue();
        assertThat(VersionRange.parse("=1.3.0").contains(version("1.3.1"))).isFalse();
        assertThat(VersionRange.parse(">1.3.0").contains(version("1.3.0"))).isFalse();
        assertThat(VersionRange.parse("<=1.3.0").contains(version("1.3.0"))).isTrue();
    }

    @Test
    void aPrereleaseComesBeforeItsReleaseAndIsChosenOnlyWhenTheRangeNamesOne() {
        assertThat(version("1.8.0-b2")).isLessThan(version("1.8.0")).isGreaterThan(version("1.8.0-b1"));
        assertThat(version("1.8.0-b.10")).as("numbers compare as numbers").isGreaterThan(version("1.8.0-b.9"));
        List<SemanticVersion> published = List.of(version("1.1.0"), version("1.3.0"), version("2.0.0"), version("1.4.0-rc1"));

        assertThat(VersionRange.parse(">=1.0.0", "<2.0.0").highest(published)).contains(version("1.3.0"));
        assertThat(VersionRange.parse(">=1.4.0-rc1", "<2.0.0").highest(published)).contains(version("1.4.0-rc1"));
        assertThat(VersionRange.parse(">=3.0.0").highest(published)).isEmpty();
    }

    @Test
    void aConstraintThatIsNoVersionIsQuotedInTheError() {
        assertThatThrownBy(() -> VersionRange.parse(">=1.3.0", "~> one"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'~> one' is not a version");
    }

    @Test
    void aProjectRequiringAnotherDbtIsWarnedAboutAtItsLine() {
        YamlNode.Mapping old = (YamlNode.Mapping) YamlReader.read("dbt_packages/old/dbt_project.yml", """
                name: old
                require-dbt-version: [">=1.0.0", "<1.5.0"]
                """).orElseThrow();
        YamlNode.Mapping current = (YamlNode.Mapping) YamlReader.read("dbt_project.yml", """
                name: current
                require-dbt-version: ">=1.3.0"
                """).orElseThrow();

        assertThat(DbtCompatibility.check(old, "package old")).hasValueSatisfying(warning -> {
            assertThat(warning.isError()).isFalse();
            assertThat(warning.toString()).startsWith("dbt_packages/old/dbt_project.yml:2:")
                    .contains("package old requires dbt >=1.0.0, <1.5.0", "Strata follows dbt " + DbtCompatibility.VERSION);
        });
        assertThat(DbtCompatibility.check(current, "current")).isEmpty();
    }
}
