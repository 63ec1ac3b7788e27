#!/usr/bin/env bash
# The wizard end to end on the demo (the letter's second example, phường
# Cẩm Thành), as an officer at an 80×24 terminal walks through it: the seven
# steps, help, the explanation of a rule, Esc back, an override with its
# reason (then read back from the command line), the export to a typed
# folder (the files on disk), a checklist tick, and resuming where it was.
. "$(dirname "$0")/lib.sh" "$@"
DB=$TMP/demo.sqlite

# ---- step 1: the demo opens the wizard on Cẩm Thành
start 80 24 -- --db "$DB" --lang en --date "$DAY" demo
wait_for "Step 1/7 — New unit" 10 "the demo opens the wizard at step 1"
line1=$(screen | head -n 1)
case $line1 in *"CKS merger · phường Cẩm Thành (21025)"*"Step 1/7 — New unit"*) ok ;;
    *) bad "the title names the merger and the step: '$line1'" ;; esac
expect_screen "A fresh demo session" "the message line says it is the demo"
expect_screen "✓ phường Cẩm Thành (21025) — declared, 4 old unit(s)" "Cẩm Thành listed"
expect_screen "✓ xã Bình Chương (21100) — declared, 2 old unit(s)" "Bình Chương listed"

# F1: the help of this step; any key goes back (and is not typed)
keys F1
wait_for "Help — step 1/7: New unit" 10 "F1 shows the help of step 1"
expect_screen "Step 1: the new unit after the merger." "the help text of step 1"
expect_screen "Press any key to go back." "the help says how to leave"
keys z
wait_gone "Help — step 1/7" 10 "a key closes the help"
expect_screen "Step 1/7 — New unit" "back on step 1"
expect_screen "✓ xã Bình Chương (21100)" "the key that closed the help was not typed into the search"

# ---- step 2: Enter takes the highlighted merger
keys Enter
wait_for "Step 2/7 — Old units" 10 "Enter takes the highlighted merger"
for u in "21019  Phường Nghĩa Chánh" "21022  Phường Trần Hưng Đạo" \
    "21025  Phường Nguyễn Nghiêm" "21031  Phường Chánh Lộ"; do
    expect_screen "$u" "old unit $u listed"
done
expect_line "★" "21025  Phường Nguyễn Nghiêm" "★ marks the seat, Nguyễn Nghiêm"
expect_line "Phường Nguyễn Nghiêm" "seat" "the seat's notes say so"
[ "$(screen | grep -c '★')" = 1 ] && ok || bad "one seat only: $(screen | grep '★')"

# ---- steps 3 and 4: the certificates, with the demo's serials
keys F2
wait_for "Step 3/7 — Organisation certificates" 10 "F2 goes to step 3"
for s in 0A11 0A12 0A13 0A14 0B01 0B02 0B03 0B04 0B05; do
    expect_screen "…000000000${s:1}" "step 3 lists the certificate …${s}"
done
expect_line "000000000A13" "UBND phường Nguyễn Ng" "A13 is Nguyễn Nghiêm's UBND"
expect_line "000000000B02" "lost" "B02's lost token shown"
expect_line "000000000B05" "expired" "B05 shown expired"
# the columns of a row stay apart (the old unit's name must not run into the holder)
expect_no_screen "ĐạoUBND" "step 3: the old unit column runs into the organisation column"
# the keys of the screen fit at 80 columns
expect_line "i import" "F10 quit" "step 3: the status line shows 'F10 quit' whole at 80 columns"

keys F2
wait_for "Step 4/7 — Personal certificates" 10 "F2 goes to step 4"
for s in 0C01 0C02 0C03 0C04 0C07 0C08 0C09 0C10 0C11 0C12; do
    expect_screen "…000000000${s:1}" "step 4 lists the certificate …${s}"
done
expect_line "000000000C07" "Lê Thị Mai" "C07 is Lê Thị Mai's"
expect_line "000000000C10" "lost" "C10's token lost"

# ---- step 5: the recommendations, each with its rule
keys F2
wait_for "Step 5/7 — Recommendations" 10 "F2 goes to step 5"
expect_line "…0000000000000A13" "change information O2" "A13: change, rule O2"
expect_line "…0000000000000A11" "revoke             O2" "A11: revoke, rule O2"
expect_line "…0000000000000B02" "revoke             X2" "B02 (lost): revoke, rule X2"
expect_line "…0000000000000B05" "no request         X1" "B05 (expired): nothing, rule X1"
expect_line "Ủy ban MTTQ Việt Nam" "new issuance       O3" "MTTQ: new issuance, rule O3"
expect_line "Lê Văn Minh" "change information P1" "Lê Văn Minh continues: P1"
expect_line "Huỳnh Văn Phúc" "revoke             P2" "Huỳnh Văn Phúc leaves: P2"
expect_screen "new name; the certificate of UBND phường Nguyễn Nghiêm is chosen" \
    "the reason of the highlighted row under the list"
# Enter: the whole explanation
keys Enter
wait_for "Rule O2: new name" 10 "Enter explains the highlighted row's rule"
expect_screen "Certificate 54030A11B2C4D6E80000000000000A13 of UBND phường Nguyễn" \
    "the explanation names the certificate"
expect_screen "After the merger: UBND phường Cẩm Thành." "the explanation names the new body"
keys Escape
wait_gone "Rule O2: new name" 10 "a key closes the explanation"
# Esc goes back a step; nothing is lost
keys Escape
wait_for "Step 4/7 — Personal certificates" 10 "Esc goes back to step 4"
expect_line "000000000C07" "Lê Thị Mai" "step 4 still lists the certificates"
keys F2
wait_for "Step 5/7 — Recommendations" 10 "and forward again"
expect_line "…0000000000000A13" "change information O2" "the recommendations are still there"

# a decision without its reason is refused
keys s
wait_for "The unit's decision" 10 "s opens the choice of the unit's decision"
keys Enter
wait_for "Why (required" 10 "the reason is asked"
keys Enter
wait_for "A decision needs its reason: nothing was changed." 10 "an empty reason is refused"
expect_line "…0000000000000A13" "change information O2" "nothing changed"

# the override: s, the actions by their labels, Down Down = revoke, a reason
keys s
wait_for "The unit's decision" 10 "s again"
for a in "keep" "change information" "revoke" "new issuance" "no request"; do
    expect_screen "│ $a " "the choice lists '$a'"
done
keys Down Down Enter
wait_for "Why (required" 10 "the reason is asked"
text "the unit keeps Trần Hưng Đạo's token"
wait_for "the unit keeps Trần Hưng Đạo's token" 10 "the reason is typed"
keys Enter
wait_for "Saved: the unit's decision." 10 "the decision is saved"
expect_line "…0000000000000A13" "revoke *" "A13 now revoke, marked * (overridden)"
quit "F10 quits from step 5"

# the command line sees the override
cli plan --format csv
expect_rc 0 "plan --format csv after the wizard"
printf '%s\n' "$out" > "$TMP/plan.csv"
python3 - "$TMP/plan.csv" "${S}0A13" <<'EOF' && ok || bad "plan CSV: A13 revoke, overridden yes, the reason kept"
import csv, sys
rows = [r for r in csv.DictReader(open(sys.argv[1], newline='', encoding='utf-8'))
        if r['serial'] == sys.argv[2]]
assert len(rows) == 1, rows
r = rows[0]
assert r['action'] == 'revoke' and r['overridden'] == 'yes' and r['rule'] == 'O2', r
assert "the unit keeps Trần Hưng Đạo's token" in r['reason'], r
EOF
[ "$(grep -c ',yes$' "$TMP/plan.csv")" = 1 ] && ok || bad "exactly one overridden row"

# ---- back in: resumes at step 5, then step 6, the export
start 80 24 -- --db "$DB" --lang en --date "$DAY"
wait_for "Welcome back" 10 "the wizard offers to resume"
expect_screen "Resume: phường Cẩm Thành (21025)" "resume names the merger"
expect_screen "Begin another merger" "or begin another"
keys Enter
wait_for "Step 5/7 — Recommendations" 10 "resumed at step 5, where it was left"
expect_line "…0000000000000A13" "revoke *" "the override is still shown"
keys F2
wait_for "Step 6/7 — Export" 10 "F2 goes to step 6"
expect_screen " $HOME/cks-sapnhap-xuat" "the folder of the settings is proposed"
# clear the field: Home, then Delete as many times as it has characters
keys Home
keys $(for ((i = 0; i < ${#HOME} + 20; i++)); do printf "DC "; done)
wait_gone "cks-sapnhap-xuat" 10 "Home and Delete clear the folder"
text "$TMP/out"
wait_for " $TMP/out" 10 "the folder is typed"
keys Enter
wait_for "file(s) in " 60 "Enter exports"
msg=$(line_of "file(s) in ")
files=$(screen | sed -n '/^ Written:/,/^$/p' | sed '1d;/^$/d;s/^ *//')
n=$(printf '%s\n' "$files" | grep -c .)
case $msg in "Saved: $n file(s) in $TMP/out.") ok ;; *) bad "the message counts the files listed ($n): '$msg'" ;; esac
[ "$n" -ge 4 ] && ok || bad "the files are listed: $files"
printf '%s\n' "$files" | grep -q '_mau05-thu-hoi.xlsx$' && ok || bad "Mẫu 05 listed"
printf '%s\n' "$files" | grep -q '_mau04-thay-doi.xlsx$' && ok || bad "Mẫu 04 listed"
printf '%s\n' "$files" | grep -q 'plan.csv$' && ok || bad "plan.csv listed"
while IFS= read -r f; do
    [ -s "$TMP/out/$f" ] && ok || bad "the listed file $f is on disk"
done <<<"$files"
[ "$(find "$TMP/out" -type f | wc -l)" = "$n" ] && ok || bad "as many files on disk as listed: $(find "$TMP/out" -type f)"
grep -q "^${S}0A13,.*,revoke,O2,05,.*,yes\$" "$TMP"/out/*/plan.csv && ok ||
    bad "the exported plan.csv carries the override"

# ---- step 7: the checklist; Space ticks the highlighted line
keys F2
wait_for "Step 7/7 — Checklist" 10 "F2 goes to step 7"
expect_screen "Done: 0 of " "nothing ticked yet"
expect_screen "[ ]  1. " "line 1 not ticked"
expect_screen "[ ]  2. " "line 2 not ticked"
keys Space
wait_for "[x]  1. " 10 "Space ticks line 1"
expect_screen "Saved: ticked." "the tick is saved"
expect_screen "Done: 1 of " "the count follows"
keys Down Space
wait_for "[x]  2. " 10 "Down, Space ticks line 2"
keys Space
wait_for "Saved: not ticked." 10 "Space again unticks it"
expect_screen "[ ]  2. " "line 2 unticked"
expect_screen "[x]  1. " "line 1 still ticked"
quit "F10 quits from step 7"

# ---- restart without demo: resume at step 7, the tick kept
start 80 24 -- --db "$DB" --lang en --date "$DAY"
wait_for "Resume: phường Cẩm Thành (21025)" 10 "the wizard offers to resume"
keys Enter
wait_for "Step 7/7 — Checklist" 10 "resumed at step 7, the step last shown"
expect_screen "[x]  1. " "the tick is still there"
expect_screen "[ ]  2. " "the untick is still there"
expect_screen "Done: 1 of " "the count is kept"
quit

finish
