#!/usr/bin/env bash
# Typing into the wizard on a fresh, empty session (no table, no demo): a
# new unit by hand, the certificate form (a field's message beside it, no
# save while a field is wrong, all labels and fields on the screen), the
# editing keys, Vietnamese typed as NFD and stored as NFC, and letters that
# are text, not commands, inside text fields.
. "$(dirname "$0")/lib.sh" "$@"
DB=$TMP/input.sqlite
SERIAL=54030A11B2C4D6E80000000000009901

# field_value LABEL: the text of the form's field whose label starts the
# line, after "! " when the field is wrong (labels take columns 1–43, the
# field starts at column 45)
field_value() {
    local l="" line
    while IFS= read -r line; do
        case $line in " $1 "* | " ! $1 "*) l=$line; break ;; esac
    done <<EOF_SCREEN
$(screen)
EOF_SCREEN
    l=${l:45}
    printf '%s' "${l%"${l##*[! ]}"}"
}
# wait_field LABEL VALUE WHAT
wait_field() {
    local got end
    end=$(($(now_ms) + 10000))
    while :; do
        got=$(field_value "$1")
        [ "$got" = "$2" ] && { ok; return 0; }
        [ "$(now_ms)" -ge "$end" ] && break
        sleep 0.05
    done
    bad "$3: the field '$1' holds '$got', wanted '$2'"
    show_screen "$(screen)"
    return 1
}

# ---- step 1 on an empty session
start 80 24 -- --db "$DB" --lang en --date "$DAY"
wait_for "Step 1/7 — New unit" 10 "an empty session opens at step 1"
expect_no_screen "Welcome back" "nothing to resume in an empty session"
expect_screen "No official table imported" "step 1 says no table is imported"
# the instruction, wrapped over two lines, whole
joined=$(screen | sed -n 3,4p | sed 's/^ //; s/ *$//' | tr '\n' ' ')
case $joined in
    *"No official table imported: type the new unit, e.g. 21025:Phường Cẩm Thành, then Enter."*) ok ;;
    *) bad "step 1: the whole instruction is readable at 80 columns: '$joined'" ;;
esac
keys F2
wait_for "Choose or type the new unit first." 10 "F2 refuses without a unit"
text "Phường Thử"
wait_for " Phường Thử" 10 "the new unit is typed"
keys Enter
wait_for "The first old unit" 10 "asked for the first old unit"
text "21990:Xã Cũ Một"
wait_for "21990:Xã Cũ Một" 10 "the old unit is typed"
keys Enter
wait_for "Step 2/7 — Old units" 10 "the merger is declared: step 2"
expect_screen "CKS merger · phường Thử" "the title names the new unit"
expect_screen "21990  Xã Cũ Một" "the old unit is listed"
expect_screen "Saved: phường Thử." "step 2 shows the message that the new unit was saved"

keys F2
wait_for "Step 3/7 — Organisation certificates" 10 "step 3"
expect_screen "No certificate yet: a adds one, i imports a CSV file." "no certificate yet"
keys F2
wait_for "Step 4/7 — Personal certificates" 10 "step 4"

# ---- the form: every label readable, every field on the screen, even
# when several fields are wrong
keys a
wait_for "A new certificate" 10 "a opens the form"
expect_screen "↑↓/Tab field  F2 save  Esc cancel" "the form's keys"
cut=""
for l in "Old unit" "Body (UBND, HĐND, Đảng ủy, MTTQ, other)" "Full name" "Post" \
    "Citizen ID (12 digits)" "Official email" "Certificate serial" "Token serial" \
    "Valid from (day/month/year)" "Valid to (day/month/year)" \
    "Status (valid, expired, revoked, lost)" "After the merger (continue, leave, unused)" \
    "New post (when it changes)"; do
    case $(screen) in *" $l"*) ;; *) cut="$cut '$l'" ;; esac
done
[ -z "$cut" ] && ok || bad "form labels cut at 80 columns (the officer cannot read the values allowed):$cut"
keys Tab Tab Tab Tab
text "12ab"
keys Tab
text "not-an-email"
keys Tab Tab Tab
text "99/99/2020"
keys F2
wait_for "the serial is missing" 10 "F2 checks every field"
expect_screen "'not-an-email' is not an email address" "the email's message"
expect_screen "'99/99/2020' is not a real date" "the date's message"
expect_screen "A new certificate" "nothing saved: still the form"
expect_screen " After the merger" "with 7 fields wrong, the field 'After the merger' is still on the screen"
expect_screen " New post" "with 7 fields wrong, the field 'New post' is still on the screen"
keys Escape
wait_for "Leave the form without saving what was typed?" 10 "Esc asks before dropping what was typed"
keys y
wait_for "Step 4/7 — Personal certificates" 10 "back to the list"
expect_screen "No certificate yet" "nothing was saved"

# ---- the form for real
keys a
wait_for "A new certificate" 10 "a opens the form again"
wait_field "Old unit" "" "a new form is empty"
text "21990"
wait_field "Old unit" "21990" "the old unit typed"
keys Tab Tab
# the holder typed as NFD (base letters and combining marks, as some IMEs send)
HOLDER="Nguyễn Văn Bình"
HOLDER_NFD=$(nfd "$HOLDER")
[ "$HOLDER_NFD" != "$HOLDER" ] && ok || bad "the test's NFD differs from NFC"
text "$HOLDER_NFD"
wait_field "Full name" "$HOLDER_NFD" "the holder typed as NFD"
keys Tab
# the editing keys, in the Post field
text "abc"
wait_field "Post" "abc" "typed abc"
keys Home DC
wait_field "Post" "bc" "Home, Delete"
keys End Left BSpace
wait_field "Post" "c" "End, Left, Backspace"
keys Home DC
wait_field "Post" "" "Home, Delete: empty"
# a character and its combining marks move and go together
text "$(nfd "Phóx chủ tịch")"
wait_field "Post" "$(nfd "Phóx chủ tịch")" "typed as NFD"
keys Home Right Right Right DC
wait_field "Post" "$(nfd "Phó chủ tịch")" "Home, Right ×3 (over ó and its mark), Delete"
keys End Left Left Left Left BSpace
wait_field "Post" "$(nfd "Phó chủtịch")" "End, Left ×4 (over ị and its mark), Backspace"
keys BSpace
wait_field "Post" "$(nfd "Phó chtịch")" "Backspace removes ủ with its mark"
text "$(nfd "ủ ")"
wait_field "Post" "$(nfd "Phó chủ tịch")" "typed in the middle"
keys Tab
# the citizen ID: wrong, checked when leaving the field, the message beside it
text "12ab"
keys Tab
wait_for "'12ab' is not a citizen ID number" 10 "leaving the field checks it"
below=$(screen | grep -E -A 1 "^ (! )?Citizen ID" | tail -n 1)
case $below in *"'12ab' is not a citizen ID number (CCCD: 12 digits)"*) ok ;;
    *) bad "the message is on the line under the field: '$below'" ;; esac
expect_screen "(F2 save: correct the fields in red first)" "the status line says F2 cannot save"
keys F2
wait_for "the serial is missing" 10 "F2 checks all fields"
expect_screen "A new certificate" "F2 did not save: still the form"
expect_screen "'12ab' is not a citizen ID number" "the message stays"
expect_screen "(F2 save: correct the fields in red first)" "the status line still says so"
# correct it (the focus is on the email, one field below)
keys BTab
wait_field "Citizen ID (12 digits)" "12ab" "what was typed is kept"
keys BSpace BSpace BSpace BSpace
text "051090001234"
keys Tab
wait_gone "is not a citizen ID number" 10 "the message goes when the field is right"
keys Tab
text "$SERIAL"
keys Tab Tab Tab
text "01/06/2028"
keys Tab
wait_gone "is missing" 10 "every required field filled"
expect_screen "↑↓/Tab field  F2 save  Esc cancel" "F2 can save now"
keys F2
wait_for "Step 4/7 — Personal certificates" 10 "F2 saves: back to the list"
expect_screen "Saved: $SERIAL." "the message says what was saved"
expect_line "…000000009901" "$HOLDER" "the list shows the holder (as NFC)"
expect_line "…000000009901" "01/06/2028" "and the date"

# ---- step 5: the holder's future is not known: a question, which blocks
keys F2
wait_for "Step 5/7 — Recommendations" 10 "step 5"
expect_line "$HOLDER" "O4" "the row asks (O4)"
l=$(line_of "$HOLDER")
case $l in *"decide!"*) ok ;; *) bad "the row says a decision is needed: '$l'" ;; esac
case $l in *"! !"*) bad "step 5: the question's label is marked twice: '$l'" ;; *) ok ;; esac
keys F2
wait_for "1 row(s) still need the unit's decision (marked !): press s on each." 10 "F2 is refused while a row asks"
expect_screen "Step 5/7" "still on step 5"
# answer it: the holder continues
keys s
wait_for "The unit's decision" 10 "s opens the choice"
keys Down Enter
wait_for "Why (required" 10 "the reason is asked"
text "continues as Phó chủ tịch"
keys Enter
wait_for "Saved: the unit's decision." 10 "the answer is saved"
expect_line "$HOLDER" "change information *" "step 5: the answered row shows its action and the * of an override"

# ---- step 6: a folder typed with the letters q < > ? in it
keys F2
wait_for "Step 6/7 — Export" 10 "F2 goes on once nothing asks"
keys Home
keys $(for ((i = 0; i < ${#HOME} + 20; i++)); do printf "DC "; done)
wait_gone "cks-sapnhap-xuat" 10 "the folder field cleared"
OUT="$TMP/quyết định"
text "$OUT"
if wait_for " $OUT" 3 "step 6: 'q' typed into the folder field is a letter, not F10"; then
    keys Enter
    wait_for "file(s) in " 60 "Enter exports into the folder typed"
    n=$(screen | sed -n '/^ Written:/,/^$/p' | sed '1d;/^$/d' | grep -c .)
    expect_screen "Saved: $n file(s) in $OUT." "the message names the folder typed"
    [ "$n" -gt 0 ] && [ "$(find "$OUT" -type f 2>/dev/null | wc -l)" = "$n" ] && ok ||
        bad "the files listed ($n) are in '$OUT': $(find "$TMP" -name plan.csv)"
fi
quit

# ---- stored: one certificate, NFC, the values as typed and edited
cli certs list --format csv
expect_rc 0 "certs list"
printf '%s\n' "$out" > "$TMP/certs.csv"
python3 - "$TMP/certs.csv" "$SERIAL" <<'EOF' && ok || bad "the certificate is stored as typed, in NFC"
import csv, sys, unicodedata
rows = list(csv.DictReader(open(sys.argv[1], newline='', encoding='utf-8')))
assert len(rows) == 1, rows
r = rows[0]
nfc = lambda s: unicodedata.normalize('NFC', s)
want = nfc('Nguyễn Văn Bình')
assert r['holder'].encode() == want.encode(), (r['holder'].encode(), want.encode())
assert r['position'].encode() == nfc('Phó chủ tịch').encode(), r['position'].encode()
assert r['id_number'] == '051090001234', r
assert r['serial'] == sys.argv[2], r
assert r['valid_to'] == '2028-06-01', r
assert r['unit'].startswith('21990:'), r
assert r['kind'] == 'person', r
EOF

# ---- letters inside text fields are text: the search field of step 1
start 80 24 -- --db "$DB" --lang en --date "$DAY"
wait_for "Welcome back" 10 "the wizard offers to resume"
keys Down Enter
wait_for "Step 1/7 — New unit" 10 "Begin another merger: step 1"
# Home and Delete edit the text typed
text "abc"
wait_for " abc" 5 "typed into the search field"
keys Home DC
wait_for " bc" 3 "step 1: Home, Delete edit the search field (the list has Up/Down)"
keys End BSpace BSpace BSpace
wait_gone " bc" 5 "the field cleared"
# '?' is a character in a text field, not F1
text "?"
wait_for " ?" 3 "step 1: '?' typed into the search field is a character, not F1"
case $(screen) in *"Help — step"*) keys Space; wait_gone "Help — step" 5 "close the help" ;; esac
keys End BSpace BSpace
# "que son" without accents, as the help invites: q is a letter there
text "que"
wait_for " que" 3 "step 1: 'q' typed into the search field is a letter, not F10"
keys F10
wait_for "EXITED:0 TTY:same" 10 "F10 quits"

finish
