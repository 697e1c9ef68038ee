-- A check whose query failed keeps the engine's message (it failed the run without counting rows).
ALTER TABLE check_results ADD COLUMN error VARCHAR(8000);
