-- Tenants are vendor apps; every user and edge belongs to exactly one.
CREATE TABLE tenants (
	id           INTEGER PRIMARY KEY,
	vendor       TEXT    NOT NULL CHECK (vendor IN ('zego', 'tim')),
	app_id       INTEGER NOT NULL CHECK (app_id > 0),
	secret       TEXT    NOT NULL,
	admin        TEXT    NOT NULL DEFAULT '',
	callback_url TEXT    NOT NULL DEFAULT '',
	limits       TEXT    NOT NULL DEFAULT '{}', -- JSON imemu.Limits
	created_at   INTEGER NOT NULL,              -- Unix ms, UTC
	UNIQUE (vendor, app_id)
);

CREATE TABLE users (
	tenant_id  INTEGER NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
	user_id    TEXT    NOT NULL,
	name       TEXT    NOT NULL DEFAULT '',
	avatar     TEXT    NOT NULL DEFAULT '',
	created_at INTEGER NOT NULL,
	PRIMARY KEY (tenant_id, user_id)
) WITHOUT ROWID;

-- A row is a directed edge: owner lists friend. Two-way friendship is two rows.
CREATE TABLE friends (
	tenant_id   INTEGER NOT NULL,
	owner       TEXT    NOT NULL,
	friend      TEXT    NOT NULL,
	remark      TEXT    NOT NULL DEFAULT '',
	groups      TEXT    NOT NULL DEFAULT '[]', -- JSON array of group names
	add_source  TEXT    NOT NULL DEFAULT '',
	add_wording TEXT    NOT NULL DEFAULT '',
	attributes  TEXT    NOT NULL DEFAULT '[]', -- JSON array of {key, value}
	added_at    INTEGER NOT NULL,              -- Unix ms, UTC
	PRIMARY KEY (tenant_id, owner, friend),
	FOREIGN KEY (tenant_id, owner) REFERENCES users (tenant_id, user_id) ON DELETE CASCADE,
	FOREIGN KEY (tenant_id, friend) REFERENCES users (tenant_id, user_id) ON DELETE CASCADE
) WITHOUT ROWID;

-- "Who lists X" (two-way deletes, relation checks, cascades).
CREATE INDEX friends_by_friend ON friends (tenant_id, friend, owner);
-- Friend list pages in the order friends were added.
CREATE INDEX friends_by_added ON friends (tenant_id, owner, added_at, friend);
