/* schema_v1.sql.h — version 1 of the session schema. Included by store.c
 * only. Codes are 5-digit text (leading zeros matter: "00004"). Enumerated
 * words are stored in English and checked here as a last line of defence;
 * the core validates (and translates messages) before anything reaches SQL. */
static const char schema_v1_sql[] =
    "CREATE TABLE meta("
    "  key TEXT PRIMARY KEY,"
    "  value TEXT NOT NULL"
    ") WITHOUT ROWID;"

    /* The official old->new table, one row per line of the imported file. */
    "CREATE TABLE ref_unit("
    "  id INTEGER PRIMARY KEY,"
    "  line INTEGER NOT NULL,"
    "  new_province TEXT NOT NULL,"
    "  new_province_code TEXT,"
    "  new_code TEXT NOT NULL CHECK(length(new_code) = 5),"
    "  new_type TEXT NOT NULL,"
    "  new_name TEXT NOT NULL,"
    "  old_code TEXT CHECK(old_code IS NULL OR length(old_code) = 5),"
    "  old_type TEXT,"
    "  old_name TEXT,"
    "  old_district TEXT,"
    "  old_district_code TEXT,"
    "  old_province TEXT,"
    "  old_province_code TEXT,"
    "  note TEXT,"
    "  partial INTEGER NOT NULL DEFAULT 0 CHECK(partial IN (0, 1)),"
    "  new_fold TEXT NOT NULL,"
    "  old_fold TEXT"
    ");"
    "CREATE INDEX ref_unit_new_code ON ref_unit(new_code);"
    "CREATE INDEX ref_unit_old_code ON ref_unit(old_code);"

    /* A declared merger: the new unit. */
    "CREATE TABLE merger("
    "  id INTEGER PRIMARY KEY,"
    "  new_code TEXT CHECK(new_code IS NULL OR (length(new_code) = 5"
    "                      AND new_code NOT GLOB '*[^0-9]*')),"
    "  new_type TEXT NOT NULL CHECK(length(new_type) > 0),"
    "  new_name TEXT NOT NULL CHECK(length(new_name) > 0),"
    "  province TEXT,"
    "  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))"
    ");"
    "CREATE UNIQUE INDEX merger_new_code ON merger(new_code) WHERE new_code IS NOT NULL;"

    /* An old unit that went into a merger. */
    "CREATE TABLE member("
    "  id INTEGER PRIMARY KEY,"
    "  merger_id INTEGER NOT NULL REFERENCES merger(id) ON DELETE CASCADE,"
    "  code TEXT CHECK(code IS NULL OR (length(code) = 5 AND code NOT GLOB '*[^0-9]*')),"
    "  type TEXT NOT NULL CHECK(length(type) > 0),"
    "  name TEXT NOT NULL CHECK(length(name) > 0),"
    "  district TEXT,"
    "  province TEXT,"
    "  partial INTEGER NOT NULL DEFAULT 0 CHECK(partial IN (0, 1)),"
    "  is_seat INTEGER NOT NULL DEFAULT 0 CHECK(is_seat IN (0, 1)),"
    "  UNIQUE(merger_id, code)"
    ");"
    "CREATE INDEX member_merger ON member(merger_id);"
    "CREATE INDEX member_code ON member(code);"

    /* A certificate of an old unit's body or of one of its officers. */
    "CREATE TABLE cert("
    "  id INTEGER PRIMARY KEY,"
    "  serial TEXT NOT NULL UNIQUE,"
    "  member_id INTEGER NOT NULL REFERENCES member(id) ON DELETE RESTRICT,"
    "  kind TEXT NOT NULL CHECK(kind IN ('org', 'person')),"
    "  body TEXT NOT NULL CHECK(body IN ('ubnd', 'hdnd', 'party', 'mttq', 'other')),"
    "  holder TEXT NOT NULL CHECK(length(holder) > 0),"
    "  position TEXT,"
    "  id_number TEXT,"
    "  email TEXT,"
    "  token_serial TEXT,"
    "  valid_from TEXT,"
    "  valid_to TEXT NOT NULL,"
    "  status TEXT NOT NULL DEFAULT 'active'"
    "         CHECK(status IN ('active', 'expired', 'revoked', 'lost')),"
    "  after TEXT CHECK(after IS NULL OR after IN ('continue', 'leave', 'unused')),"
    "  new_position TEXT"
    ");"
    "CREATE INDEX cert_member ON cert(member_id);"

    /* The officer's overrides of the recommendations (the recommendations
     * themselves are derived, never stored). A row either names a
     * certificate or, for a body with no valid certificate, a merger and a
     * body. */
    "CREATE TABLE decision("
    "  id INTEGER PRIMARY KEY,"
    "  cert_id INTEGER REFERENCES cert(id) ON DELETE CASCADE,"
    "  merger_id INTEGER REFERENCES merger(id) ON DELETE CASCADE,"
    "  body TEXT CHECK(body IS NULL OR body IN ('ubnd', 'hdnd', 'party', 'mttq', 'other')),"
    "  action TEXT NOT NULL CHECK(action IN ('keep', 'change', 'revoke', 'new', 'none')),"
    "  reason TEXT NOT NULL CHECK(length(trim(reason)) > 0),"
    "  decided_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),"
    "  CHECK((cert_id IS NOT NULL) OR (merger_id IS NOT NULL AND body IS NOT NULL))"
    ");"
    "CREATE UNIQUE INDEX decision_cert ON decision(cert_id) WHERE cert_id IS NOT NULL;"
    "CREATE UNIQUE INDEX decision_body ON decision(merger_id, body) WHERE cert_id IS NULL;"

    /* Ticked steps of a merger's checklist. */
    "CREATE TABLE checklist_tick("
    "  merger_id INTEGER NOT NULL REFERENCES merger(id) ON DELETE CASCADE,"
    "  item TEXT NOT NULL,"
    "  ticked_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),"
    "  PRIMARY KEY(merger_id, item)"
    ") WITHOUT ROWID;"

    /* Every change, with its time (UTC). */
    "CREATE TABLE audit("
    "  id INTEGER PRIMARY KEY,"
    "  at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),"
    "  action TEXT NOT NULL,"
    "  object TEXT,"
    "  detail TEXT"
    ");";
