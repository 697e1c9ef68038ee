-- A run whose merge into main was started and whose outcome is not yet known for sure (its process may end, or
-- Nessie may not answer, between the merge and recording it): main's log settles it later.
ALTER TABLE runs ADD COLUMN merge_pending BOOLEAN DEFAULT FALSE NOT NULL;
