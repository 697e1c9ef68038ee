package io.strata.project;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/**
 * The {@code {% snapshot name %}…{% endsnapshot %}} blocks of a snapshot file (dbt's legacy style). Each block's
 * template is the whole file with everything outside the block blanked, newlines kept, so that an error in the
 * block is reported at its line in the file.
 *
 * @param blocks the blocks in file order
 * @param errors a block without its end, an end without its block, or nothing but text outside blocks
 */
public record SnapshotBlocks(List<Block> blocks, List<Diagnostic> errors) {
    private static final Pattern TAG = Pattern.compile("\\{%-?\\s*(snapshot\\s+([A-Za-z_][A-Za-z0-9_]*)|snapshot\\b[^%]*|endsnapshot)\\s*-?%}");

    /**
     * @param name the snapshot's name
     * @param location the file and the line of the opening tag
     * @param template the text to render: the block's body at its place in the file
     */
    public record Block(String name, Location location, String template) {
        public Block {
            requireNonNull(name, "name");
            requireNonNull(location, "location");
            requireNonNull(template, "template");
        }
    }

    public SnapshotBlocks {
        blocks = List.copyOf(blocks);
        errors = List.copyOf(errors);
    }

    public static SnapshotBlocks read(String path, String text) {
        List<Block> blocks = new ArrayList<>();
        List<Diagnostic> errors = new ArrayList<>();
        Matcher tag = TAG.matcher(text);
        String open = null;
        int openLine = 0;
        int bodyStart = 0;
        while (tag.find()) {
            int line = lineOf(text, tag.start());
            if (tag.group(1).equals("endsnapshot")) {
                if (open == null) {
                    errors.add(Diagnostic.error(Location.of(path, line), "{% endsnapshot %} without a {% snapshot name %} before it"));
                }
                else {
                    if (!open.isEmpty()) {
                        blocks.add(new Block(open, Location.of(path, openLine), blankOutside(text, bodyStart, tag.start())));
                    }
                    open = null;
                }
            }
            else if (tag.group(2) == null) {
                errors.add(Diagnostic.error(Location.of(path, line), "a snapshot block needs a name: {% snapshot orders_snapshot %}"));
                // Opened all the same (reported once), so that its end is not an error too.
                open = "";
                openLine = line;
            }
            else {
                if (open != null && !open.isEmpty()) {
                    errors.add(Diagnostic.error(Location.of(path, openLine), "snapshot '" + open + "' has no {% endsnapshot %} before the next"
                            + " {% snapshot %} at line " + line));
                }
                open = tag.group(2);
                openLine = line;
                bodyStart = tag.end();
            }
        }
        if (open != null && !open.isEmpty()) {
            errors.add(Diagnostic.error(Location.of(path, openLine), "snapshot '" + open + "' has no {% endsnapshot %}: end the block with it"));
        }
        if (blocks.isEmpty() && errors.isEmpty() && !text.isBlank()) {
            errors.add(Diagnostic.error(Location.of(path, 1), "a file under the snapshot paths holds {% snapshot name %} … {% endsnapshot %}"
                    + " blocks, and this one has none"));
        }
        return new SnapshotBlocks(blocks, errors);
    }

    /** The text with every character outside {@code [start, end)} a space, except newlines. */
    private static String blankOutside(String text, int start, int end) {
        StringBuilder template = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            template.append(i >= start && i < end || c == '\n' ? c : ' ');
        }
        return template.toString().stripTrailing();
    }

    private static int lineOf(String text, int offset) {
        int line = 1;
        for (int i = 0; i < offset; i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }
}
