-- As the SQLite file's m009: /set lang= and /set numbers= (a group's language and number style;
-- NULL: not set), and each user's own /lang choice (listed by /privacy, erased by /forget).
ALTER TABLE group_settings ADD COLUMN language TEXT;
ALTER TABLE group_settings ADD COLUMN numbers TEXT;
CREATE TABLE user_languages (
    owner TEXT PRIMARY KEY,
    language TEXT NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL
);
