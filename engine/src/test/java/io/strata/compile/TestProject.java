package io.strata.compile;

import io.strata.api.AssetDefinitions;
import io.strata.api.AssetKey;
import io.strata.graph.Asset;
import io.strata.project.AssetDeclarationReader;
import io.strata.project.ProjectException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A project written file by file into a temporary folder, for tests. */
public final class TestProject {
    private final Path root;
    private final List<AssetDeclarationReader> readers = new ArrayList<>();
    private final List<AssetDefinitions> codeAssets = new ArrayList<>();
    private CompileOptions options = CompileOptions.defaults();

    private TestProject(Path root) {
        this.root = root;
    }

    /** A project with a minimal {@code strata.yml} named {@code shop}. */
    public static TestProject in(Path root) {
        return new TestProject(root).file("strata.yml", "name: shop\n");
    }

    /** A folder with nothing in it yet. */
    public static TestProject empty(Path root) {
        return new TestProject(root);
    }

    public Path root() {
        return root;
    }

    public TestProject file(String path, String text) {
        try {
            Path file = root.resolve(path);
            Files.createDirectories(file.getParent());
            Files.writeString(file, text, StandardCharsets.UTF_8);
            return this;
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public TestProject with(AssetDeclarationReader reader) {
        readers.add(reader);
        return this;
    }

    public TestProject with(AssetDefinitions definitions) {
        codeAssets.add(definitions);
        return this;
    }

    public TestProject options(CompileOptions newOptions) {
        this.options = newOptions;
        return this;
    }

    public Compiler compiler() {
        return new Compiler(root, options, readers, codeAssets);
    }

    public CompiledProject compile() {
        try (Compiler compiler = compiler()) {
            return compiler.compile();
        }
    }

    /** Compiles and returns the error messages, failing the test if compilation succeeds. */
    public List<String> errors() {
        List<String> errors = new ArrayList<>();
        assertThatThrownBy(this::compile).isInstanceOfSatisfying(ProjectException.class,
                e -> e.errors().forEach(error -> errors.add(error.toString())));
        return errors;
    }

    public static Asset asset(CompiledProject project, String key) {
        return project.graph().require(AssetKey.parse(key));
    }

    public static String sql(CompiledProject project, String model) {
        return asset(project, model).sql().orElseThrow();
    }
}
