-- The log of each run (what the CLI printed, and retries), and per asset how many attempts it took and
-- what its builder counted (ingestion: rows read, written, rejected; files).
CREATE TABLE run_events (
    run_id      VARCHAR(64) NOT NULL REFERENCES runs (id),
    seq         BIGINT NOT NULL,
    occurred_at TIMESTAMP WITH TIME ZONE NOT NULL,
    level       VARCHAR(8) NOT NULL,        -- INFO, WARN, ERROR
    asset_key   VARCHAR(1024),
    message     VARCHAR(8000) NOT NULL,
    PRIMARY KEY (run_id, seq)
);

ALTER TABLE materializations ADD COLUMN attempts INT DEFAULT 1 NOT NULL;

ALTER TABLE materializations ADD COLUMN details VARCHAR(8000);

-- strata branches looks up the latest run of each branch.
CREATE INDEX runs_by_branch ON runs (branch, started_at DESC);
