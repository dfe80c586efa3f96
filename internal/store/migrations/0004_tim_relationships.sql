-- TIM's relationship chain beyond friend edges: app settings, profiles,
-- per-user friend groups and the sequences of a user's friend data.

-- An app's relationship settings (JSON imemu.Settings).
ALTER TABLE tenants ADD COLUMN settings TEXT NOT NULL DEFAULT '{}';

-- Profile fields beyond name and avatar. allow_type '' means the app's
-- default; profile holds the other Tag_Profile_* values as a JSON object.
ALTER TABLE users ADD COLUMN allow_type      TEXT    NOT NULL DEFAULT '';
ALTER TABLE users ADD COLUMN forbid_send_out INTEGER NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN profile         TEXT    NOT NULL DEFAULT '{}';

-- Sequences of the user's friend data: standard fields, custom fields and
-- the group list. They only grow; the triggers below bump them on every
-- change of the user's own edges, so no write path can forget to.
ALTER TABLE users ADD COLUMN standard_seq INTEGER NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN custom_seq   INTEGER NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN group_seq    INTEGER NOT NULL DEFAULT 0;

-- While it holds a row (only inside a transaction that loads or drops whole
-- apps, whose sequences restart at 0 anyway) the sequence triggers below
-- do nothing: a reset of a large state would otherwise update a user row
-- per edge it deletes and inserts.
CREATE TABLE bulk_load (one INTEGER PRIMARY KEY CHECK (one = 1));

-- A user's friend groups (TIM friend lists) in the order they were
-- created (position). Membership is the edges' groups column.
CREATE TABLE friend_groups (
	tenant_id INTEGER NOT NULL,
	owner     TEXT    NOT NULL,
	name      TEXT    NOT NULL,
	position  INTEGER NOT NULL,
	PRIMARY KEY (tenant_id, owner, name),
	FOREIGN KEY (tenant_id, owner) REFERENCES users (tenant_id, user_id) ON DELETE CASCADE
) WITHOUT ROWID;

CREATE TRIGGER friends_seq_insert AFTER INSERT ON friends WHEN NOT EXISTS (SELECT 1 FROM bulk_load) BEGIN
	UPDATE users SET standard_seq = standard_seq + 1,
		custom_seq = custom_seq + (NEW.attributes <> '[]'),
		group_seq = group_seq + (NEW.groups <> '[]')
	WHERE tenant_id = NEW.tenant_id AND user_id = NEW.owner;
END;

CREATE TRIGGER friends_seq_delete AFTER DELETE ON friends WHEN NOT EXISTS (SELECT 1 FROM bulk_load) BEGIN
	UPDATE users SET standard_seq = standard_seq + 1,
		custom_seq = custom_seq + (OLD.attributes <> '[]'),
		group_seq = group_seq + (OLD.groups <> '[]')
	WHERE tenant_id = OLD.tenant_id AND user_id = OLD.owner;
END;

CREATE TRIGGER friends_seq_update AFTER UPDATE ON friends WHEN NOT EXISTS (SELECT 1 FROM bulk_load) BEGIN
	UPDATE users SET
		standard_seq = standard_seq + (OLD.remark <> NEW.remark OR OLD.groups <> NEW.groups
			OR OLD.add_source <> NEW.add_source OR OLD.add_wording <> NEW.add_wording OR OLD.added_at <> NEW.added_at),
		custom_seq = custom_seq + (OLD.attributes <> NEW.attributes),
		group_seq = group_seq + (OLD.groups <> NEW.groups)
	WHERE tenant_id = NEW.tenant_id AND user_id = NEW.owner;
END;

-- A group named on an edge exists in its owner's group list, whichever
-- path wrote the edge (friend_add's GroupName, friend_import, friend_update,
-- fixtures). Callers check the 32-group cap before writing.
CREATE TRIGGER friends_groups_insert AFTER INSERT ON friends WHEN NEW.groups <> '[]' BEGIN
	INSERT OR IGNORE INTO friend_groups (tenant_id, owner, name, position)
	SELECT NEW.tenant_id, NEW.owner, j.value,
		(SELECT COALESCE(MAX(position), 0) FROM friend_groups WHERE tenant_id = NEW.tenant_id AND owner = NEW.owner) + 1 + j.key
	FROM json_each(NEW.groups) j;
END;

CREATE TRIGGER friends_groups_update AFTER UPDATE OF groups ON friends WHEN NEW.groups <> '[]' BEGIN
	INSERT OR IGNORE INTO friend_groups (tenant_id, owner, name, position)
	SELECT NEW.tenant_id, NEW.owner, j.value,
		(SELECT COALESCE(MAX(position), 0) FROM friend_groups WHERE tenant_id = NEW.tenant_id AND owner = NEW.owner) + 1 + j.key
	FROM json_each(NEW.groups) j;
END;

CREATE TRIGGER friend_groups_seq_insert AFTER INSERT ON friend_groups WHEN NOT EXISTS (SELECT 1 FROM bulk_load) BEGIN
	UPDATE users SET group_seq = group_seq + 1 WHERE tenant_id = NEW.tenant_id AND user_id = NEW.owner;
END;

CREATE TRIGGER friend_groups_seq_delete AFTER DELETE ON friend_groups WHEN NOT EXISTS (SELECT 1 FROM bulk_load) BEGIN
	UPDATE users SET group_seq = group_seq + 1 WHERE tenant_id = OLD.tenant_id AND user_id = OLD.owner;
END;

-- The sequence of a user's blocklist (TIM black_list_get's
-- CurruentSequence): it grows with every block and unblock.
ALTER TABLE users ADD COLUMN block_seq INTEGER NOT NULL DEFAULT 0;

CREATE TRIGGER blocks_seq_insert AFTER INSERT ON blocks WHEN NOT EXISTS (SELECT 1 FROM bulk_load) BEGIN
	UPDATE users SET block_seq = block_seq + 1 WHERE tenant_id = NEW.tenant_id AND user_id = NEW.owner;
END;

CREATE TRIGGER blocks_seq_delete AFTER DELETE ON blocks WHEN NOT EXISTS (SELECT 1 FROM bulk_load) BEGIN
	UPDATE users SET block_seq = block_seq + 1 WHERE tenant_id = OLD.tenant_id AND user_id = OLD.owner;
END;
