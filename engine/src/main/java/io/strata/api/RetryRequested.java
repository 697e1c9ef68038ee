package io.strata.api;

/**
 * Thrown by a Java asset's code to be built again (an API that rate-limits, a flaky export target): the asset is
 * built again as the run's retry policy allows ({@code --retries}, waiting longer each time), and fails as any
 * exception would once the attempts are used up. Exceptions of the types an asset declares with
 * {@code AssetSpec.builder(...).retryOn(...)} are retried the same way.
 */
public class RetryRequested extends RuntimeException {
    public RetryRequested(String message) {
        super(message);
    }

    public RetryRequested(String message, Throwable cause) {
        super(message, cause);
    }
}
