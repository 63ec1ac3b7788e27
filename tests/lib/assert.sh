# assert.sh — helpers for the shell tests. Source it; call `finish` last.
# Prints "N passed, N failed" and exits non-zero when anything failed.
passed=0
failed=0

ok() { passed=$((passed + 1)); }
bad() { failed=$((failed + 1)); printf 'FAIL: %s\n' "$*" >&2; }

# run CMD... : runs it, keeping stdout in $out, stderr in $err, status in $rc
run() {
    out=$("$@" 2>"$TMP/stderr") && rc=0 || rc=$?
    err=$(cat "$TMP/stderr")
}

expect_rc() { [ "$rc" = "$1" ] && ok || bad "$2: exit status $rc, wanted $1 (stderr: $err)"; }
expect_out() { case "$out" in *"$1"*) ok ;; *) bad "$2: stdout lacks '$1': $out" ;; esac; }
expect_err() { case "$err" in *"$1"*) ok ;; *) bad "$2: stderr lacks '$1': $err" ;; esac; }
expect_no_out() { case "$out" in *"$1"*) bad "$2: stdout has '$1'" ;; *) ok ;; esac; }

finish() {
    printf '%d passed, %d failed\n' "$passed" "$failed"
    [ "$failed" -eq 0 ]
}
