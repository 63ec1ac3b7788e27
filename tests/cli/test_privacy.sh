#!/usr/bin/env bash
# Personal data stays private: the program opens no network connection (no
# socket call in the binary), `certs list --redact` masks citizen IDs and
# emails on screen and in CSV, and the session and export files are the
# owner's only.
set -u
BIN=$1
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
. "$(dirname "$0")/../lib/assert.sh"
export HOME=$TMP/home XDG_CONFIG_HOME=$TMP/config XDG_DATA_HOME=$TMP/data LC_ALL=C.UTF-8
mkdir -p "$HOME"
unset LANGUAGE LANG
DB=$TMP/p/demo.sqlite

# no network: not one of the calls that open a connection is imported
# (the binary itself, also when BIN is a wrapper that runs it under valgrind)
calls=$(nm -D --undefined-only "${CKS_BINARY:-$BIN}" | awk '{print $NF}' | sed 's/@.*//' |
    grep -x -E 'socket|connect|getaddrinfo|gethostbyname|gethostbyname_r|sendto|sendmsg|bind|listen|accept|accept4' || true)
[ -z "$calls" ] && ok || bad "the program imports network calls: $calls"

run "$BIN" --db "$DB" demo
expect_rc 0 "demo session"

# the demo holds citizen IDs and emails; --redact hides them, both formats
run "$BIN" --db "$DB" certs list --format csv
plain=$out
case $plain in *051182009147*) ok ;; *) bad "the demo's ID 051182009147 is listed without --redact" ;; esac
run "$BIN" --db "$DB" certs list --format csv --redact
expect_rc 0 "certs list --redact"
redacted=$out
case $redacted in *051182009147*) bad "--redact: an ID is shown whole" ;; *) ok ;; esac
expect_out "051*******47" "--redact keeps the ID's first 3 and last 2 digits"
case $redacted in *ltmai.nghiachanh@*) bad "--redact: an email is shown whole" ;; *) ok ;; esac
expect_out "l***@quangngai.gov.vn" "--redact keeps the email's first letter and domain"
# nothing else changes: the same rows, the same serials
[ "$(printf '%s\n' "$plain" | wc -l)" = "$(printf '%s\n' "$redacted" | wc -l)" ] && ok ||
    bad "--redact changed the number of rows"
serials() { python3 -c 'import csv,sys; print(sorted(r["serial"] for r in csv.DictReader(sys.stdin)))'; }
[ "$(printf '%s\n' "$plain" | serials)" = "$(printf '%s\n' "$redacted" | serials)" ] && ok ||
    bad "--redact changed the serials"
run "$BIN" --db "$DB" certs list --redact
expect_rc 0 "certs list --redact as text"
case $out in *@quangngai*|*051182009147*) bad "text list shows personal data" ;; *) ok ;; esac
# the plan with --redact: accepted in every format, no ID or email shown
for f in text csv json; do
    run "$BIN" --db "$DB" --date 2025-06-15 plan --format $f --redact
    expect_rc 0 "plan --format $f --redact"
    case $out in *@quangngai*|*051182009147*) bad "plan --format $f --redact shows personal data" ;; *) ok ;; esac
done
# and the session itself is untouched by --redact
run "$BIN" --db "$DB" certs list --format csv
[ "$out" = "$plain" ] && ok || bad "--redact changed what is stored"

# owner-only files
[ "$(stat -c %a "$DB")" = 600 ] && ok || bad "session file not 0600"
run "$BIN" --db "$DB" --date 2025-06-15 export --out "$TMP/out"
expect_rc 0 "export"
others=$(find "$TMP/out" -type f ! -perm 600 | head -3)
[ -z "$others" ] && ok || bad "export files readable by others: $others"
dirs=$(find "$TMP/out" -type d ! -perm 700 | head -3)
[ -z "$dirs" ] && ok || bad "export folders open to others: $dirs"
finish
