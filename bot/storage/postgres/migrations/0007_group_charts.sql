-- As the SQLite file's m008: /set charts=on|off, pictures in a group's public answers. NULL is the
-- default (off in groups).
ALTER TABLE group_settings ADD COLUMN charts BOOLEAN;
