#!/usr/bin/env bash
# The program's command line: help, version, language, usage errors, exit
# statuses, settings errors, the session file.
set -u
BIN=$1
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
. "$(dirname "$0")/../lib/assert.sh"
export HOME=$TMP/home XDG_CONFIG_HOME=$TMP/config XDG_DATA_HOME=$TMP/data
mkdir -p "$HOME"
unset LANGUAGE LANG
export LC_ALL=C.UTF-8

run "$BIN" --version
expect_rc 0 "--version"
expect_out "cks-sapnhap 0." "--version"

run "$BIN" --lang vi --help
expect_rc 0 "--lang vi --help"
expect_out "Cách dùng" "Vietnamese help"
expect_out "Lệnh con" "Vietnamese help lists subcommands"
expect_out "units import" "help lists units"
expect_out "export [--merger NEW] [--out DIR] [--force]" "help lists export"
expect_out "thu hồi" "help has diacritics"

run "$BIN" --help
expect_rc 0 "--help"
expect_out "Cách dùng" "Vietnamese is the default"

LANG=en_US.UTF-8 LC_ALL= run "$BIN" --help
expect_out "Cách dùng" "Vietnamese whatever the system locale"

run "$BIN" --lang en --help
expect_rc 0 "--lang en --help"
expect_out "Usage: cks-sapnhap" "English help"
expect_no_out "Cách dùng" "English help has no Vietnamese"

LANG=vi_VN.UTF-8 LC_ALL= run "$BIN" --help
expect_out "Cách dùng" "a UTF-8 locale that is not installed still shows diacritics"

LC_ALL=C run "$BIN" --help
expect_rc 0 "--help in the C locale"
expect_out "Cach dung" "unaccented Vietnamese without UTF-8"
LC_ALL=C run env LC_ALL=C "$BIN" --help
if printf '%s' "$out" | LC_ALL=C grep -q '[^ -~[:space:]]'; then
    bad "non-ASCII bytes on a terminal without UTF-8"
else ok; fi

run "$BIN" --bogus
expect_rc 2 "unknown option"
expect_err "--bogus" "unknown option named"
expect_err "--help" "points at --help"

run "$BIN" --db
expect_rc 2 "option without its argument"

run "$BIN" --lang fr --help
expect_rc 2 "unknown language"
expect_err "fr" "unknown language named"

run "$BIN" --date 2025-02-30 session info
expect_rc 2 "impossible --date"
expect_err "2025-02-30" "bad date named"

run "$BIN" frobnicate
expect_rc 2 "unknown subcommand"
expect_err "frobnicate" "unknown subcommand named"


run "$BIN" --db "$TMP/new/s.sqlite" session info
expect_rc 0 "session info creates the session"
expect_out "$TMP/new/s.sqlite" "session path shown"
expect_out "1" "schema version shown"
[ "$(stat -c %a "$TMP/new/s.sqlite")" = 600 ] && ok || bad "session file not 0600"
[ "$(stat -c %a "$TMP/new")" = 700 ] && ok || bad "session folder not 0700"

run "$BIN" session info
expect_rc 0 "default session under XDG_DATA_HOME"
expect_out "$TMP/data/cks-sapnhap/session.sqlite" "default session path"

run "$BIN" --db "$TMP/new/s.sqlite" session check
expect_rc 0 "session check"

printf 'not a database\n' > "$TMP/notes.txt"
run "$BIN" --db "$TMP/notes.txt" session info
expect_rc 1 "foreign file refused"
expect_err "không phải" "foreign file message in Vietnamese"
[ "$(cat "$TMP/notes.txt")" = "not a database" ] && ok || bad "foreign file changed"

run "$BIN" --db "$TMP/missing.sqlite" session check
expect_rc 1 "check of a missing session"

# settings
printf '[general]\nlanguage = en\n' > "$TMP/en.ini"
run "$BIN" --config "$TMP/en.ini" --help
expect_out "Usage: cks-sapnhap" "language from the settings"
run "$BIN" --config "$TMP/en.ini" --lang vi --help
expect_out "Cách dùng" "--lang outranks the settings"

mkdir -p "$XDG_CONFIG_HOME/cks-sapnhap"
printf '[general]\nlanguage = en\n' > "$XDG_CONFIG_HOME/cks-sapnhap/cks-sapnhap.ini"
run "$BIN" --help
expect_out "Usage: cks-sapnhap" "settings from XDG_CONFIG_HOME"
rm -r "$XDG_CONFIG_HOME/cks-sapnhap"

printf '[general]\nlanguage = vi\n[print]\nmargin_left_mm = 99\nbogus_key = 1\n' > "$TMP/bad.ini"
run "$BIN" --config "$TMP/bad.ini" --db "$TMP/new/s.sqlite" session info
expect_rc 1 "bad settings refuse to start"
expect_err "$TMP/bad.ini:4: print:margin_left_mm" "bad value located"
expect_err "$TMP/bad.ini:5: print:bogus_key" "unknown key located"
expect_no_out "Schema" "nothing ran half-configured"

run "$BIN" --config "$TMP/none.ini" session info
expect_rc 1 "missing --config file"
expect_err "none.ini" "missing settings file named"

finish
