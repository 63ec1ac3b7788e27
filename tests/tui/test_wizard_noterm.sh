#!/usr/bin/env bash
# The wizard needs a terminal: started from a script, a pipe or a cron job
# it refuses at once with status 2 and says so, and touches nothing.
. "$(dirname "$0")/lib.sh" "$@"
DB=$TMP/x.sqlite

# neither stdin nor stdout a terminal
"$BIN" --db "$DB" --lang en </dev/null >/dev/null 2>"$TMP/err" && rc=0 || rc=$?
[ "$rc" = 2 ] && ok || bad "no terminal: exit status $rc, wanted 2"
grep -q "needs a terminal" "$TMP/err" && ok || bad "no terminal: the message says why: $(cat "$TMP/err")"
grep -q "subcommands" "$TMP/err" && ok || bad "no terminal: the message points to the subcommands"
[ ! -e "$DB" ] && ok || bad "no terminal: no session file created"

# stdout to a file, stdin a pipe: the same
out=$(echo | "$BIN" --db "$DB" --lang en 2>"$TMP/err") && rc=0 || rc=$?
[ "$rc" = 2 ] && ok || bad "stdin a pipe: exit status $rc, wanted 2"
[ -z "$out" ] && ok || bad "stdin a pipe: nothing on stdout: $out"
grep -q "needs a terminal" "$TMP/err" && ok || bad "stdin a pipe: the message"

# at a terminal, but stdout redirected to a file: still refused, and no
# screen codes written into the file
cat > "$TMP/redirect.sh" <<EOF
#!/usr/bin/env bash
env HOME="$HOME" LC_ALL=C.UTF-8 "$BIN" --db "$DB" --lang en --date "$DAY" > "$TMP/stdout.txt"
echo "EXITED:\$?"
exec sleep 600
EOF
chmod +x "$TMP/redirect.sh"
tm new-session -d -s redirect -x 80 -y 24 "$TMP/redirect.sh"
PANE=redirect
wait_for "EXITED:2" 10 "stdout to a file at a terminal: status 2"
expect_screen "needs a terminal" "the message shows on the terminal (stderr)"
[ ! -s "$TMP/stdout.txt" ] && ok || bad "nothing written to the redirected stdout: $(cat -v "$TMP/stdout.txt")"
[ ! -e "$DB" ] && ok || bad "no session file created"

# `demo` without a terminal does not start the wizard: it prints how to go on
run "$BIN" --db "$TMP/demo.sqlite" --lang en demo </dev/null
expect_rc 0 "demo without a terminal"
expect_out "A fresh demo session is ready" "demo without a terminal says what it made"

finish
