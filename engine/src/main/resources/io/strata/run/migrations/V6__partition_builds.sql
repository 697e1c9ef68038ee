-- The partitions of partitioned assets on main, with the merged run that last changed each: a summary of what
-- the tables' properties hold, written after each merge, so pages and commands read it without the catalog.
CREATE TABLE partition_builds (
    asset_key     VARCHAR(1024) NOT NULL,
    partition_key VARCHAR(256) NOT NULL,
    fingerprint   VARCHAR(128) NOT NULL,
    run_id        VARCHAR(64) NOT NULL REFERENCES runs (id),
    merged_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (asset_key, partition_key)
);
