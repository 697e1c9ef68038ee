package io.strata.partition;

import io.strata.template.Placeholders;

import java.util.Map;

/**
 * What {@code {{ partition.start }}}, {@code {{ partition.end }}} and {@code {{ partition.key }}} render as when a
 * model compiles: tokens, replaced by each build's window when it runs. A model compiles once however many partitions
 * a run builds, and its compiled SQL shows where the window goes.
 */
public final class PartitionTokens {
    public static final String START = Placeholders.PARTITION.get("start");
    public static final String END = Placeholders.PARTITION.get("end");
    public static final String KEY = Placeholders.PARTITION.get("key");

    private PartitionTokens() {
    }

    /** Whether compiled SQL reads the partition's window. */
    public static boolean used(String sql) {
        return sql.contains(START) || sql.contains(END) || sql.contains(KEY);
    }

    /** The SQL of one build: the tokens replaced by the window's {@code start}, {@code end} and {@code key}. */
    public static String render(String sql, Map<String, String> window) {
        return sql.replace(START, window.get("start")).replace(END, window.get("end")).replace(KEY, window.get("key"));
    }
}
