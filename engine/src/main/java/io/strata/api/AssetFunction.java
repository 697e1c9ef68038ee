package io.strata.api;

/** The code of a Java asset: builds it on the run's branch through the context, and says what it made. */
@FunctionalInterface
public interface AssetFunction {
    /**
     * Builds the asset. An exception fails the asset (its message names the line of this code that threw), skips
     * what reads it, and keeps the run's branch; main is not touched.
     */
    AssetResult build(AssetContext context) throws Exception;
}
