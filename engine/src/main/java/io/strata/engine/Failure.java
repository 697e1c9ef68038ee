package io.strata.engine;

/** What an engine error says about trying again. */
public enum Failure {
    /** The statement is wrong or the data is: trying again gives the same error. */
    PERMANENT,
    /** The engine refused or lost the statement before it committed (busy, starting, a worker gone): safe to try again. */
    TRANSIENT,
    /** The connection broke: the statement may or may not have committed, so only an idempotent one is tried again. */
    CONNECTION_LOST
}
