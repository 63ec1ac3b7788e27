# lib.sh — drive the wizard in a terminal of its own, after tig's
# test/tools/libtest.sh: a tmux server per test, a fixed size and locale,
# keys sent as the officer types them, the screen read back as text.
# Source it first: . "$(dirname "$0")/lib.sh" "$@"   ($1 is the program)
#
#   start COLS LINES [NAME=VALUE...] -- ARGS...   run the program in a new terminal
#   restart_here [NAME=VALUE...] -- ARGS...       again, in the same terminal
#   keys KEY...        tmux key names (Enter, F2, Down, BSpace, DC, Home…)
#   text STRING        literal text, as typed (NFD stays NFD)
#   screen / screen_e  the screen as text / with its attributes
#   wait_for TEXT [SECONDS] [WHAT]   poll until TEXT shows, the screen
#                      settled (counts ok/bad)
#   wait_gone TEXT [SECONDS] [WHAT]  poll until TEXT is gone
#   wait_any TEXT...   poll until one shows; $HIT says which
#   quit               F10, then the program must end with 0 and the
#                      terminal as it found it
# The program runs under a launcher that records its pid (for kill) and,
# when it ends, prints "EXITED:<status> TTY:same|changed" (stty -g compared
# before and after) and waits, so the pane and its last screen stay (or
# runs the next program in the same terminal: restart_here).
set -u
BIN=$1
command -v tmux >/dev/null || { echo "FAIL: these tests need tmux (apt-get install tmux)" >&2; exit 1; }
command -v python3 >/dev/null || { echo "FAIL: these tests need python3" >&2; exit 1; }
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# Some paths under $TMP are typed into the wizard's text fields, where the
# wizard wrongly takes q ? < > as commands (checked in test_wizard_input.sh):
# keep them out of $TMP so that the other tests fail for their own reasons.
while :; do
    TMP=$(mktemp -d)
    case $TMP in *[q\?\<\>]*) rmdir "$TMP" ;; *) break ;; esac
done
SOCK=$TMP/tmux.sock
tm() { tmux -f /dev/null -S "$SOCK" "$@"; }
cleanup() {
    tm kill-server >/dev/null 2>&1
    rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP
. "$HERE/../lib/assert.sh"
export HOME=$TMP/home XDG_CONFIG_HOME=$TMP/config XDG_DATA_HOME=$TMP/data LC_ALL=C.UTF-8
mkdir -p "$HOME"
unset LANGUAGE LANG TMUX
DAY=2025-06-15
S=54030A11B2C4D6E8000000000000 # the demo's serials: $S + 4 hex digits

N=0       # terminals started
PANE=""   # the current one
PIDFILE=""
NEXT=""

# launcher FILE ENV... -- ARGS... : the script that runs the program once
# (then, when asked, the next one in the same terminal: restart_here)
launcher() {
    local file=$1
    local -a envs=()
    shift
    while [ $# -gt 0 ] && [ "$1" != -- ]; do
        envs+=("$1")
        shift
    done
    [ $# -gt 0 ] && shift
    N=$((N + 1))
    PIDFILE=$TMP/wizard$N.pid
    NEXT=$TMP/next$N.sh
    # TERM is left to tmux: the pane's terminfo gives the function keys
    {
        echo '#!/usr/bin/env bash'
        echo 'before=$(stty -g)'
        printf 'bash -c %q %q env -u LANG -u LANGUAGE' 'echo $$ > "$0"; exec "$@"' "$PIDFILE"
        printf ' %q' "HOME=$HOME" "XDG_CONFIG_HOME=$XDG_CONFIG_HOME" \
            "XDG_DATA_HOME=$XDG_DATA_HOME" LC_ALL=C.UTF-8 ${envs[@]+"${envs[@]}"} "$BIN" "$@"
        echo
        echo 'rc=$?'
        echo 'if [ "$(stty -g)" = "$before" ]; then tty=same; else tty=changed; fi'
        echo 'echo "EXITED:$rc TTY:$tty"'
        printf 'for ((i = 0; i < 12000; i++)); do [ -e %q ] && exec bash %q; sleep 0.05; done\n' \
            "$NEXT" "$NEXT"
    } > "$file.new"
    mv "$file.new" "$file"
}

start() {
    local cols=$1 lines=$2 old=$PANE
    shift 2
    launcher "$TMP/launch$((N + 1)).sh" "$@"
    tm new-session -d -s "w$N" -x "$cols" -y "$lines" "bash $TMP/launch$N.sh"
    PANE=w$N
    [ -n "$old" ] && tm kill-session -t "$old" >/dev/null 2>&1
    return 0
}

# restart_here [NAME=VALUE...] -- ARGS... : once the program has ended, run
# it again in the same terminal, as the officer would from the same shell
restart_here() {
    launcher "$NEXT" "$@"
    wait_gone "EXITED:" 10 "the program starts again in the same terminal"
}

keys() { tm send-keys -t "$PANE" "$@"; }
text() { tm send-keys -t "$PANE" -l "$1"; }
screen() { tm capture-pane -p -t "$PANE"; }
screen_e() { tm capture-pane -p -e -t "$PANE"; }
resize() { tm resize-window -t "$PANE" -x "$1" -y "$2"; }
wizard_pid() { cat "$PIDFILE"; }

now_ms() { local t=${EPOCHREALTIME/[.,]/}; echo $((t / 1000)); }

show_screen() {
    printf -- '----- the screen -----\n%s\n----------------------\n' "$1" >&2
}

# The program ended while we waited for something else: no use waiting on.
ended() {
    case $1 in *EXITED:*) ;; *) return 1 ;; esac
    case $2 in EXITED:*) return 1 ;; esac
    return 0
}

# A screen is read when two captures 50 ms apart agree: the program has
# finished drawing (a redraw reaches tmux in pieces; the title line comes
# first) and waits for a key.
wait_for() {
    local want=$1 limit=${2:-10} what=${3:-} s prev="" end
    end=$(($(now_ms) + ${limit%.*} * 1000))
    while :; do
        s=$(screen)
        case $s in *"$want"*) [ "$s" = "$prev" ] && { ok; return 0; } ;; esac
        ended "$s" "$want" && break
        [ "$(now_ms)" -ge "$end" ] && break
        prev=$s
        sleep 0.05
    done
    bad "waited for '$want'${what:+ ($what)}"
    show_screen "$s"
    return 1
}

wait_gone() {
    local want=$1 limit=${2:-10} what=${3:-} s prev="" end
    end=$(($(now_ms) + ${limit%.*} * 1000))
    while :; do
        s=$(screen)
        case $s in *"$want"*) ;; *) [ "$s" = "$prev" ] && { ok; return 0; } ;; esac
        [ "$(now_ms)" -ge "$end" ] && break
        prev=$s
        sleep 0.05
    done
    bad "waited for '$want' to go${what:+ ($what)}"
    show_screen "$s"
    return 1
}

# wait_any TEXT... : the first that shows is in $HIT (empty after 10 s)
wait_any() {
    local s prev="" t end
    HIT=""
    end=$(($(now_ms) + 10000))
    while :; do
        s=$(screen)
        if [ "$s" = "$prev" ]; then
            for t in "$@"; do
                case $s in *"$t"*) HIT=$t; return 0 ;; esac
            done
        fi
        [ "$(now_ms)" -ge "$end" ] && break
        prev=$s
        sleep 0.05
    done
    show_screen "$s"
    return 1
}

# On the screen now (after a wait_for of something drawn with it).
expect_screen() {
    local s
    s=$(screen)
    case $s in *"$1"*) ok ;; *) bad "$2: the screen lacks '$1'"; show_screen "$s" ;; esac
}
expect_no_screen() {
    local s
    s=$(screen)
    case $s in *"$1"*) bad "$2: the screen shows '$1'"; show_screen "$s" ;; *) ok ;; esac
}

# line_of TEXT: the first line of the screen with TEXT
line_of() { screen | grep -F -m 1 -- "$1"; }

# expect_line KEY TEXT WHAT: the line with KEY also shows TEXT
expect_line() {
    # runs of spaces count as one: columns may be wider than one space
    local l squeezed want
    l=$(line_of "$1")
    squeezed=$(printf '%s' "$l" | tr -s ' ')
    want=$(printf '%s' "$2" | tr -s ' ')
    case $squeezed in
        "") bad "$3: no line with '$1'"; show_screen "$(screen)" ;;
        *"$want"*) ok ;;
        *) bad "$3: the line of '$1' lacks '$2': '$l'" ;;
    esac
}

# F10, and the program must end at once with 0, the terminal restored.
quit() {
    keys F10
    wait_for "EXITED:0 TTY:same" 10 "${1:-F10 quits and restores the terminal}"
}

# nfd TEXT / nfc TEXT
nfd() { python3 -c 'import sys, unicodedata; print(unicodedata.normalize("NFD", sys.argv[1]))' "$1"; }
nfc() { python3 -c 'import sys, unicodedata; print(unicodedata.normalize("NFC", sys.argv[1]))' "$1"; }

# the command line on the same session (the wizard must have ended: one
# program at a time holds the session)
cli() { run "$BIN" --db "$DB" --lang en --date "$DAY" "$@"; }
