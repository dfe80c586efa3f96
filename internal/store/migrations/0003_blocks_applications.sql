-- Free-form data an app keeps on a user (ZEGO Extra).
ALTER TABLE users ADD COLUMN extra TEXT NOT NULL DEFAULT '';

-- A row is a directed block: owner has blocked target. Independent of the
-- friends table: a vendor rule that ties the two is the vendor's to apply.
CREATE TABLE blocks (
	tenant_id INTEGER NOT NULL,
	owner     TEXT    NOT NULL,
	target    TEXT    NOT NULL,
	added_at  INTEGER NOT NULL, -- Unix ms, UTC
	PRIMARY KEY (tenant_id, owner, target),
	CHECK (owner <> target),
	FOREIGN KEY (tenant_id, owner) REFERENCES users (tenant_id, user_id) ON DELETE CASCADE,
	FOREIGN KEY (tenant_id, target) REFERENCES users (tenant_id, user_id) ON DELETE CASCADE
) WITHOUT ROWID;

-- "Who blocks X" (two-way checks, cascades).
CREATE INDEX blocks_by_target ON blocks (tenant_id, target, owner);
-- Blocklist pages in the order users were blocked.
CREATE INDEX blocks_by_added ON blocks (tenant_id, owner, added_at, target);

-- A row is the friend application from from_user to to_user, at most one
-- per ordered pair: sending again replaces it.
CREATE TABLE applications (
	tenant_id  INTEGER NOT NULL,
	from_user  TEXT    NOT NULL,
	to_user    TEXT    NOT NULL,
	wording    TEXT    NOT NULL DEFAULT '',
	remark     TEXT    NOT NULL DEFAULT '',
	add_source TEXT    NOT NULL DEFAULT '',
	groups     TEXT    NOT NULL DEFAULT '[]', -- JSON array of group names
	attributes TEXT    NOT NULL DEFAULT '[]', -- JSON array of {key, value}
	state      TEXT    NOT NULL DEFAULT 'waiting' CHECK (state IN ('waiting', 'accepted', 'rejected', 'expired')),
	created_at INTEGER NOT NULL, -- Unix ms, UTC
	updated_at INTEGER NOT NULL, -- Unix ms, UTC
	expires_at INTEGER NOT NULL DEFAULT 0, -- Unix ms, UTC; 0 = never
	PRIMARY KEY (tenant_id, from_user, to_user),
	CHECK (from_user <> to_user),
	FOREIGN KEY (tenant_id, from_user) REFERENCES users (tenant_id, user_id) ON DELETE CASCADE,
	FOREIGN KEY (tenant_id, to_user) REFERENCES users (tenant_id, user_id) ON DELETE CASCADE
) WITHOUT ROWID;

-- Applications a user received, oldest first (and the cascade from users).
CREATE INDEX applications_by_to ON applications (tenant_id, to_user, created_at, from_user);
