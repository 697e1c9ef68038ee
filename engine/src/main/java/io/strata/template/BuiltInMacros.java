package io.strata.template;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * dbt's own macros as Strata provides them for Trino and Dremio: the cross-database macros ({@code dbt.date_trunc},
 * {@code dbt.dateadd}, …) and the type macros, written from dbt's documented behaviour. They are callable without a
 * prefix and under {@code dbt.}; a project macro of the same name takes the place of one, and
 * {@code adapter.dispatch(name, 'dbt')} searches the project's macros first.
 */
public final class BuiltInMacros {
    /** The namespace templates call them under. */
    public static final String NAMESPACE = "dbt";
    private static final String FOLDER = "dbt/";
    /** The macro files, under {@code io/strata/template/dbt/} on the class path. */
    private static final List<String> FILES = List.of("cross_database.sql", "data_types.sql");

    private BuiltInMacros() {
    }

    /** The built-in macro files, each named {@code <strata>/dbt/<file>} in messages. */
    static List<SourceText> files() {
        List<SourceText> files = new ArrayList<>();
        for (String file : FILES) {
            try (InputStream in = BuiltInMacros.class.getResourceAsStream(FOLDER + file)) {
                if (in == null) {
                    throw new IllegalStateException("the built-in macro file " + file + " is missing from the class path");
                }
                files.add(new SourceText("<strata>/dbt/" + file, new String(in.readAllBytes(), StandardCharsets.UTF_8)));
            }
            catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return files;
    }
}
