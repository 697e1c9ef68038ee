-- Runs, what each built, and what each check found. Read by the CLI, the UI and the scheduler.
CREATE TABLE runs (
    id            VARCHAR(64) PRIMARY KEY,
    branch        VARCHAR(256) NOT NULL,
    status        VARCHAR(32) NOT NULL,     -- RUNNING, MERGED, BUILT_ON_DEV_BRANCH, KEPT, FAILED, ABANDONED
    selection     VARCHAR(4000) NOT NULL,
    started_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    finished_at   TIMESTAMP WITH TIME ZONE,
    pid           BIGINT NOT NULL,
    host          VARCHAR(256) NOT NULL,
    merged_commit VARCHAR(128),
    reason        VARCHAR(8000)
);

CREATE TABLE materializations (
    run_id          VARCHAR(64) NOT NULL REFERENCES runs (id),
    asset_key       VARCHAR(1024) NOT NULL,
    status          VARCHAR(16) NOT NULL,   -- SUCCESS, FAILED, SKIPPED
    materialization VARCHAR(32) NOT NULL,
    row_count       BIGINT,
    duration_ms     BIGINT NOT NULL,
    error           VARCHAR(8000),
    PRIMARY KEY (run_id, asset_key)
);

CREATE TABLE check_results (
    run_id     VARCHAR(64) NOT NULL REFERENCES runs (id),
    name       VARCHAR(1024) NOT NULL,
    asset_key  VARCHAR(1024) NOT NULL,
    outcome    VARCHAR(16) NOT NULL,        -- PASS, WARN, FAIL
    failures   BIGINT NOT NULL,
    sample     VARCHAR(8000),
    stored_in  VARCHAR(1024),
    PRIMARY KEY (run_id, name)
);

CREATE INDEX runs_by_start ON runs (started_at DESC);
