-- Who started a run (cli, ui, api, schedule:NAME), and each asset's status on the events of its run, so the
-- lineage view shows the last status of every asset (and of those building now) without parsing messages.
ALTER TABLE runs ADD COLUMN run_trigger VARCHAR(256) DEFAULT 'cli' NOT NULL;

ALTER TABLE run_events ADD COLUMN asset_status VARCHAR(16);

-- An asset's history of materializations.
CREATE INDEX materializations_by_asset ON materializations (asset_key);
