package io.strata.cli;

import io.strata.select.Selector;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;

/** {@code -s/--select} and {@code --exclude}, in dbt's selector syntax. */
final class SelectionOptions {
    @Option(names = {"-s", "--select"}, arity = "1..*", paramLabel = "SELECTOR",
            description = "Assets to include: name, +name, name+, 2+name, @name, tag:x, path:models/gold, layer:silver, source:raw, kind:model, config.materialized:table; space = union, comma = intersection.")
    List<String> select = new ArrayList<>();

    @Option(names = "--exclude", arity = "1..*", paramLabel = "SELECTOR", description = "Assets to leave out, in the same syntax.")
    List<String> exclude = new ArrayList<>();

    Selector selector() {
        return Selector.parse(select, exclude);
    }
}
