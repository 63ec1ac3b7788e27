#!/usr/bin/env bash
# units import/find and merger add/from-table/list/show/seat/rm through the
# real program, with the national table from ../shared and without a table.
set -u
BIN=$1
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
. "$(dirname "$0")/../lib/assert.sh"
export HOME=$TMP/home XDG_CONFIG_HOME=$TMP/config XDG_DATA_HOME=$TMP/data LC_ALL=C.UTF-8
unset LANGUAGE LANG
SHARED=${CKS_SHARED_DIR:-$(dirname "$0")/../../../shared}
NSO=$SHARED/data/admin-units/nso-old-to-new.tsv
DB=$TMP/s.sqlite
c() { run "$BIN" --db "$DB" "$@"; }

# ---- without a table: names typed by hand, codes optional
c merger add --new "Xã Bình Chương" --member "Xã Bình Chương" --member "Xã Bình Mỹ" --seat "Bình Chương"
expect_rc 0 "merger add by hand"
expect_out "Bình Mỹ" "members listed"
expect_out "[trụ sở]" "seat shown"
c merger add --new "Xã Bình Chương" --member "Xã Bình Thạnh"
expect_rc 1 "the same new unit twice"
expect_err "đã khai báo" "already declared, in Vietnamese"
c merger add --new "Xã Khác" --member "xã bình mỹ"
expect_rc 1 "a member already whole in another merger"
c merger add --new "Bình Chương Mới" --member "Xã A"
expect_rc 1 "type-less new name"
expect_err "loại đơn vị" "message names the type"
c merger add --new "Làng Bình" --member "Xã A"
expect_rc 1 "unknown type word"
c merger add --new "2110:Xã X" --member "Xã A"
expect_rc 1 "code of 4 digits"
expect_err "5 chữ số" "message says 5 digits"
c merger add --new "Xã X" --member "Xã A" --member "xã  a"
expect_rc 1 "the same member twice"
c merger add --new "Xã X" --member "Xã A" --seat "Xã B"
expect_rc 1 "a seat that is not a member"
c merger add --new "Xã" --member "Xã A"
expect_rc 1 "a type but no name"
c merger add --new "Thị trấn Mới" --member "Xã A"
expect_rc 1 "a new unit cannot be a thị trấn"
c merger add --member "Xã A"
expect_rc 2 "--new missing is a usage error"
c merger list
expect_rc 0 "merger list"
[ "$(printf '%s\n' "$out" | grep -c '^[^ ]')" = 1 ] && ok || bad "refusals saved nothing: $out"

# a name that starts like a type word, with other accents, is a name:
# "Phương Sơn" is not "phường Sơn"
DB2=$TMP/s2.sqlite
run "$BIN" --db "$DB2" merger add --new "Xã Phương Sơn" --member "Xã Phương Sơn" --member "Xã Bình Mỹ" --seat "Phương Sơn"
expect_rc 0 "a seat named without its type word"
run "$BIN" --db "$DB2" merger show "Phương Sơn"
expect_rc 0 "merger found by a name that looks like a type word"
expect_out "Xã Phương Sơn" "its name"
# one new code, one merger, whatever the name given with it
run "$BIN" --db "$DB2" merger add --new "21100:Xã Bình Chương" --member "Xã A"
expect_rc 0 "a merger with a code"
run "$BIN" --db "$DB2" merger add --new "21100:Xã Khác" --member "Xã B"
expect_rc 1 "the same new code under another name"
expect_err "21100" "the code named"

# ---- the national table
run "$BIN" --db "$TMP/bad.sqlite" units import /nonexistent.tsv
expect_rc 1 "missing table file"
if [ -r "$NSO" ]; then
    c units import "$NSO"
    expect_rc 0 "national import"
    expect_out "10571" "row count"
    expect_out "3321" "new units"
    expect_out "10033" "old units"
    expect_err "00553" "the table's own contradictions are warnings"
    for q in "cam thanh" "CẨM THÀNH" "$(printf 'Ca\xcc\x82\xcc\x89m Tha\xcc\x80nh')" "  cẩm   thành "; do
        c units find "$q"
        expect_rc 0 "find '$q'"
        first=$(printf '%s\n' "$out" | head -n 1)
        case "$first" in "21025  Phường   Cẩm Thành"*"mới"*) ok ;; *) bad "find '$q' first row: $first" ;; esac
    done
    c units find nguyen nghiem
    expect_out "21457  Xã       Nguyễn Nghiêm" "new xã Nguyễn Nghiêm listed"
    expect_out "21025  Phường   Nguyễn Nghiêm" "old phường Nguyễn Nghiêm listed"
    c units find "phường nguyễn nghiêm"
    expect_no_out "21457" "a type word narrows the search"
    c units find 2102
    expect_out "21025" "search by code prefix"
    c units find "trà bùi"
    expect_out "21142" "split unit found"
    expect_out "chia tách" "split unit marked"
    c units find "không có đơn vị này"
    expect_rc 1 "nothing found"

    c merger from-table 21025 --seat 21025
    expect_rc 0 "from-table 21025"
    for m in 21019 21022 21025 21031; do expect_out "$m" "member $m"; done
    expect_out "[trụ sở]" "seat marked"
    c merger from-table 21025
    expect_rc 1 "from-table twice"
    c merger add --new "Xã Nguyễn Nghiêm" --member "Phường Nguyễn Nghiêm"
    expect_rc 1 "two old phường Nguyễn Nghiêm: the code is asked for"
    expect_err "21439" "candidates listed"
    c merger add --new "21457:Xã Nguyễn Nghiêm" --member "21439:Phường Nguyễn Nghiêm"
    expect_rc 0 "new xã Nguyễn Nghiêm with the other phường, by code"
    c merger add --new "Xã Y" --member "21022:Phường Nghĩa Chánh"
    expect_rc 1 "a code with the wrong name"
    expect_err "Trần Hưng Đạo" "the table's name for the code"
    c merger add --new "Xã Z" --member "Phường Trần Hưng Đạo" --province "Quảng Ngãi"
    expect_rc 1 "two Trần Hưng Đạo in Quảng Ngãi"
    expect_err "23308" "the Kon Tum one listed"
    c merger from-table 21136
    expect_rc 0 "a merger with a split member (xã Trà Bùi, part into Cà Đam)"
    c merger from-table 21157
    expect_rc 0 "the other part of xã Trà Bùi, into Tây Trà Bồng"
    c merger show "Xã Cà Đam"
    expect_out "[một phần]" "partial member shown"
    c merger show 21025
    expect_out "Phường Cẩm Thành" "show by code"
    c merger show "cẩm thành"
    expect_out "21031" "show by name without type"
    c merger seat 21025 "Chánh Lộ"
    expect_rc 0 "move the seat"
    c merger rm 21025 --member 21031
    expect_rc 0 "remove a member"
    c merger show 21025
    expect_no_out "21031" "member gone"
    c merger rm 21025
    expect_rc 0 "remove a merger"
    c merger show 21025
    expect_rc 1 "merger gone"
    # re-import replaces
    head -n 20 "$NSO" > "$TMP/small.tsv"
    c units import "$TMP/small.tsv"
    expect_out "19 " "re-import replaces the table"
else
    echo "note: $NSO not found; national-table checks skipped"
fi
finish
