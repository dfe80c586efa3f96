-- Named snapshots of apps' state, saved and restored by the control plane.
-- They live in the database so a file-backed server keeps them across
-- restarts; resetting or replacing state leaves them alone.
CREATE TABLE snapshots (
	name       TEXT    PRIMARY KEY,
	created_at INTEGER NOT NULL, -- Unix ms, UTC
	apps       TEXT    NOT NULL, -- JSON array of {"vendor","appId"}: the apps it holds
	data       TEXT    NOT NULL  -- the apps' state, opaque to the store (a fixtures document)
) WITHOUT ROWID;
