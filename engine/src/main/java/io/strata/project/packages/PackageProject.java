package io.strata.project.packages;

import io.strata.project.ProjectException;
import io.strata.project.StrataException;
import io.strata.project.YamlNode;
import io.strata.project.YamlReader;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/**
 * What the installer reads of a package's own {@code dbt_project.yml}: its name, which names its folder in
 * {@code dbt_packages/}, and its version, for the user.
 */
record PackageProject(String name, Optional<String> version, YamlNode.Mapping file) {
    static final String FILE = "dbt_project.yml";

    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    PackageProject {
        requireNonNull(name, "name");
        requireNonNull(version, "version");
        requireNonNull(file, "file");
    }

    /** Reads {@code folder/dbt_project.yml}, named {@code label} in messages; a package without one cannot be installed. */
    static PackageProject read(Path folder, String label) {
        Path file = folder.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            throw new FetchException(StrataException.Kind.PROJECT, "there is no " + label + ": a dbt package is a dbt project"
                    + " (when it is a folder of a repository, name that folder with 'subdirectory:')");
        }
        try {
            YamlNode root = YamlReader.read(label, Files.readString(file, StandardCharsets.UTF_8)).orElse(null);
            if (!(root instanceof YamlNode.Mapping mapping)) {
                throw new FetchException(StrataException.Kind.PROJECT, "its " + FILE + " (" + label + ") is not a mapping with 'name:'");
            }
            String name = mapping.string("name").orElseThrow(() -> new FetchException(StrataException.Kind.PROJECT,
                    "its " + FILE + " (" + label + ") has no 'name:', which names the package's folder"));
            if (!NAME.matcher(name).matches()) {
                throw new FetchException(StrataException.Kind.PROJECT, "its name '" + name + "' (" + label
                        + ") must be letters, digits and underscores, not starting with a digit");
            }
            return new PackageProject(name, mapping.string("version"), mapping);
        }
        catch (ProjectException e) {
            throw new FetchException(StrataException.Kind.PROJECT, "its " + FILE + " cannot be read: " + e.getMessage());
        }
        catch (IOException e) {
            throw new FetchException(StrataException.Kind.ENVIRONMENT, "its " + FILE + " cannot be read: " + e.getMessage());
        }
    }
}
