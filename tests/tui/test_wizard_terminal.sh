#!/usr/bin/env bash
# The terminal around the wizard: a window smaller than 80×24 (made smaller
# while it runs, or too small from the start) gets a message instead of a
# broken screen, keys other than F10 wait, the screen comes back when the
# window grows, and everything the start does (the resume offer) still
# happens; the monochrome and high-contrast themes draw the same frame
# without colour.
. "$(dirname "$0")/lib.sh" "$@"
DB=$TMP/demo.sqlite
TOO_SMALL="The window is too small"

# ---- made smaller while it runs, then larger again
start 80 24 -- --db "$DB" --lang en --date "$DAY" demo
wait_for "Step 1/7 — New unit" 10 "the demo opens the wizard at 80×24"
keys Enter
wait_for "Step 2/7 — Old units" 10 "step 2"
resize 60 20
wait_for "$TOO_SMALL (60×20). Please make it at least" 10 "60×20: the message names the size"
expect_screen "80×24." "the message names the size wanted"
expect_no_screen "Step 2/7" "the step is not drawn while too small"
# keys wait while the window is too small (a would open the add dialog)
keys a
resize 80 24
wait_for "Step 2/7 — Old units" 10 "80×24 again: the step comes back"
expect_no_screen "$TOO_SMALL" "the message is gone"
expect_screen "21025  Phường Nguyễn Nghiêm" "the list is drawn again"
expect_no_screen "Add an old unit" "a key typed while too small did nothing"
# one dimension is enough to be too small
resize 100 23
wait_for "$TOO_SMALL (100×23)" 10 "23 lines are too few, however wide"
resize 79 40
wait_for "$TOO_SMALL (79×40)" 10 "79 columns are too few, however tall"
resize 80 24
wait_for "Step 2/7 — Old units" 10 "back to 80×24"
# a dialog open while the window shrinks: the message too; what was typed
# is kept when the window grows back
keys a
wait_for "Add an old unit" 10 "a opens the dialog"
text "21998:Xã Gió"
wait_for "21998:Xã Gió" 10 "typed into the dialog"
resize 60 20
wait_for "$TOO_SMALL (60×20)" 3 "a dialog open at 60×20: the message that the window is too small"
resize 10 5
resize 80 24
wait_for "21998:Xã Gió" 3 "80×24 again: the dialog shows what was typed"
keys Enter
wait_for "Saved: 21998:Xã Gió added." 10 "the dialog still works after the resizes"
expect_screen "Step 2/7 — Old units" "the step is drawn again"
quit

# ---- too small from the start: the message; F10 still quits
start 70 20 -- --db "$DB" --lang en --date "$DAY"
wait_for "$TOO_SMALL (70×20). Please make it at least 80×24." 10 "started at 70×20: the message"
keys Enter a F2
keys F10
wait_for "EXITED:0 TTY:same" 10 "F10 quits while too small, the terminal restored"

# ---- too small from the start, then large enough: the start goes on as
# at 80×24 — the offer to resume (the session has a merger at step 2)
start 70 20 -- --db "$DB" --lang en --date "$DAY"
wait_for "$TOO_SMALL (70×20)" 10 "started at 70×20 again"
resize 80 24
if wait_any "Welcome back" "Step 1/7" "Step 2/7"; then
    [ "$HIT" = "Welcome back" ] && ok ||
        bad "started too small then enlarged to 80×24: no offer to resume, '$HIT' shown instead"
else
    bad "started too small then enlarged: nothing drawn"
fi
[ "$HIT" = "Welcome back" ] && keys Enter && wait_for "Step 2/7 — Old units" 10 "resumed at step 2"
quit

# ---- the themes: the same frame; no colour in mono and contrast; contrast
# has nothing dim (the column heads are dim in mono)
esc=$'\e'
colour_re="${esc}\\[([0-9]+;)*(3[0-7]|4[0-7]|38|48)(;[0-9]+)*m"
for theme in mono contrast colour; do
    start 80 24 CKS_THEME=$theme -- --db "$DB" --lang en --date "$DAY"
    wait_for "Resume: phường Cẩm Thành (21025)" 10 "theme $theme: the start"
    keys Enter
    wait_for "Step 2/7 — Old units" 10 "theme $theme: the step screen"
    expect_screen "CKS merger · phường Cẩm Thành (21025)" "theme $theme: the title"
    expect_screen "↑↓ move  a add  d remove  s seat  F2 next  Esc back  F1 help  F10 quit" \
        "theme $theme: the keys"
    expect_screen "21025  Phường Nguyễn Nghiêm" "theme $theme: the list"
    e=$(screen_e)
    title=$(printf '%s\n' "$e" | head -n 1)
    head=$(printf '%s\n' "$e" | grep -F -m 1 "District")
    if [ "$theme" = colour ]; then
        # the control: the colour theme does use colours
        grep -Eq "$colour_re" <<<"$e" && ok || bad "theme colour: colours used"
        continue
    fi
    grep -Eq "$colour_re" <<<"$e" && bad "theme $theme: colours used: $(grep -Eo "$colour_re" <<<"$e" | sort -u | cat -v | tr '\n' ' ')" || ok
    case $title in *"${esc}["*7m*"CKS merger"*) ok ;;
        *) bad "theme $theme: the title bar in reverse video: $(cat -v <<<"$title")" ;; esac
    case $theme:$head in
        mono:*"${esc}[2m"*) ok ;;
        mono:*) bad "theme mono: the column heads dim: $(cat -v <<<"$head")" ;;
        contrast:*"${esc}[2m"*) bad "theme contrast: dim text: $(cat -v <<<"$head")" ;;
        contrast:*) ok ;;
    esac
    quit "theme $theme: F10 quits"
done
quit "theme colour: F10 quits"

finish
