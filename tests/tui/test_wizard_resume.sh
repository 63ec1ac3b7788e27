#!/usr/bin/env bash
# The wizard killed without warning (SIGKILL: no handler runs) right after
# the officer saved something: the saved work is in the session, the
# session file is sound and not left locked, and the wizard, started again
# in the same terminal, resumes where it was and answers every key. A
# catchable signal (SIGTERM) puts the terminal back as it was.
. "$(dirname "$0")/lib.sh" "$@"
DB=$TMP/demo.sqlite

start 80 24 -- --db "$DB" --lang en --date "$DAY" demo
wait_for "Step 1/7 — New unit" 10 "the demo opens the wizard"
keys Enter
wait_for "Step 2/7 — Old units" 10 "Enter takes Cẩm Thành"
expect_no_screen "21999" "the unit is not there yet"
keys a
wait_for "Add an old unit" 10 "a asks for an old unit"
text "21999:Xã Thử Nghiệm"
wait_for "21999:Xã Thử Nghiệm" 10 "the unit is typed"
keys Enter
wait_for "Saved: 21999:Xã Thử Nghiệm added." 10 "the unit is saved"
expect_screen "21999  Xã Thử Nghiệm" "and listed"

# ---- killed: nothing can run in the program now
pid=$(wizard_pid)
kill -KILL "$pid"
wait_for "EXITED:137" 10 "the wizard is gone (SIGKILL)"

# the command line sees the unit, the session is sound and not locked
cli merger show 21025
expect_rc 0 "merger show 21025 right after the kill (the lock went with the process)"
expect_out "21999" "merger show lists the added unit's code"
expect_out "Thử Nghiệm" "merger show lists the added unit's name"
cli session check
expect_rc 0 "session check after the kill"
expect_out "sound" "session check says the file is sound"

# ---- restarted in the same terminal (left as the killed program had set
# it: no handler could run): resumes at step 2, the unit there
restart_here -- --db "$DB" --lang en --date "$DAY"
wait_for "Welcome back" 10 "the wizard offers to resume"
expect_screen "Resume: phường Cẩm Thành (21025)" "resume names the merger"
keys Enter
wait_for "Step 2/7 — Old units" 10 "resumed at step 2, where it was killed"
expect_screen "21999  Xã Thử Nghiệm" "the added unit is there"
expect_line "★" "21025  Phường Nguyễn Nghiêm" "the seat unchanged"
# the terminal works: keys, a dialog, the list
keys Down Down Down Down
keys F1
wait_for "Help — step 2/7: Old units" 10 "F1 answers after the restart"
keys Space
wait_gone "Help — step 2/7" 10 "the help closes"
keys F2
wait_for "Step 3/7 — Organisation certificates" 10 "F2 answers after the restart"
keys Escape
wait_for "Step 2/7 — Old units" 10 "Esc answers after the restart"
quit "F10 quits after the restart, the terminal as it found it"

cli session check
expect_rc 0 "session check after the restart"
cli merger show 21025
expect_out "Thử Nghiệm" "the unit is still there"

# ---- SIGTERM: the program dies of it, but puts the terminal back first
start 80 24 -- --db "$DB" --lang en --date "$DAY"
wait_for "Welcome back" 10 "the wizard starts again"
keys Enter
wait_for "Step 2/7 — Old units" 10 "resumed at step 2, the step last shown (after 3 and back)"
kill -TERM "$(wizard_pid)"
wait_for "EXITED:143 TTY:same" 10 "SIGTERM ends the wizard and restores the terminal"
cli session check
expect_rc 0 "session check after SIGTERM"

finish
