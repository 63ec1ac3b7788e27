#!/usr/bin/env bash
# certs import/list/add/edit/rm through the real program: the demo's
# inventory, the CSV round trip between sessions, one-by-one changes, and
# refusals (exit 1 with FILE:LINE: column: lines, exit 2 for usage errors)
# that leave the session as it was.
set -u
BIN=$1
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
. "$(dirname "$0")/../lib/assert.sh"
export HOME=$TMP/home XDG_CONFIG_HOME=$TMP/config XDG_DATA_HOME=$TMP/data LC_ALL=C.UTF-8
unset LANGUAGE LANG
SRC=${CKS_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}
DEMO_CERTS=$SRC/data/demo/certs.csv
HDR=unit,kind,body,holder,position,id_number,email,serial,token_serial,valid_from,valid_to,status,after,new_position,merger

# in session $1: run "$@"
on() { local db=$1; shift; run "$BIN" --db "$db" "$@"; }
# the session's list as CSV, into $out
csv_of() { run "$BIN" --db "$1" certs list --format csv; }
lines() { printf '%s\n' "$1" | grep -c "$2"; }

# A session with the demo's two mergers declared by hand, and no certificate.
by_hand() {
    on "$1" merger add --new "21100:Xã Bình Chương" --province "Quảng Ngãi" \
        --member "21100:Xã Bình Chương" --member "21106:Xã Bình Mỹ" --seat 21100
    expect_rc 0 "merger Bình Chương by hand"
    on "$1" merger add --new "21025:Phường Cẩm Thành" --province "Quảng Ngãi" \
        --member "21025:Phường Nguyễn Nghiêm" --member "21022:Phường Trần Hưng Đạo" \
        --member "21019:Phường Nghĩa Chánh" --member "21031:Phường Chánh Lộ" --seat 21025
    expect_rc 0 "merger Cẩm Thành by hand"
}

# ---- the demo's inventory into a session declared by hand
H=$TMP/hand.sqlite
by_hand "$H"
on "$H" certs list
expect_rc 0 "an empty list"
csv_of "$H"
expect_rc 0 "an empty list as CSV"
[ "$out" = "$HDR" ] && ok || bad "an empty CSV list is only the header: $out"
on "$H" certs import "$DEMO_CERTS"
expect_rc 0 "import data/demo/certs.csv"
expect_out "28" "28 certificates imported"
csv_of "$H"
[ "$(printf '%s\n' "$out" | wc -l)" = 29 ] && ok || bad "28 rows and the header: $out"
[ "$(printf '%s\n' "$out" | head -n 1)" = "$HDR" ] && ok || bad "English header first"
expect_out "21031:Phường Chánh Lộ,person,party,Bùi Văn Quang," "a person of the Party committee"
expect_out ",54030A11B2C4D6E80000000000000B02,TK-21031-0003,2024-01-15,2029-01-15,lost,," \
    "'mất' stored as lost"
expect_out "\"UBND xã Bình Chương, huyện Bình Sơn\"" "a comma in a value is quoted"
on "$H" certs list
expect_rc 0 "list as text"
expect_out "Cẩm Thành" "grouped under the new unit"
expect_out "Bình Chương" "both mergers listed"

# ---- a demo session already holds them: refused without --replace
A=$TMP/a.sqlite
run "$BIN" --db "$A" demo
expect_rc 0 "demo session"
csv_of "$A"
demo_csv=$out
[ "$(printf '%s\n' "$out" | wc -l)" = 29 ] && ok || bad "the demo holds 28 certificates"
on "$A" certs import "$DEMO_CERTS"
expect_rc 1 "the same serials again"
[ "$(lines "$err" "^$DEMO_CERTS:[0-9][0-9]*: serial: ")" = 28 ] && ok ||
    bad "one FILE:LINE: serial: line per certificate: $err"
expect_err "$DEMO_CERTS:2: serial: " "the first row's line"
expect_err "$DEMO_CERTS:29: serial: " "the last row's line"
expect_err "--replace" "the way out is named"
csv_of "$A"
[ "$out" = "$demo_csv" ] && ok || bad "a refused import changed the session"
on "$A" certs import --replace "$DEMO_CERTS"
expect_rc 0 "import --replace"
expect_out "28" "28 replaced"
csv_of "$A"
[ "$out" = "$demo_csv" ] && ok || bad "replacing by the same rows changes nothing"
csv_of "$H"
[ "$out" = "$demo_csv" ] && ok || bad "the demo session and the file imported by hand list the same"

# ---- add, edit, rm
on "$A" certs add --unit "Phường Chánh Lộ" --kind "cá nhân" --body "HĐND"
expect_rc 2 "add without --holder, --serial, --valid-to"
expect_err "--holder" "missing --holder named"
expect_err "--serial" "missing --serial named"
expect_err "--valid-to" "missing --valid-to named"
on "$A" certs add --unit 21031 --holder "X" --serial ABCDEF01 --valid-to 2028-01-01
expect_rc 2 "add without --kind"
expect_err "--kind" "missing --kind named"
on "$A" certs add --unit 21031 --kind person --holder X --serial ABCDEF01 --valid-to 2028-01-01 stray
expect_rc 2 "a stray argument"
on "$A" certs add --unit 21031 --kind person --holder X --serial ABCDEF01 --valid-to 2028-01-01 --colour red
expect_rc 2 "an unknown option"
on "$A" certs add --unit 21031 --kind person --holder X --serial ABCDEF01 --valid-to 2028-01-01 --email x@y
expect_rc 1 "a malformed email"
expect_err "--email" "the option named"
on "$A" certs add --unit "Xã Bình Thạnh" --kind person --holder X --serial ABCDEF01 --valid-to 2028-01-01
expect_rc 1 "a unit that is not an old unit"
expect_err "--unit" "the option named"
on "$A" certs add --unit 21031 --kind org --holder X --serial ABCDEF01 --valid-to 2028-01-01 --after "tiếp tục"
expect_rc 1 "'after' for an organisation"
expect_err "after" "the field named"
on "$A" certs add --unit 21031 --kind person --holder X --serial ABCDEF01 --valid-from 2028-01-02 --valid-to 2028-01-01
expect_rc 1 "valid_to before valid_from"
csv_of "$A"
[ "$out" = "$demo_csv" ] && ok || bad "refused adds changed the session"
on "$A" certs add --unit "phường chánh lộ" --kind "CÁ NHÂN" --body "hđnd" \
    --holder "Phan Văn \"Ba\", thư ký" --position "Thư ký HĐND" --id-number 051080001234 \
    --email pvba.chanhlo@quangngai.gov.vn --serial "54:03:0a:11:b2:c4:d6:e8:00:00:00:00:00:00:0c:99" \
    --valid-from 1/6/2023 --valid-to 01/06/2028 --after "tiếp tục"
expect_rc 0 "add with every kind of value"
expect_out "54030A11B2C4D6E80000000000000C99" "serial normalised"
on "$A" certs add --unit 21031 --kind person --holder Y --serial 54030a11b2c4d6e80000000000000c99 --valid-to 2028-01-01
expect_rc 1 "the same serial again"
csv_of "$A"
expect_out "21031:Phường Chánh Lộ,person,hdnd,\"Phan Văn \"\"Ba\"\", thư ký\",Thư ký HĐND,051080001234,pvba.chanhlo@quangngai.gov.vn,54030A11B2C4D6E80000000000000C99,,2023-06-01,2028-06-01,active,continue," \
    "the added row as CSV"
SER=54030A11B2C4D6E80000000000000C99
on "$A" certs edit "$SER" --status mất
expect_rc 0 "edit --status mất"
csv_of "$A"
expect_out ",$SER,,2023-06-01,2028-06-01,lost,continue," "status now lost"
on "$A" certs edit 54:03:0a:11:b2:c4:d6:e8:00:00:00:00:00:00:0c:99 --after nghỉ --new-position ""
expect_rc 0 "edit by a serial written with colons"
csv_of "$A"
expect_out ",$SER,,2023-06-01,2028-06-01,lost,leave," "after now leave"
before=$out
on "$A" certs edit "$SER" --status "tạm dừng"
expect_rc 1 "edit with an unknown status"
expect_err "--status" "the option named"
on "$A" certs edit "$SER" --valid-to 2020-01-01
expect_rc 1 "edit valid_to before valid_from"
expect_err "valid_to" "the field named"
on "$A" certs edit "$SER" --serial 54030A11B2C4D6E80000000000000C01
expect_rc 1 "edit onto another certificate's serial"
on "$A" certs edit FFFFFFFFFFFF --status lost
expect_rc 1 "edit an unknown serial"
on "$A" certs edit "$SER"
expect_rc 2 "edit with nothing to change"
on "$A" certs edit "$SER" --colour red
expect_rc 2 "edit with an unknown option"
csv_of "$A"
[ "$out" = "$before" ] && ok || bad "refused edits changed the session"

# ---- the round trip: list → a fresh session → list, byte for byte
csv_of "$A"
printf '%s\n' "$out" > "$TMP/a.csv"
B=$TMP/b.sqlite
run "$BIN" --db "$B" demo
expect_rc 0 "a second demo session"
on "$B" certs import --replace "$TMP/a.csv"
expect_rc 0 "the list back into a fresh demo session"
expect_out "29" "29 certificates"
run "$BIN" --db "$B" certs list --format csv
printf '%s\n' "$out" > "$TMP/b.csv"
cmp -s "$TMP/a.csv" "$TMP/b.csv" && ok || bad "round trip into a demo session differs: $(diff "$TMP/a.csv" "$TMP/b.csv")"
C=$TMP/c.sqlite
by_hand "$C"
on "$C" certs import "$TMP/a.csv"
expect_rc 0 "the list into a session declared by hand"
run "$BIN" --db "$C" certs list --format csv
printf '%s\n' "$out" > "$TMP/c.csv"
cmp -s "$TMP/a.csv" "$TMP/c.csv" && ok || bad "round trip into a hand session differs: $(diff "$TMP/a.csv" "$TMP/c.csv")"

# ---- rm
on "$A" certs rm "$SER"
expect_rc 0 "rm"
csv_of "$A"
expect_no_out "$SER" "gone from the list"
[ "$out" = "$demo_csv" ] && ok || bad "after rm, the demo's list again"
on "$A" certs rm "$SER"
expect_rc 1 "rm again"
on "$A" certs rm
expect_rc 2 "rm without a serial"
on "$A" certs rm a b
expect_rc 2 "rm with two"

# ---- list options
on "$A" certs list --merger 21100 --format csv
expect_rc 0 "list --merger 21100"
rows=$(printf '%s\n' "$out" | tail -n +2)
[ "$(printf '%s\n' "$rows" | wc -l)" = 9 ] && ok || bad "9 certificates in xã Bình Chương: $out"
[ "$(printf '%s\n' "$rows" | grep -vc '^2110[06]:')" = 0 ] && ok || bad "only its old units: $out"
on "$A" certs list --merger "cẩm thành"
expect_rc 0 "list --merger by name"
expect_no_out "Bình Mỹ" "the other merger left out"
on "$A" certs list --merger 99999
expect_rc 1 "an unknown merger"
on "$A" certs list --format xml
expect_rc 2 "an unknown format"
on "$A" certs list extra
expect_rc 2 "a stray argument"
on "$A" certs
expect_rc 2 "certs alone"
on "$A" certs frobnicate
expect_rc 2 "an unknown certs subcommand"
on "$A" certs import
expect_rc 2 "import without a file"
on "$A" certs import a.csv b.csv
expect_rc 2 "import with two files"
on "$A" certs import "$TMP/none.csv"
expect_rc 1 "a file that is not there"
[ "$(lines "$err" "none.csv")" = 1 ] && ok || bad "said once: $err"

# ---- a bad file: every problem listed with its line, nothing imported
BAD=$TMP/bad.csv
cat > "$BAD" <<'EOF'
Đơn vị,Loại,Chủ thể,Số hiệu,Hiệu lực từ,Hiệu lực đến,Số định danh,Email,Ghi chú
21100,tổ chức,UBND xã Bình Chương (mới),5403FFFF00000001,2025-07-01,2030-07-01,,,ok
21100,tổ chức,HĐND xã Bình Chương,54G3FFFF00000002,2025-07-01,2030-07-01,,,
21106,cá nhân,Nguyễn Văn An,5403FFFF00000003,2025-07-01,2030-02-30,0510,an@qn,
Xã Bình Thạnh,tổ chức,UBND xã Bình Thạnh,5403FFFF00000004,2025-07-01,2030-07-01,,,
21106,nhóm,Nhóm A,5403FFFF00000005,2025-07-01,2024-07-01,,,
21106,tổ chức,UBND xã Bình Mỹ,5403ffff00000001,2025-07-01,2030-07-01,,,
Phường Nguyễn Nghiêm,tổ chức,X,5403FFFF00000007,,2030-07-01,,,
EOF
csv_of "$A"
before=$out
on "$A" certs import "$BAD"
expect_rc 1 "a file with several problems"
expect_err "$BAD:3: serial: " "line 3: serial not hexadecimal"
expect_err "$BAD:4: valid_to: " "line 4: 30 February"
expect_err "$BAD:4: id_number: " "line 4: a CCCD of 4 digits"
expect_err "$BAD:4: email: " "line 4: a malformed email"
expect_err "$BAD:5: unit: " "line 5: not an old unit"
expect_err "$BAD:6: kind: " "line 6: an unknown kind"
expect_err "$BAD:7: serial: " "line 7: the serial of line 2"
[ "$(lines "$err" "^$BAD:[0-9][0-9]*: [a-z_]*: ")" = 7 ] && ok || bad "7 problems listed: $err"
case "$err" in *"Ghi chú"*) ok ;; *) bad "the unknown column is warned about: $err" ;; esac
csv_of "$A"
[ "$out" = "$before" ] && ok || bad "a refused file changed the session"

# an unterminated quote, reported where it opened
cat > "$TMP/quote.csv" <<'EOF'
unit,kind,holder,serial,valid_to
21100,org,"UBND xã Bình Chương",5403EEEE00000001,2030-07-01
21106,org,"UBND xã Bình Mỹ,5403EEEE00000002,2030-07-01
21106,org,HĐND xã Bình Mỹ,5403EEEE00000003,2030-07-01
EOF
on "$A" certs import "$TMP/quote.csv"
expect_rc 1 "an unterminated quote"
expect_err "$TMP/quote.csv:3: " "reported at line 3"
# a missing required column: line 1, named
printf 'unit,kind,holder,serial\n21100,org,X,5403EEEE00000001\n' > "$TMP/nocol.csv"
on "$A" certs import "$TMP/nocol.csv"
expect_rc 1 "a missing column"
expect_err "$TMP/nocol.csv:1: valid_to: " "line 1, column named"
# invalid UTF-8 (a file saved in Windows-1258), at its line
printf 'unit,kind,holder,serial,valid_to\n21100,org,X,5403EEEE00000001,2030-07-01\n21106,org,UBND x\xe3 B\xecnh M\xfd,5403EEEE00000002,2030-07-01\n' > "$TMP/latin.csv"
on "$A" certs import "$TMP/latin.csv"
expect_rc 1 "invalid UTF-8"
expect_err "$TMP/latin.csv:3: " "reported at line 3"
csv_of "$A"
[ "$out" = "$before" ] && ok || bad "refused files changed the session"

# ---- a good file: ';', BOM, CRLF, Vietnamese words; an unknown column only warned
printf '\xef\xbb\xbfSỐ HIỆU;ĐƠN VỊ;LOẠI;CƠ QUAN;HỌ TÊN;HIỆU LỰC ĐẾN;TRẠNG THÁI;SAU SÁP NHẬP;Ghi chú\r\n5403 dddd 0000 0001;Xã Bình Mỹ;Cá nhân;Đảng ủy;"Lê Văn; Tư";31/12/2029;Hết hạn;Không dùng;x\r\n' > "$TMP/semi.csv"
on "$A" certs import "$TMP/semi.csv"
expect_rc 0 "';', BOM, CRLF, Vietnamese headers and words"
expect_err "Ghi chú" "the unknown column is warned about"
csv_of "$A"
expect_out "21106:Xã Bình Mỹ,person,party,\"Lê Văn; Tư\",,,,5403DDDD00000001,,,2029-12-31,expired,unused," \
    "stored with the English words"
finish
