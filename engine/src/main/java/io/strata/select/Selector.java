package io.strata.select;

import io.strata.api.AssetKey;
import io.strata.graph.AssetGraph;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A selection as dbt writes it: terms separated by spaces are a union, terms joined by commas an
 * intersection, and {@code --exclude} takes away what its own selection picks.
 */
public final class Selector {
    private final List<List<SelectorAtom>> union;
    private final List<List<SelectorAtom>> excluded;

    private Selector(List<List<SelectorAtom>> union, List<List<SelectorAtom>> excluded) {
        this.union = union;
        this.excluded = excluded;
    }

    /** Everything. */
    public static Selector all() {
        return new Selector(List.of(), List.of());
    }

    /**
     * @param select the {@code -s} arguments (each may hold several space-separated terms); empty means all
     * @param exclude the {@code --exclude} arguments
     */
    public static Selector parse(List<String> select, List<String> exclude) {
        return new Selector(terms(select, "select"), terms(exclude, "exclude"));
    }

    /**
     * A selection as one {@code select} and one {@code exclude} text (a request's fields, a schedule's keys); null or
     * blank selects everything and excludes nothing.
     */
    public static Selector parse(String select, String exclude) {
        return parse(argument(select), argument(exclude));
    }

    private static List<String> argument(String text) {
        return text == null || text.isBlank() ? List.of() : List.of(text);
    }

    private static final Pattern TERM = Pattern.compile("\\S+");

    /** The terms of an option's arguments; a problem is placed in its argument for {@link SelectionException#position()}. */
    private static List<List<SelectorAtom>> terms(List<String> arguments, String option) {
        List<List<SelectorAtom>> terms = new ArrayList<>();
        for (String argument : arguments) {
            Matcher term = TERM.matcher(argument);
            while (term.find()) {
                terms.add(atoms(term.group(), term.start(), option));
            }
        }
        return List.copyOf(terms);
    }

    /** A term's atoms, joined by commas: an intersection. */
    private static List<SelectorAtom> atoms(String term, int start, String option) {
        int emptyPart = term.startsWith(",") ? 0 : term.endsWith(",") ? term.length() - 1 : term.indexOf(",,");
        if (emptyPart >= 0) {
            throw SelectionException.at(emptyPart, "selector '" + term + "' has an empty part around a comma").in(option, start);
        }
        List<SelectorAtom> atoms = new ArrayList<>();
        int offset = 0;
        for (String atom : term.split(",")) {
            try {
                atoms.add(SelectorAtom.parse(atom));
            }
            catch (SelectionException e) {
                throw e.in(option, start + offset);
            }
            offset += atom.length() + 1;
        }
        return atoms;
    }

    public boolean isAll() {
        return union.isEmpty() && excluded.isEmpty();
    }

    /** The selected assets, in the graph's dependency order. */
    public List<AssetKey> select(AssetGraph graph) {
        Set<AssetKey> selected = new LinkedHashSet<>();
        if (union.isEmpty()) {
            graph.assets().forEach(asset -> selected.add(asset.key()));
        }
        else {
            union.forEach(term -> selected.addAll(intersect(term, graph)));
        }
        excluded.forEach(term -> selected.removeAll(intersect(term, graph)));
        return graph.topologicalOrder(selected);
    }

    private static Set<AssetKey> intersect(List<SelectorAtom> atoms, AssetGraph graph) {
        Set<AssetKey> result = null;
        for (SelectorAtom atom : atoms) {
            Set<AssetKey> picked = atom.select(graph);
            if (result == null) {
                result = new LinkedHashSet<>(picked);
            }
            else {
                result.retainAll(picked);
            }
        }
        return result == null ? Set.of() : result;
    }
}
