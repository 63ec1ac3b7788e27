#!/usr/bin/env bash
# `plan` and `decide` through the real program, on the demo session (the
# letter's two examples: xã Bình Chương keeps its name, phường Cẩm Thành is
# a new name; 28 certificates): the CSV contract, the JSON, --merger,
# determinism, the officer's overrides (recorded, shown, kept, undone) and
# every refusal. Words are matched with --lang en.
set -u
BIN=$1
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
. "$(dirname "$0")/../lib/assert.sh"
export HOME=$TMP/home XDG_CONFIG_HOME=$TMP/config XDG_DATA_HOME=$TMP/data LC_ALL=C.UTF-8
mkdir -p "$HOME"
unset LANGUAGE LANG
DB=$TMP/demo.sqlite
DAY=2025-07-01
c() { run "$BIN" --db "$DB" "$@"; }
# decide, judged on the same day as the plans (not today)
dcd() { c --lang en --date "$DAY" decide "$@"; }
S=54030A11B2C4D6E8000000000000 # the demo's serials: $S + 4 hex digits
HEADER='serial,kind,unit,holder,action,rule,form,reason,overridden'

# row FILE KEY → "action|rule|form|overridden|holder" of the row of serial KEY,
# or of the `new` row of unit KEY ("new:21025"); "missing" when there is none
# or several.
row() {
    python3 - "$1" "$2" <<'EOF'
import csv, sys
path, key = sys.argv[1], sys.argv[2]
with open(path, newline='', encoding='utf-8') as f:
    rows = list(csv.DictReader(f))
if key.startswith('new:'):
    hit = [r for r in rows if r['serial'] == '' and r['unit'].startswith(key[4:] + ':')]
else:
    hit = [r for r in rows if r['serial'] == key]
if len(hit) != 1:
    print('missing')
else:
    r = hit[0]
    print('|'.join([r['action'], r['rule'], r['form'], r['overridden'], r['holder']]))
EOF
}
# reason FILE KEY → the reason column of that row
reason() {
    python3 - "$1" "$2" <<'EOF'
import csv, sys
path, key = sys.argv[1], sys.argv[2]
with open(path, newline='', encoding='utf-8') as f:
    for r in csv.DictReader(f):
        if r['serial'] == key or (key.startswith('new:') and r['serial'] == ''
                                  and r['unit'].startswith(key[4:] + ':')):
            print(r['reason'])
EOF
}
# expect_row FILE KEY "action|rule|form|overridden" WHAT (the holder is not compared)
expect_row() {
    local got
    got=$(row "$1" "$2")
    case "$got" in "$3|"*) ok ;; *) bad "$4: row $2 is '$got', wanted '$3|…'" ;; esac
}
# plan_csv FILE [options…]: the CSV plan (English) into FILE
plan_csv() {
    local f=$1
    shift
    c --lang en plan --format csv --date "$DAY" "$@"
    printf '%s\n' "$out" > "$f"
}

# ---- the demo
c demo
expect_rc 0 "demo created"
c certs list --format csv
expect_rc 0 "certs list"
[ "$(printf '%s\n' "$out" | tail -n +2 | grep -c .)" = 28 ] && ok || bad "the demo has 28 certificates"

# ---- CSV: the contract
plan_csv "$TMP/p.csv"
expect_rc 0 "plan --format csv"
[ "$(head -n 1 "$TMP/p.csv")" = "$HEADER" ] && ok || bad "CSV header: $(head -n 1 "$TMP/p.csv")"
python3 - "$TMP/p.csv" <<'EOF' && ok || bad "every CSV row has 9 fields and 30 rows in all"
import csv, sys
rows = list(csv.reader(open(sys.argv[1], newline='', encoding='utf-8')))
assert len(rows) == 31, len(rows)
assert all(len(r) == 9 for r in rows)
assert all(r[8] in ('yes', 'no') for r in rows[1:])
EOF
# the letter, II.1.b: Cẩm Thành keeps Nguyễn Nghiêm's UBND certificate (its code is 21025)
expect_row "$TMP/p.csv" ${S}0A13 "change|O2|04|no" "Nguyễn Nghiêm's UBND is changed"
r=$(reason "$TMP/p.csv" ${S}0A13)
case "$r" in *"new name"*"UBND phường Nguyễn Nghiêm"*"21025"*"UBND phường Cẩm Thành"*) ok ;;
    *) bad "A13 reason names the units and the code: $r" ;; esac
for s in 0A11 0A12 0A14; do
    expect_row "$TMP/p.csv" ${S}$s "revoke|O2|05|no" "the other UBND $s revoked"
done
expect_row "$TMP/p.csv" ${S}0B01 "change|O2|04|no" "HĐND decided on its own"
expect_row "$TMP/p.csv" ${S}0B03 "revoke|O2|05|no" "HĐND of Nghĩa Chánh revoked"
expect_row "$TMP/p.csv" ${S}0B02 "revoke|X2|05|no" "lost token revoked"
case "$(reason "$TMP/p.csv" ${S}0B02)" in *"lost"*"Mẫu 09"*) ok ;; *) bad "X2 reason" ;; esac
expect_row "$TMP/p.csv" ${S}0B04 "change|O2|04|no" "the only valid Đảng ủy certificate is changed"
expect_row "$TMP/p.csv" ${S}0B05 "none|X1||no" "expired MTTQ: no request"
# the letter, II.1.a: Bình Chương keeps its name
expect_row "$TMP/p.csv" ${S}2101 "change|O1|04|no" "Bình Chương's UBND names huyện Bình Sơn: change"
case "$(reason "$TMP/p.csv" ${S}2101)" in *"huyện Bình Sơn"*) ok ;; *) bad "stale district named" ;; esac
expect_row "$TMP/p.csv" ${S}2102 "keep|O1||no" "Bình Chương's HĐND kept"
expect_row "$TMP/p.csv" ${S}2103 "keep|O1||no" "Bình Chương's Đảng ủy kept"
expect_row "$TMP/p.csv" ${S}2111 "revoke|O1|05|no" "Bình Mỹ's UBND revoked"
expect_row "$TMP/p.csv" ${S}2112 "revoke|O1|05|no" "Bình Mỹ's HĐND revoked"
expect_row "$TMP/p.csv" ${S}2114 "none|X1||no" "Bình Mỹ's expired MTTQ"
# O3: no valid MTTQ certificate in either merger — one `new` row each, empty serial, form 02
expect_row "$TMP/p.csv" new:21025 "new|O3|02|no" "Cẩm Thành MTTQ new issuance"
expect_row "$TMP/p.csv" new:21100 "new|O3|02|no" "Bình Chương MTTQ new issuance"
[ "$(row "$TMP/p.csv" new:21025)" = "new|O3|02|no|Ủy ban MTTQ Việt Nam phường Cẩm Thành" ] && ok ||
    bad "the new row names the body: $(row "$TMP/p.csv" new:21025)"
grep -q '^,org,21025:Phường Cẩm Thành,Ủy ban MTTQ Việt Nam phường Cẩm Thành,new,O3,02,' "$TMP/p.csv" &&
    ok || bad "the new row as written"
[ "$(grep -c '^,' "$TMP/p.csv")" = 2 ] && ok || bad "exactly two new rows"
# people
expect_row "$TMP/p.csv" ${S}2121 "keep|P1||no" "Trần Văn Hùng continues, same name, same post"
expect_row "$TMP/p.csv" ${S}2122 "change|P1|04|no" "Nguyễn Thị Lan continues in Bình Chương"
expect_row "$TMP/p.csv" ${S}2123 "revoke|P2|05|no" "Phạm Văn Tâm leaves"
expect_row "$TMP/p.csv" ${S}0C07 "change|P1|04|no" "Lê Thị Mai's later certificate"
expect_row "$TMP/p.csv" ${S}0C08 "revoke|P3|05|no" "Lê Thị Mai's duplicate"
case "$(reason "$TMP/p.csv" ${S}0C08)" in *"${S}0C07"*) ok ;; *) bad "P3 names the one kept" ;; esac
expect_row "$TMP/p.csv" ${S}0C09 "none|X1||no" "expired personal certificate"
expect_row "$TMP/p.csv" ${S}0C10 "revoke|X2|05|no" "lost personal token"
expect_row "$TMP/p.csv" ${S}0C11 "revoke|P2|05|no" "no longer needed"

# the header is the contract whatever the language
c plan --format csv --date "$DAY"
expect_rc 0 "plan csv in Vietnamese"
[ "$(printf '%s\n' "$out" | head -n 1)" = "$HEADER" ] && ok || bad "CSV header in Vietnamese mode"
c plan --date "$DAY"
expect_rc 0 "plan as text"
expect_out "54030A11B2C4D6E80000000000000A13" "text plan lists serials"

# ---- determinism: the same session and date give the same bytes
plan_csv "$TMP/p2.csv"
cmp -s "$TMP/p.csv" "$TMP/p2.csv" && ok || bad "CSV plan twice: not byte-identical"
c --lang en plan --format json --date "$DAY"
printf '%s\n' "$out" > "$TMP/p.json"
c --lang en plan --format json --date "$DAY"
[ "$out" = "$(cat "$TMP/p.json")" ] && ok || bad "JSON plan twice: not identical"

# ---- JSON: parses; the CSV's fields, row for row, plus warnings
python3 -c 'import json,sys; json.load(sys.stdin)' < "$TMP/p.json" && ok || bad "JSON parses"
python3 - "$TMP/p.json" "$TMP/p.csv" <<'EOF' && ok || bad "JSON rows match the CSV, with warnings arrays"
import csv, json, sys
rows = json.load(open(sys.argv[1], encoding='utf-8'))
table = list(csv.DictReader(open(sys.argv[2], newline='', encoding='utf-8')))
assert isinstance(rows, list) and len(rows) == len(table) == 30
for j, c in zip(rows, table):
    assert isinstance(j['warnings'], list), j
    assert all(isinstance(w, str) for w in j['warnings'])
    assert isinstance(j['overridden'], bool)
    for k in ('serial', 'kind', 'unit', 'holder', 'action', 'rule', 'form', 'reason'):
        assert j[k] == c[k], (k, j[k], c[k])
    assert ('yes' if j['overridden'] else 'no') == c['overridden']
EOF

# ---- --merger filters
plan_csv "$TMP/m.csv" --merger 21100
expect_rc 0 "plan --merger 21100"
python3 - "$TMP/m.csv" <<'EOF' && ok || bad "--merger 21100: only Bình Chương's 10 rows"
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], newline='', encoding='utf-8')))
assert len(rows) == 10, len(rows)
assert all(r['unit'].split(':')[0] in ('21100', '21106') for r in rows), rows
EOF
c --lang en plan --format json --date "$DAY" --merger "Cẩm Thành"
python3 -c 'import json,sys; d=json.load(sys.stdin); assert len(d)==20 and all(r["merger"]=="21025:Phường Cẩm Thành" for r in d)' <<<"$out" &&
    ok || bad "--merger by name in JSON: Cẩm Thành's 20 rows"
c plan --merger 99999 --date "$DAY"
expect_rc 1 "--merger of no declared merger"

# ---- the date: validity is judged on --date
plan_csv "$TMP/d1.csv" --date 2026-03-01
expect_row "$TMP/d1.csv" ${S}0C08 "revoke|P3|05|no" "valid on its last day (2026-03-01)"
plan_csv "$TMP/d2.csv" --date 2026-03-02
expect_row "$TMP/d2.csv" ${S}0C08 "none|X1||no" "expired the day after"
expect_row "$TMP/d2.csv" ${S}0C07 "change|P1|04|no" "the other one still changed"
run "$BIN" --db "$DB" plan --date 2025-02-30
expect_rc 2 "an impossible --date"

# ---- the setting: the district/province check can be turned off
printf '[decide]\ncheck_stale_hierarchy = no\n' > "$TMP/nostale.ini"
c --lang en --config "$TMP/nostale.ini" plan --format csv --date "$DAY"
expect_rc 0 "plan with the check off"
printf '%s\n' "$out" > "$TMP/n.csv"
expect_row "$TMP/n.csv" ${S}2101 "keep|O1||no" "check off: Bình Chương's UBND kept as it is"

# ---- refusals: nothing recorded
dcd ${S}0A13 --action revoke
expect_rc 2 "no --reason"
dcd ${S}0A13 --action revoke --reason ""
expect_rc 2 "an empty --reason"
dcd ${S}0A13 --reason "x"
expect_rc 2 "no --action"
dcd ${S}0A13 --action ask --reason "x"
expect_rc 2 "ask is no decision"
dcd ${S}0A13 --action maybe --reason "x"
expect_rc 2 "an unknown action"
dcd ${S}0B02 --action keep --reason "the token was found"
expect_rc 1 "keeping the lost token"
expect_err "lost" "the refusal says the token is lost"
dcd ${S}0B02 --action change --reason "the token was found"
expect_rc 1 "changing the lost token"
dcd ${S}0A12 --action keep --reason "Trần Hưng Đạo's office"
expect_rc 1 "a second UBND certificate kept"
expect_err "two certificates" "the refusal says why"
expect_err "${S}0A13" "the refusal names the certificate already kept"
dcd ${S}2111 --action change --reason "x"
expect_rc 1 "a second UBND certificate for Bình Chương"
dcd ${S}0B05 --action keep --reason "x"
expect_rc 1 "an expired certificate kept"
expect_err "expired" "the refusal says expired"
dcd ${S}0A13 --action new --reason "a new token"
expect_rc 1 "new issuance for a valid certificate"
expect_err "still valid" "change, not new issuance"
dcd --merger 21025 --body UBND --action new --reason "a new token"
expect_rc 1 "new issuance for a body with a valid certificate"
expect_err "still valid" "new for the body: change, not new issuance"
dcd --merger 21025 --body MTTQ --action keep --reason "x"
expect_rc 1 "a new row has no certificate to keep"
dcd 54030A11B2C4D6E8FFFFFFFFFFFFFFFF --action revoke --reason "x"
expect_rc 1 "an unknown serial"
dcd ${S}0A13 --clear
expect_rc 1 "nothing to undo"
plan_csv "$TMP/after-refusals.csv"
cmp -s "$TMP/p.csv" "$TMP/after-refusals.csv" && ok || bad "refusals recorded nothing"

# ---- an override: recorded, shown, kept when the plan is recomputed, undone
dcd ${S}0C08 --action change --reason "she keeps both roles until August"
expect_rc 0 "decide a personal certificate"
plan_csv "$TMP/o.csv"
expect_row "$TMP/o.csv" ${S}0C08 "change|P3|04|yes" "the officer's action, marked overridden"
r=$(reason "$TMP/o.csv" ${S}0C08)
case "$r" in *"she keeps both roles until August"*"revoke"*) ok ;;
    *) bad "the reason shows the officer's words and the rule's advice: $r" ;; esac
c --lang en plan --format json --date "$DAY"
printf '%s\n' "$out" > "$TMP/o.json"
python3 - "$TMP/o.json" "${S}0C08" <<'EOF' && ok || bad "JSON shows the override"
import json, sys
rows = [r for r in json.load(open(sys.argv[1], encoding='utf-8')) if r['serial'] == sys.argv[2]]
assert len(rows) == 1
r = rows[0]
assert r['overridden'] is True and r['action'] == 'change'
assert r['recommended_action'] == 'revoke'
assert r['override_reason'] == 'she keeps both roles until August'
EOF
# recomputed on another day, in another format, after other decisions: kept
plan_csv "$TMP/o2.csv" --date 2025-08-15
expect_row "$TMP/o2.csv" ${S}0C08 "change|P3|04|yes" "kept on another date"
# …and after another certificate is edited
c certs edit ${S}0C11 --after continue
expect_rc 0 "edit another certificate"
plan_csv "$TMP/o2b.csv"
expect_row "$TMP/o2b.csv" ${S}0C11 "change|P1|04|no" "the edited certificate decided again"
expect_row "$TMP/o2b.csv" ${S}0C08 "change|P3|04|yes" "the override kept after the edit"
c certs edit ${S}0C11 --after unused
expect_rc 0 "edit it back"
# a second decision replaces the first
dcd ${S}0C08 --action none --reason "the token is already handed in"
expect_rc 0 "decide the same row again"
plan_csv "$TMP/o3.csv"
expect_row "$TMP/o3.csv" ${S}0C08 "none|P3||yes" "the later decision replaces the earlier"
[ "$(grep -c ',yes$' "$TMP/o3.csv")" = 1 ] && ok || bad "one overridden row"
dcd ${S}0C08 --clear
expect_rc 0 "--clear"
plan_csv "$TMP/o4.csv"
cmp -s "$TMP/p.csv" "$TMP/o4.csv" && ok || bad "--clear gives the rules' plan back, byte for byte"

# ---- choosing Trần Hưng Đạo's UBND instead: revoke Nguyễn Nghiêm's first
dcd ${S}0A13 --action revoke --reason "the unit chose Trần Hưng Đạo's token"
expect_rc 0 "release Nguyễn Nghiêm's UBND"
dcd ${S}0A12 --action change --reason "the unit chose Trần Hưng Đạo's token"
expect_rc 0 "then choose Trần Hưng Đạo's"
plan_csv "$TMP/c.csv"
expect_row "$TMP/c.csv" ${S}0A13 "revoke|O2|05|yes" "Nguyễn Nghiêm's now revoked"
expect_row "$TMP/c.csv" ${S}0A12 "change|O2|04|yes" "Trần Hưng Đạo's now changed"
expect_row "$TMP/c.csv" ${S}0A11 "revoke|O2|05|no" "the others untouched"
dcd ${S}0A13 --action change --reason "back"
expect_rc 1 "Nguyễn Nghiêm's cannot come back while Trần Hưng Đạo's is kept"
dcd ${S}0A12 --clear
expect_rc 0 "undo the choice"
dcd ${S}0A13 --clear
expect_rc 0 "undo the release"
plan_csv "$TMP/c2.csv"
cmp -s "$TMP/p.csv" "$TMP/c2.csv" && ok || bad "all undone"

# ---- the `new` row: decided by merger and body
dcd --merger 21025 --body MTTQ --action none --reason "the ward's MTTQ uses the province's certificate"
expect_rc 0 "none for the MTTQ new row"
plan_csv "$TMP/n1.csv"
expect_row "$TMP/n1.csv" new:21025 "none|O3||yes" "the new row overridden"
[ "$(row "$TMP/n1.csv" new:21025)" = "none|O3||yes|Ủy ban MTTQ Việt Nam phường Cẩm Thành" ] && ok ||
    bad "the overridden new row still names the body: $(row "$TMP/n1.csv" new:21025)"
expect_row "$TMP/n1.csv" new:21100 "new|O3|02|no" "the other merger's new row untouched"
dcd --merger 21025 --body MTTQ --clear
expect_rc 0 "clear the new row's decision"
dcd --merger 21025 --body MTTQ --clear
expect_rc 1 "nothing left to clear"

# ---- a split unit: the warning names the other new unit
SDB=$TMP/split.sqlite
s() { run "$BIN" --db "$SDB" "$@"; }
s merger add --new "21136:Xã Cà Đam" --member "21136:Xã Trà Tân" --member "21142:Xã Trà Bùi" \
    --partial 21142 --province "Quảng Ngãi"
expect_rc 0 "Cà Đam with part of Trà Bùi"
s certs add --unit 21142 --kind org --body ubnd --holder "UBND xã Trà Bùi" \
    --serial 54030A11B2C4D6E80000000000003602 --valid-to 2028-01-01
expect_rc 0 "Trà Bùi's UBND certificate"
s certs add --unit 21136 --kind org --body ubnd --holder "UBND xã Trà Tân" \
    --serial 54030A11B2C4D6E80000000000003601 --valid-to 2028-01-01
expect_rc 0 "Trà Tân's UBND certificate"
s merger add --new "21157:Xã Tây Trà Bồng" --member "21142:Xã Trà Bùi" --member "21157:Xã Hương Trà" \
    --partial 21142 --province "Quảng Ngãi"
expect_rc 0 "Tây Trà Bồng with the other part of Trà Bùi"
s --lang en plan --format json --date "$DAY"
expect_rc 0 "plan of the split"
printf '%s\n' "$out" > "$TMP/s.json"
python3 - "$TMP/s.json" <<'EOF' && ok || bad "the split unit's row warns, naming xã Tây Trà Bồng (21157)"
import json, sys
rows = {r['serial']: r for r in json.load(open(sys.argv[1], encoding='utf-8'))}
w = rows['54030A11B2C4D6E80000000000003602']['warnings']
assert len(w) == 1 and 'Tây Trà Bồng (21157)' in w[0] and 'Trà Bùi' in w[0], w
assert rows['54030A11B2C4D6E80000000000003601']['warnings'] == []
assert rows['54030A11B2C4D6E80000000000003601']['action'] == 'change'
EOF

finish
