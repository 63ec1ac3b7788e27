#!/usr/bin/env bash
# The Vietnamese catalogue is complete, has no fuzzy entry, and covers every
# message in the sources (not only those of the last `make pot`).
set -u
SRC=$1 XGETTEXT=$2 MSGFMT=$3 MSGCMP=$4
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
. "$(dirname "$0")/../lib/assert.sh"

stats=$(LC_ALL=C "$MSGFMT" --check --statistics -o /dev/null "$SRC/po/vi.po" 2>&1) && rc=0 || rc=$?
[ "$rc" = 0 ] && ok || bad "msgfmt --check failed: $stats"
case "$stats" in *untranslated*|*fuzzy*) bad "vi.po incomplete: $stats" ;; *) ok ;; esac

# every source file with translatable strings is listed in POTFILES.in
for f in $(cd "$SRC" && grep -rlE '\b_\(|N_\(' src include | sort); do
    grep -qx "$f" "$SRC/po/POTFILES.in" && ok || bad "$f is missing from po/POTFILES.in"
done

(cd "$SRC" && "$XGETTEXT" --language=C --from-code=UTF-8 --keyword=_ --keyword=N_ --keyword=CKS_N_ \
    --files-from=po/POTFILES.in --output="$TMP/now.pot") && ok || bad "xgettext failed"
out=$("$MSGCMP" "$SRC/po/vi.po" "$TMP/now.pot" 2>&1) && ok || \
    bad "messages of the sources missing from po/vi.po (run 'cmake --build build --target pot' and translate):
$out"
untr=$(LC_ALL=C "$MSGFMT" --statistics -o /dev/null "$SRC/po/vi.po" 2>&1)
printf '%s\n' "$untr"
finish
