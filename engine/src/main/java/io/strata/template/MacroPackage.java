package io.strata.template;

import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * The macro files of one installed dbt package ({@code dbt_packages/<folder>}), called from templates under its
 * name ({@code dbt_utils.star(...)}).
 *
 * @param name the package's name, from its {@code dbt_project.yml}
 * @param files its macro files and custom generic tests
 */
public record MacroPackage(String name, List<SourceText> files) {
    public MacroPackage {
        requireNonNull(name, "name");
        files = List.copyOf(files);
    }
}
