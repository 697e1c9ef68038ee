package io.strata.branch;

import java.time.Instant;

/** One entry of a branch's commit log. */
public record Commit(String hash, String message, String author, Instant time) {
}
