#!/usr/bin/env python3
"""Crash harness: batch commands killed with SIGKILL at random moments.

    test_crash.py CKS_SAPNHAP [KILLS]    (seed: $CKS_CRASH_SEED, default 1)

Each round starts one change on a demo session -- a certificate import
(hundreds of rows, all or nothing), `certs add`, a decision of the unit, an
export -- and kills it after a random delay (seeded, so a failing round can
be replayed). After every kill:
  - the session opens and `session check` (integrity_check, foreign keys)
    passes;
  - a change the program reported as done (exit 0 before the kill) is there;
  - an import is there whole or not at all;
  - every export file under its final name is complete (a readable zip for
    a workbook, a CSV with the plan's header), whatever moment the kill hit.
Then the wizard (in tmux) is killed $CKS_CRASH_WIZARD times (default 10)
while the officer adds an old unit: the session passes its check, and a
unit the wizard said was saved is there.
Prints "N passed, N failed" like the other suites.
"""
import csv, io, os, random, signal, subprocess, sys, tempfile, time, zipfile

BIN = sys.argv[1]
KILLS = int(sys.argv[2]) if len(sys.argv) > 2 else 200
SEED = int(os.environ.get("CKS_CRASH_SEED", "1"))
rng = random.Random(SEED)
tmp = tempfile.mkdtemp(prefix="cks-crash-")
env = dict(os.environ, HOME=tmp, XDG_DATA_HOME=tmp + "/data", XDG_CONFIG_HOME=tmp + "/cfg",
           LC_ALL="C.UTF-8")
env.pop("LANGUAGE", None)
DB = tmp + "/s.sqlite"
passed = failed = 0


def ok():
    global passed
    passed += 1


def bad(msg):
    global failed
    failed += 1
    print("FAIL (seed %d): %s" % (SEED, msg), file=sys.stderr)


def run(*args, check=True):
    r = subprocess.run([BIN, "--db", DB, "--lang", "en", "--date", "2025-06-15", *args],
                       env=env, capture_output=True, text=True)
    if check and r.returncode != 0:
        bad("%s: exit %d: %s" % (" ".join(args), r.returncode, r.stderr.strip()))
    return r


def serials():
    r = run("certs", "list", "--format", "csv")
    return {row["serial"] for row in csv.DictReader(io.StringIO(r.stdout))}


def killed_run(args, delay):
    """Start args, kill it after delay seconds; True when it finished first
    (with exit status 0)."""
    p = subprocess.Popen([BIN, "--db", DB, "--lang", "en", "--date", "2025-06-15", *args],
                         env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        p.wait(timeout=delay)
    except subprocess.TimeoutExpired:
        p.send_signal(signal.SIGKILL)
        p.wait()
        return False
    return p.returncode == 0


def make_import(n, tag):
    path = "%s/import-%s.csv" % (tmp, tag)
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["unit", "kind", "body", "holder", "serial", "valid_to", "status"])
        for i in range(n):
            w.writerow(["21019", "person", "ubnd", "Người thử %s %d" % (tag, i),
                        "5403CC%06X%04X" % (int(tag), i), "2028-06-30", "active"])
    return path, {"5403CC%06X%04X" % (int(tag), i) for i in range(n)}


def check_exports(folder):
    for root, _, files in os.walk(folder):
        for name in files:
            path = os.path.join(root, name)
            if name.startswith("."):
                continue  # a temporary file: never under a final name
            if name.endswith(".xlsx"):
                try:
                    with zipfile.ZipFile(path) as z:
                        if z.testzip() is not None or "xl/worksheets/sheet1.xml" not in z.namelist():
                            raise zipfile.BadZipFile("incomplete")
                    ok()
                except zipfile.BadZipFile as e:
                    bad("a half-written workbook under its final name: %s (%s)" % (path, e))
            elif name == "plan.csv":
                with open(path, encoding="utf-8") as f:
                    head = f.readline().strip()
                if head == "serial,kind,unit,holder,action,rule,form,reason,overridden":
                    ok()
                else:
                    bad("a half-written plan.csv: %s" % path)


r = subprocess.run([BIN, "--db", DB, "demo"], env=env, capture_output=True, text=True)
if r.returncode != 0:
    print("cannot make the demo session: " + r.stderr, file=sys.stderr)
    sys.exit(1)
done_serials = serials()
tag = 0
for k in range(KILLS):
    op = rng.choice(["import", "import", "add", "decide", "export"])
    delay = rng.uniform(0.0, 0.25)
    tag += 1
    if op == "import":
        path, new = make_import(rng.randint(50, 400), str(tag))
        finished = killed_run(["certs", "import", path], delay)
        now = serials()
        got = new & now
        if got and got != new:
            bad("round %d: an import killed after %.3f s left %d of its %d rows"
                % (k, delay, len(got), len(new)))
        elif finished and got != new:
            bad("round %d: an import reported done is missing" % k)
        else:
            ok()
        done_serials |= got
    elif op == "add":
        serial = "5403DD%08X" % tag
        finished = killed_run(["certs", "add", "--unit", "21022", "--kind", "person",
                               "--holder", "Thử %d" % tag, "--serial", serial,
                               "--valid-to", "2029-01-01"], delay)
        now = serials()
        if finished and serial not in now:
            bad("round %d: certs add reported done, the certificate is missing" % k)
        else:
            ok()
        if serial in now:
            done_serials.add(serial)
    elif op == "decide":
        action = rng.choice(["revoke", "change"])
        finished = killed_run(["decide", "54030A11B2C4D6E80000000000000A12", "--action", action,
                               "--reason", "Thử %d" % tag], delay)
        r = run("plan", "--format", "csv")
        row = [x for x in csv.DictReader(io.StringIO(r.stdout))
               if x["serial"] == "54030A11B2C4D6E80000000000000A12"]
        if finished and (not row or row[0]["action"] != action or row[0]["overridden"] != "yes"):
            bad("round %d: a decision reported done is not in the plan" % k)
        else:
            ok()
    else:
        folder = "%s/out-%d" % (tmp, tag)
        killed_run(["export", "--out", folder], delay + 0.1)
        check_exports(folder)
    # the session survives every kill
    r = run("session", "check", check=False)
    if r.returncode != 0:
        bad("round %d (%s, killed after %.3f s): session check failed: %s"
            % (k, op, delay, r.stderr.strip()))
        break
    ok()
    missing = done_serials - serials()
    if missing:
        bad("round %d: certificates saved earlier are gone: %s" % (k, sorted(missing)[:3]))
    else:
        ok()

# ---- the wizard, killed while the officer works (tmux; skipped without it)
def tmux(*args, check=False):
    return subprocess.run(["tmux", "-L", "cks-crash-%d" % os.getpid(), *args], env=env,
                          capture_output=True, text=True)


WIZARD_KILLS = int(os.environ.get("CKS_CRASH_WIZARD", "10"))
after_save = 0
if subprocess.run(["sh", "-c", "command -v tmux"], capture_output=True).returncode != 0:
    print("SKIP: tmux not installed, the wizard is not killed")
    WIZARD_KILLS = 0
pidfile = tmp + "/wizard.pid"
for k in range(WIZARD_KILLS):
    code = "%05d" % (95000 + k)
    unit = "%s:Xã Thử %d" % (code, k)
    cmd = "echo $$ > %s; exec %s --db %s --lang en --date 2025-06-15" % (pidfile, BIN, DB)
    tmux("kill-server")
    tmux("new-session", "-d", "-x", "80", "-y", "24", "sh", "-c", cmd)
    deadline = time.time() + 10
    screen = ""
    while time.time() < deadline and "Welcome back" not in screen:
        time.sleep(0.05)
        screen = tmux("capture-pane", "-p").stdout
    # resume, go to step 2, add an old unit, and die at a random moment
    tmux("send-keys", "Enter")
    time.sleep(0.2)
    tmux("send-keys", "Escape", "Escape", "Escape", "Escape", "Escape", "Enter")
    time.sleep(0.3)
    tmux("send-keys", "a")
    time.sleep(0.2)
    tmux("send-keys", "-l", unit)
    if rng.random() < 0.7:  # else killed while the name is being typed
        tmux("send-keys", "Enter")
    time.sleep(rng.uniform(0.0, 0.3))
    saved = "Saved: %s added" % unit in tmux("capture-pane", "-p").stdout
    after_save += saved
    try:
        pid = int(open(pidfile).read().strip())
        os.kill(pid, signal.SIGKILL)
    except (OSError, ValueError):
        pass
    time.sleep(0.1)
    tmux("kill-server")
    r = run("session", "check", check=False)
    if r.returncode != 0:
        bad("wizard round %d: session check failed after the kill: %s" % (k, r.stderr.strip()))
        break
    ok()
    shown = run("merger", "show", "21025", check=False).stdout
    if saved and code not in shown:
        bad("wizard round %d: the wizard said %s was saved; it is gone" % (k, unit))
    else:
        ok()

if WIZARD_KILLS:
    print("wizard: %d kills, %d of them after the wizard said \"Saved\"" % (WIZARD_KILLS, after_save))
print("%d passed, %d failed" % (passed, failed))
subprocess.run(["rm", "-rf", tmp])
sys.exit(1 if failed else 0)
