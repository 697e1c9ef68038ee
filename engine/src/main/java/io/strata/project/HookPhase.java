package io.strata.project;

/** When a model's hook runs: before its build ({@code pre-hook}) or after it ({@code post-hook}). */
public enum HookPhase {
    PRE("pre-hook"),
    POST("post-hook");

    private final String key;

    HookPhase(String key) {
        this.key = key;
    }

    /** The config name, as dbt writes it in the project file. */
    public String key() {
        return key;
    }
}
