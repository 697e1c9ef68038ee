package io.strata.compile;

import io.strata.project.Diagnostic;
import io.strata.project.Location;
import io.strata.project.ProjectScanner.ProjectPath;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** dbt's docs blocks ({@code {% docs name %}…{% enddocs %}}) from the {@code .md} files under the model paths, for {@code doc('name')}. */
final class DocsBlocks {
    private static final Pattern BLOCK = Pattern.compile(
            "\\{%-?\\s*docs\\s+([A-Za-z_][A-Za-z0-9_]*)\\s*-?%}(.*?)\\{%-?\\s*enddocs\\s*-?%}", Pattern.DOTALL);

    private DocsBlocks() {
    }

    /** Each block's text, trimmed as dbt trims it, by name; a name defined twice is an error. */
    static Map<String, String> load(List<ProjectPath> files, FileTexts texts, Diagnostics diagnostics) {
        Map<String, String> blocks = new LinkedHashMap<>();
        Map<String, String> definedIn = new LinkedHashMap<>();
        for (ProjectPath file : files) {
            Outcome<String> text = texts.read(file);
            if (text.value() == null) {
                diagnostics.addAll(text.errors());
                continue;
            }
            Matcher block = BLOCK.matcher(text.value());
            while (block.find()) {
                String name = block.group(1);
                String previous = definedIn.putIfAbsent(name, file.path());
                if (previous != null) {
                    diagnostics.add(Diagnostic.error(new Location(file.path(), lineOf(text.value(), block.start()), 0),
                            "docs block '" + name + "' is defined twice: here and in " + previous + "; rename one of them"));
                    continue;
                }
                blocks.put(name, block.group(2).strip());
            }
        }
        return blocks;
    }

    private static int lineOf(String text, int offset) {
        return (int) text.substring(0, offset).chars().filter(c -> c == '\n').count() + 1;
    }
}
