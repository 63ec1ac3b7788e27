#!/usr/bin/env bash
# Bad input that the other suites do not cover: an export that cannot be
# written (a file where the folder should be; the disk full, simulated with
# a file-size limit), invalid UTF-8 in arguments, control characters and
# escape sequences in a certificate's text. Each gets a clear message and
# leaves nothing half-written.
set -u
BIN=$1
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
. "$(dirname "$0")/../lib/assert.sh"
export HOME=$TMP/home XDG_CONFIG_HOME=$TMP/config XDG_DATA_HOME=$TMP/data LC_ALL=C.UTF-8
mkdir -p "$HOME"
unset LANGUAGE LANG
DB=$TMP/demo.sqlite
c() { run "$BIN" --db "$DB" --lang en --date 2025-06-15 "$@"; }
"$BIN" --db "$DB" demo >/dev/null 2>&1

# ---- a file where the export folder should be
touch "$TMP/afile"
c export --out "$TMP/afile/out"
expect_rc 1 "export under a regular file"
expect_err "afile" "the message names the path"
[ -f "$TMP/afile" ] && [ ! -s "$TMP/afile" ] && ok || bad "the file in the way was changed"

# ---- the disk fills up during the export: a tmpfs of 24 KiB (root can
# mount one; elsewhere this part is skipped, and says so)
mkdir -p "$TMP/tiny"
if mount -t tmpfs -o size=24k tmpfs "$TMP/tiny" 2>/dev/null; then
    trap 'umount "$TMP/tiny" 2>/dev/null; rm -rf "$TMP"' EXIT
    c export --out "$TMP/tiny/out"
    expect_rc 1 "export with the disk full"
    expect_err "the disk is full" "the message says the disk is full"
    case $err in *"/."*) bad "the message names a temporary file: $err" ;; *) ok ;; esac
    left=$(find "$TMP/tiny" -type f | head -5)
    [ -z "$left" ] && ok || bad "a failed export left files behind: $left"
    c session check
    expect_rc 0 "the session is fine after the failed export"
    umount "$TMP/tiny"
    c export --out "$TMP/tiny/out"
    expect_rc 0 "the export works once there is room"
else
    echo "SKIP: cannot mount a small tmpfs to fill (not root?)"
fi

# ---- a read-only output folder (a read-only tmpfs; skipped where it cannot
# be mounted)
mkdir -p "$TMP/ro"
if mount -t tmpfs -o ro,size=64k tmpfs "$TMP/ro" 2>/dev/null; then
    c export --out "$TMP/ro/out"
    expect_rc 1 "export into a read-only folder"
    expect_err "$TMP/ro" "the message names the folder"
    umount "$TMP/ro"
else
    echo "SKIP: cannot mount a read-only tmpfs"
fi

# ---- invalid UTF-8 in arguments
c decide 54030A11B2C4D6E80000000000000A12 --action revoke --reason "$(printf 'l\xffy do')"
expect_rc 1 "a reason that is not UTF-8"
expect_err "UTF-8" "the message says the text is not UTF-8"
c plan --format csv
case $out in *$'\xff'*) bad "invalid UTF-8 reached the plan" ;; *) ok ;; esac
c units find "$(printf 'c\xe1m')"
[ "$rc" -ne 0 ] && [ "$rc" -lt 128 ] && ok || bad "units find with invalid UTF-8: exit $rc"
c merger show "$(printf '\xc3')"
[ "$rc" -ne 0 ] && [ "$rc" -lt 128 ] && ok || bad "merger show with invalid UTF-8: exit $rc"

# ---- control characters and escape sequences never get in
c certs add --unit 21019 --kind person --holder "$(printf 'A\033[2J\033]0;x\007B')" \
    --serial 5403EE0000000001 --valid-to 2029-01-01
expect_rc 1 "a holder with an escape sequence is refused"
expect_err "holder" "the message names the field"
case $err in *$'\033'*) bad "the escape sequence reached the terminal raw" ;; *) ok ;; esac
printf 'unit,kind,holder,serial,valid_to\n21019,person,"Tab\there",5403EE0000000002,2029-01-01\n21019,person,"Bell\aX",5403EE0000000003,2029-01-01\n' > "$TMP/ctl.csv"
c certs import "$TMP/ctl.csv"
expect_rc 1 "a CSV with control characters is refused whole"
expect_err "ctl.csv:3" "the line is named"
c certs list --format csv
case $out in *5403EE000000000*) bad "part of the refused file was saved" ;; *) ok ;; esac
finish
