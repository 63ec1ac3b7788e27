#!/usr/bin/env bash
# `export` through the real program, on the demo session (the letter's two
# examples: phường Cẩm Thành 21025 and xã Bình Chương 21100): the folders and
# files, which certificate is on which form (read back from the workbooks'
# XML, compared with `plan --format csv`), the legal words of Mẫu 05, the
# print setup (A4, fit to width, margins of the settings, header row repeated,
# page numbers, Times New Roman, row heights of wrapped text), the texts of
# Nghị định 30 (motto, agency, date line), the checklist, plan.csv, --merger,
# and every refusal (files in the way, rows that ask, broken layouts), each
# changing nothing on disk. The forms are exported in the default language
# (Vietnamese, what an officer prints); messages are matched with --lang en.
# With LibreOffice installed, the checklist is printed to PDF and checked.
set -u
BIN=$1
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
. "$(dirname "$0")/../lib/assert.sh"
export HOME=$TMP/home XDG_CONFIG_HOME=$TMP/config XDG_DATA_HOME=$TMP/data LC_ALL=C.UTF-8
mkdir -p "$HOME"
unset LANGUAGE LANG
SRC=${CKS_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}
FORMS=$SRC/data/forms
DB=$TMP/demo.sqlite
DAY=2025-06-15
S=54030A11B2C4D6E8000000000000 # the demo's serials: $S + 4 hex digits
CT=phuong-cam-thanh
BC=xa-binh-chuong
c() { run "$BIN" --db "$DB" "$@"; }
# ex DIR [export options]: export into DIR, judged and dated on $DAY, in the
# default language; exen: the same with English messages
ex() {
    local d=$1
    shift
    c --date "$DAY" export --out "$d" "$@"
}
exen() {
    local d=$1
    shift
    c --lang en --date "$DAY" export --out "$d" "$@"
}
# snap DIR: every entry under DIR with size, mtime, mode and inode ("" when DIR is missing)
snap() { [ -d "$1" ] && (cd "$1" && find . -printf '%p %s %T@ %m %i\n' | LC_ALL=C sort); }
# plan_to DB FILE MERGER DAY: the plan of one merger as CSV, byte for byte (what
# plan.csv must be); certs_to DB FILE: the certificates (status, token serial…)
plan_to() { "$BIN" --db "$1" --date "$4" plan --format csv --merger "$3" > "$2"; }
certs_to() { "$BIN" --db "$1" certs list --format csv > "$2"; }

# ---- the workbook reader (stdlib only): cells resolved through sharedStrings
cat > "$TMP/xl.py" <<'EOF'
"""Read exported workbooks back (cells resolved through sharedStrings) and run
the checks queued in a file, one a line: `xl.py QUEUE` (see main)."""
import configparser, csv, os, re, sys, zipfile
import xml.etree.ElementTree as ET

M = '{http://schemas.openxmlformats.org/spreadsheetml/2006/main}'
R = '{http://schemas.openxmlformats.org/officeDocument/2006/relationships}'
FORMS = os.environ['FORMS']


def col_num(letters):
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n


def split_ref(ref):
    m = re.match(r'([A-Z]+)(\d+)$', ref)
    return col_num(m.group(1)), int(m.group(2))


def layout(key):
    cp = configparser.ConfigParser(interpolation=None, strict=False,
                                   comment_prefixes=('#', ';'), inline_comment_prefixes=(';',))
    cp.optionxform = str
    cp.read(os.path.join(FORMS, key + '.ini'), encoding='utf-8')
    return cp


def header_of(key, field):
    cp = layout(key)
    for sec in cp.sections():
        if sec.startswith('column') and cp[sec].get('field') == field:
            return cp[sec]['header']
    fail('no column %s in %s.ini' % (field, key))


class Book:
    def __init__(self, path):
        z = zipfile.ZipFile(path)
        self.path = path
        self.names = z.namelist()
        self.ss = []
        if 'xl/sharedStrings.xml' in self.names:
            for si in ET.fromstring(z.read('xl/sharedStrings.xml')).findall(M + 'si'):
                self.ss.append(''.join(t.text or '' for t in si.iter(M + 't')))
        self.wb = ET.fromstring(z.read('xl/workbook.xml'))
        # the first sheet, through the workbook's relationships (xl/worksheets/sheet1.xml)
        rid = self.wb.find(M + 'sheets').find(M + 'sheet').get(R + 'id')
        rels = ET.fromstring(z.read('xl/_rels/workbook.xml.rels'))
        target = [r.get('Target') for r in rels if r.get('Id') == rid][0]
        self.sheet = ET.fromstring(z.read('xl/' + target.lstrip('/').replace('xl/', '', 1)))
        self.styles = ET.fromstring(z.read('xl/styles.xml'))
        self.rows = {}   # row number -> {'ht', 'custom', 'cells': {col: (text, style)}}
        for row in self.sheet.find(M + 'sheetData').findall(M + 'row'):
            cells = {}
            for cel in row.findall(M + 'c'):
                col, _ = split_ref(cel.get('r'))
                v, t, text = cel.find(M + 'v'), cel.get('t'), None
                if v is not None:
                    text = self.ss[int(v.text)] if t == 's' else v.text
                elif cel.find(M + 'is') is not None:
                    text = ''.join(x.text or '' for x in cel.iter(M + 't'))
                cells[col] = (text, cel.get('s'))
            self.rows[int(row.get('r'))] = {'ht': row.get('ht'), 'custom': row.get('customHeight'),
                                           'cells': cells}
        self.merges = {}  # (col, row) of a merge's first cell -> last col
        mc = self.sheet.find(M + 'mergeCells')
        for m in (mc.findall(M + 'mergeCell') if mc is not None else []):
            a, b = m.get('ref').split(':')
            (c1, r1), (c2, _) = split_ref(a), split_ref(b)
            self.merges[(c1, r1)] = c2
        self.widths = {}
        cols = self.sheet.find(M + 'cols')
        for cdef in (cols.findall(M + 'col') if cols is not None else []):
            for k in range(int(cdef.get('min')), int(cdef.get('max')) + 1):
                self.widths[k] = float(cdef.get('width'))

    def text(self, r, c):
        cel = self.rows.get(r, {'cells': {}})['cells'].get(c)
        return cel[0] if cel and cel[0] is not None else ''

    def texts(self):
        return [t for r in sorted(self.rows) for t, _ in self.rows[r]['cells'].values() if t]

    def print_titles(self):
        dn = self.wb.find(M + 'definedNames')
        for d in (dn.findall(M + 'definedName') if dn is not None else []):
            if d.get('name') == '_xlnm.Print_Titles' and d.get('localSheetId') == '0':
                m = re.search(r'\$(\d+):\$(\d+)$', d.text or '')
                if m:
                    return int(m.group(1)), int(m.group(2))
        return None

    def header_row(self):
        pt = self.print_titles()
        if not pt:
            fail('%s: no _xlnm.Print_Titles' % self.path)
        return pt[0]

    def columns(self):
        """header text -> worksheet column, from the repeated header row"""
        h = self.header_row()
        return {t: c for c, (t, _) in self.rows[h]['cells'].items() if t}

    def body(self):
        """the rows of the table: those right under the header row, up to the first gap"""
        r = self.header_row() + 1
        out = []
        while r in self.rows:
            out.append(r)
            r += 1
        return out

    def col(self, header):
        cols = self.columns()
        if header not in cols:
            fail('%s: no column "%s" (have %s)' % (self.path, header, list(cols)))
        return cols[header]

    def font_of(self, style):
        xfs = self.styles.find(M + 'cellXfs').findall(M + 'xf')
        fonts = self.styles.find(M + 'fonts').findall(M + 'font')
        f = fonts[int(xfs[int(style or 0)].get('fontId', 0))]
        name = f.find(M + 'name')
        sz = f.find(M + 'sz')
        return (name.get('val') if name is not None else None,
                float(sz.get('val')) if sz is not None else 11.0)

    def wraps(self, style):
        xf = self.styles.find(M + 'cellXfs').findall(M + 'xf')[int(style or 0)]
        al = xf.find(M + 'alignment')
        return al is not None and al.get('wrapText') == '1'


def read_csv(path):
    with open(path, newline='', encoding='utf-8') as f:
        return list(csv.DictReader(f))


def certs_by_serial(path):
    return {r['serial']: r for r in read_csv(path)}


def expected(form, plan, certs):
    """the serials a form must list, from the plan (and the certificates' status)"""
    if form in ('04', '05'):
        return {r['serial'] for r in plan if r['form'] == form and r['serial']}
    # Mẫu 08: tokens collected, i.e. revoked now or needing no request, but not lost ones
    return {r['serial'] for r in plan
            if r['serial'] and r['action'] in ('revoke', 'none')
            and certs[r['serial']]['status'] != 'lost'}


FORM_KEY = {'04': 'mau04', '05': 'mau05', '08': 'mau08'}


class Fail(Exception):
    pass


def fail(msg):
    raise Fail(msg)


def cmd_onform(book, plan_csv, certs_csv, form):
    """exact set equality of serials both ways; one table row per certificate; STT 1..n"""
    b = Book(book)
    want = expected(form, read_csv(plan_csv), certs_by_serial(certs_csv))
    sc = b.col(header_of(FORM_KEY[form], 'serial'))
    ic = b.col(header_of(FORM_KEY[form], 'index'))
    body = b.body()
    got = [b.text(r, sc) for r in body]
    if set(got) != want:
        fail('%s: Mẫu %s lists %s; missing %s; extra %s' % (
            book, form, len(got), sorted(want - set(got)), sorted(set(got) - want)))
    if len(got) != len(want) or len(body) != len(want):
        fail('%s: %d table rows for %d certificates' % (book, len(body), len(want)))
    idx = [b.text(r, ic) for r in body]
    if idx != [str(i + 1) for i in range(len(body))]:
        fail('%s: STT column is %s' % (book, idx))


def row_of(book, form, serial, field):
    b = Book(book)
    sc = b.col(header_of(FORM_KEY[form], 'serial'))
    fc = b.col(header_of(FORM_KEY[form], field))
    return [b.text(r, fc) for r in b.body() if b.text(r, sc) == serial]


def cmd_on(book, form, serial):
    """SERIAL is on the form, once"""
    if len(row_of(book, form, serial, 'serial')) != 1:
        fail('%s: %s is not on Mẫu %s' % (book, serial, form))


def cmd_off(book, form, serial):
    if row_of(book, form, serial, 'serial'):
        fail('%s: %s is on Mẫu %s' % (book, serial, form))


def cmd_cellhas(book, form, serial, field, *subs):
    """the FIELD column of SERIAL's row contains each of SUBS"""
    hits = row_of(book, form, serial, field)
    if len(hits) != 1 or not all(x in hits[0] for x in subs):
        fail('%s: %s of %s is %s, wanted %s' % (book, field, serial, hits, subs))


def cmd_reasonis(book, serial, key):
    """the Mẫu 05 reason of SERIAL is the [reasons] KEY of mau05.ini, word for word"""
    want = layout('mau05')['reasons'][key]
    hits = row_of(book, '05', serial, 'reason')
    if hits != [want]:
        fail('%s: reason of %s is %s, wanted "%s"' % (book, serial, hits, want))


def cmd_reasons(book, plan_csv, certs_csv):
    """every Mẫu 05 row carries the legal words of [reasons] for its case"""
    b = Book(book)
    words = layout('mau05')['reasons']
    certs = certs_by_serial(certs_csv)
    sc = b.col(header_of('mau05', 'serial'))
    rc = b.col(header_of('mau05', 'reason'))
    plan = {r['serial']: r for r in read_csv(plan_csv) if r['serial']}
    bad = []
    for r in b.body():
        p = plan[b.text(r, sc)]
        if p['overridden'] == 'yes':
            key = 'request'
        elif p['rule'] == 'X2':
            key = 'lost'
        elif p['rule'] == 'P3':
            key = 'duplicate'
        elif p['rule'] == 'P2':
            key = certs[p['serial']]['after']
        else:
            key = 'merged' if p['kind'] == 'org' else 'request'
        if b.text(r, rc) != words[key]:
            bad.append('%s: "%s", wanted [reasons] %s "%s"' % (p['serial'], b.text(r, rc), key,
                                                               words[key]))
    if bad:
        fail('\n'.join(bad))


def cmd_statuses(book, plan_csv, certs_csv):
    """Mẫu 08: the status column says revoked now / expired, in the words of [status]"""
    b = Book(book)
    words = layout('mau08')['status']
    certs = certs_by_serial(certs_csv)
    plan = {r['serial']: r for r in read_csv(plan_csv) if r['serial']}
    sc = b.col(header_of('mau08', 'serial'))
    tc = b.col(header_of('mau08', 'status'))
    for r in b.body():
        s = b.text(r, sc)
        key = ('revoke' if plan[s]['action'] == 'revoke'
               else 'revoked' if certs[s]['status'] == 'revoked' else 'expired')
        if b.text(r, tc) != words[key]:
            fail('%s: status "%s", wanted "%s"' % (s, b.text(r, tc), words[key]))


def cmd_hastext(book, text):
    """some cell holds exactly TEXT"""
    if text not in Book(book).texts():
        fail('%s: no cell "%s"' % (book, text))


def cmd_contains(book, text):
    """some cell contains TEXT"""
    if not any(text in t for t in Book(book).texts()):
        fail('%s: no cell contains "%s"' % (book, text))


def cmd_lacks(book, text):
    if any(text in t for t in Book(book).texts()):
        fail('%s: a cell contains "%s"' % (book, text))


def cmd_placeholders(book):
    left = [t for t in Book(book).texts() if re.search(r'\{[A-Za-z_]*\}', t)]
    if left:
        fail('%s: unexpanded placeholders in %s' % (book, left))


def cmd_print(book, orientation, left, right, top, bottom):
    """A4, orientation, fit to width, margins (mm), header row repeated, page numbers"""
    b = Book(book)
    errs = []
    ps = b.sheet.find(M + 'pageSetup')
    if ps is None:
        fail('%s: no pageSetup' % book)
    if ps.get('paperSize') != '9':
        errs.append('paperSize %s' % ps.get('paperSize'))
    if (ps.get('orientation') or 'portrait') != orientation:
        errs.append('orientation %s' % ps.get('orientation'))
    # ECMA-376: fitToWidth defaults to 1; fitToHeight 0 = as many pages as needed
    if ps.get('fitToWidth', '1') != '1' or ps.get('fitToHeight') != '0':
        errs.append('fitToWidth %s fitToHeight %s' % (ps.get('fitToWidth'), ps.get('fitToHeight')))
    pr = b.sheet.find(M + 'sheetPr')
    fp = pr.find(M + 'pageSetUpPr') if pr is not None else None
    if fp is None or fp.get('fitToPage') != '1':
        errs.append('no sheetPr/pageSetUpPr fitToPage="1"')
    pm = b.sheet.find(M + 'pageMargins')
    for side, mm in (('left', left), ('right', right), ('top', top), ('bottom', bottom)):
        got = float(pm.get(side)) if pm is not None and pm.get(side) else -1
        if abs(got - float(mm) / 25.4) > 0.001:
            errs.append('margin %s %.4f in, wanted %s mm = %.4f in' % (side, got, mm,
                                                                     float(mm) / 25.4))
    pt = b.print_titles()
    if not pt:
        errs.append('no _xlnm.Print_Titles')
    elif pt[0] != pt[1] or b.text(pt[0], 1) != header_of_first(book):
        errs.append('Print_Titles rows %s, first cell "%s"' % (pt, b.text(pt[0], 1)))
    hf = b.sheet.find(M + 'headerFooter')
    foot = hf.find(M + 'oddFooter').text if hf is not None and hf.find(M + 'oddFooter') is not None else ''
    if '&P' not in foot or '&N' not in foot:
        errs.append('footer "%s" has no &P and &N' % foot)
    if '"' in foot and 'Times New Roman' not in foot:
        errs.append('footer font: %s' % foot)
    if errs:
        fail('%s: %s' % (book, '; '.join(errs)))


def header_of_first(book):
    key = ('checklist' if 'danh-muc-viec' in book else 'mau04' if 'mau04' in book
           else 'mau05' if 'mau05' in book else 'mau08')
    cp = layout(key)
    return cp['column1']['header']


def cmd_fonts(book):
    """every font of the workbook (the Normal style's too), so every cell and every
    column's default, is Times New Roman"""
    b = Book(book)
    bad = set()
    for f in b.styles.find(M + 'fonts').findall(M + 'font'):
        name = f.find(M + 'name')
        if name is None or name.get('val') != 'Times New Roman':
            bad.add('styles.xml font %s' % (name.get('val') if name is not None else None))
    for r in b.rows.values():
        for c, (t, s) in r['cells'].items():
            if b.font_of(s)[0] != 'Times New Roman':
                bad.add('a cell in column %d: %s' % (c, b.font_of(s)[0]))
    cols = b.sheet.find(M + 'cols')
    for cdef in (cols.findall(M + 'col') if cols is not None else []):
        if b.font_of(cdef.get('style'))[0] != 'Times New Roman':
            bad.add('column %s: %s' % (cdef.get('min'), b.font_of(cdef.get('style'))[0]))
    if bad:
        fail('%s: fonts %s' % (book, sorted(bad)))


def cmd_heights(book):
    """a row with a cell of more than one line of wrapped text is tall enough for them.
    Lines are counted from the line breaks and, as a lower bound, from the text's
    width at 0.40 em a character (Times New Roman averages more)."""
    b = Book(book)
    bad = []
    for rn, r in sorted(b.rows.items()):
        need = 0.0
        for c, (t, s) in r['cells'].items():
            if not t or not b.wraps(s):
                continue
            name, pt = b.font_of(s)
            last = b.merges.get((c, rn), c)
            avail_px = sum(b.widths.get(k, 8.43) * 7 + 5 for k in range(c, last + 1))
            lines = 0
            for para in t.split('\n'):
                px = len(para) * 0.40 * pt * 96 / 72
                lines += max(1, -(-int(px) // int(avail_px)))
            if lines > 1:
                need = max(need, lines * 1.1 * pt)
        if need:
            ht = float(r['ht'] or 0)
            if r['custom'] != '1' or ht < need:
                bad.append('row %d: ht %s custom %s, wanted >= %.1f' % (rn, r['ht'], r['custom'],
                                                                       need))
    if bad:
        fail('%s: %s' % (book, '; '.join(bad)))


# ---- the checklist
def checklist(book):
    """(steps, decisions, contacts): lists of dicts task/owner/deadline/done"""
    b = Book(book)
    cp = layout('checklist')
    cols = {f: b.col(header_of('checklist', f)) for f in ('index', 'task', 'owner', 'deadline',
                                                         'done')}
    dec_title, con_title = cp['decisions']['title'], cp['contacts']['title']
    part, out = 0, ([], [], [])
    for r in b.body():
        first = b.text(r, 1)
        if first == dec_title:
            part = 1
            continue
        if first == con_title:
            part = 2
            continue
        out[part].append({f: b.text(r, c) for f, c in cols.items()})
    return out


def cmd_cl_portal(book, url):
    steps = checklist(book)[0]
    if not any(url in s['task'] and 'Mẫu số 05' in s['task'] for s in steps):
        fail('%s: no step files Mẫu 05 on %s: %s' % (book, url, [s['task'] for s in steps]))


def cmd_cl_post(book, plan_csv, certs_csv):
    """the VNPost step lists the tokens of the revoked, not lost, certificates"""
    certs = certs_by_serial(certs_csv)
    want = {certs[r['serial']]['token_serial'] or r['serial'] for r in read_csv(plan_csv)
            if r['action'] == 'revoke' and r['serial'] and certs[r['serial']]['status'] != 'lost'}
    steps = [s for s in checklist(book)[0] if 'VNPost' in s['task']]
    if len(steps) != 1:
        fail('%s: %d VNPost steps' % (book, len(steps)))
    m = re.search(r'Số serial thiết bị: (.*)$', steps[0]['task'])
    got = [t.strip() for t in m.group(1).rstrip('.').split(',')] if m else []
    if set(got) != want or len(got) != len(want):
        fail('%s: VNPost tokens %s, wanted %s' % (book, got, sorted(want)))
    if ('%d thiết bị' % len(want)) not in steps[0]['task']:
        fail('%s: the VNPost step does not count %d tokens: %s' % (book, len(want),
                                                                   steps[0]['task']))


def cmd_cl_mau04(book, deadline):
    steps = [s for s in checklist(book)[0] if 'Mẫu số 04' in s['task']]
    if len(steps) != 1 or steps[0]['deadline'] != deadline:
        fail('%s: Mẫu 04 step %s, wanted deadline %s' % (book, steps, deadline))


def cmd_cl_nostep(book, words):
    steps = [s['task'] for s in checklist(book)[0] if words in s['task']]
    if steps:
        fail('%s: a step about "%s": %s' % (book, words, steps))


def cmd_cl_decisions(book, plan_csv, deadline):
    """one line per decision, naming its certificate; changes carry the Mẫu 04 deadline"""
    plan = read_csv(plan_csv)
    dec = checklist(book)[1]
    if len(dec) != len(plan):
        fail('%s: %d decision lines for %d plan rows' % (book, len(dec), len(plan)))
    got = sorted(s for d in dec for s in re.findall(r'\(([0-9A-F]{16,})\)', d['task']))
    want = sorted(r['serial'] for r in plan if r['serial'])
    if got != want:
        fail('%s: decision lines name %s, wanted %s' % (book, got, want))
    for d in dec:
        m = re.search(r'\(([0-9A-F]{16,})\)', d['task'])
        row = [r for r in plan if m and r['serial'] == m.group(1)]
        if row and row[0]['action'] == 'change' and d['deadline'] != deadline:
            fail('%s: change of %s has deadline "%s", wanted %s' % (book, row[0]['serial'],
                                                                    d['deadline'], deadline))


def cmd_cl_contacts(book, *pairs):
    """the support contacts: exactly these (name, phone) pairs, in order"""
    con = checklist(book)[2]
    want = list(zip(pairs[0::2], pairs[1::2]))
    if len(con) != len(want):
        fail('%s: %d contacts, wanted %d: %s' % (book, len(con), len(want), con))
    for c, (name, phone) in zip(con, want):
        if name not in c['task'] or phone not in c['task']:
            fail('%s: contact "%s", wanted %s %s' % (book, c['task'], name, phone))


def cmd_cl_ticks(book):
    steps, dec, _ = checklist(book)
    lines = steps + dec
    if not steps or any(l['done'] != '\u25a1' for l in lines):
        fail('%s: tick boxes %s' % (book, [l['done'] for l in lines]))
    if [l['index'] for l in lines] != [str(i + 1) for i in range(len(lines))]:
        fail('%s: STT %s' % (book, [l['index'] for l in lines]))


def cmd_cl_stephas(book, words, *subs):
    """the one step whose text contains WORDS contains each of SUBS"""
    steps = [s['task'] for s in checklist(book)[0] if words in s['task']]
    if len(steps) != 1 or not all(x in steps[0] for x in subs):
        fail('%s: steps with "%s": %s, wanted %s' % (book, words, steps, subs))


_books = {}


def Book(path, _Book=Book):
    """the workbooks, each read once per batch"""
    if path not in _books:
        _books[path] = _Book(path)
    return _books[path]


def main(queue):
    """run every queued check (one a line: DESC, CHECK, ARGS… separated by tabs);
    print "ok" or "DESC: what is wrong", one line each"""
    with open(queue, encoding='utf-8') as f:
        lines = [l.rstrip('\n').split('\t') for l in f if l.strip()]
    for desc, name, *args in lines:
        try:
            globals()['cmd_' + name](*args)
            print('ok')
        except Fail as e:
            print('%s: %s' % (desc, str(e).replace('\n', ' | ')))
        except Exception as e:  # a broken workbook is a failure of that check
            print('%s: %s: %s' % (desc, type(e).__name__, str(e).replace('\n', ' | ')))
        sys.stdout.flush()


if __name__ == '__main__':
    main(sys.argv[1])
EOF
export FORMS
# chk DESC CHECK ARGS…: queue a workbook check; flush runs the queue in one
# python3 (its start-up is slow on old PCs) and counts each check.
Q=$TMP/queue
: > "$Q"
chk() {
    local IFS=$'\t'
    printf '%s\n' "$*" >> "$Q"
}
flush() {
    local n line got=0
    n=$(grep -c . "$Q")
    [ "$n" -gt 0 ] || return 0
    python3 "$TMP/xl.py" "$Q" > "$TMP/results" 2> "$TMP/results.err"
    while IFS= read -r line; do
        got=$((got + 1))
        [ "$line" = ok ] && ok || bad "$line"
    done < "$TMP/results"
    [ "$got" = "$n" ] || bad "the workbook checker stopped after $got of $n checks: $(cat "$TMP/results.err")"
    : > "$Q"
}

# ---- the demo
c demo
expect_rc 0 "demo created"
OUT=$TMP/out
ex "$OUT"
expect_rc 0 "export of the demo"
# the default language is Vietnamese: so is what the officer reads after exporting
expect_no_out "Exported" "export summary in Vietnamese by default"
certs_to "$DB" "$TMP/certs.csv"
plan_to "$DB" "$TMP/plan-$CT.csv" 21025 "$DAY"
plan_to "$DB" "$TMP/plan-$BC.csv" 21100 "$DAY"

# ---- 1. folders and files
for m in $CT $BC; do
    for f in ${m}_mau04-thay-doi.xlsx ${m}_mau05-thu-hoi.xlsx ${m}_mau08-ban-giao.xlsx \
        ${m}_danh-muc-viec.xlsx plan.csv; do
        [ -f "$OUT/$m/$f" ] && ok || bad "missing $m/$f"
        [ "$(stat -c %a "$OUT/$m/$f" 2>/dev/null)" = 600 ] && ok || bad "$m/$f is not 0600"
    done
    [ "$(stat -c %a "$OUT/$m" 2>/dev/null)" = 700 ] && ok || bad "folder $m is not 0700"
    [ "$(find "$OUT/$m" -mindepth 1 | wc -l)" = 5 ] && ok || bad "$m holds other files: $(ls -A "$OUT/$m")"
done
[ "$(find "$OUT" -mindepth 1 -maxdepth 1 | wc -l)" = 2 ] && ok || bad "two folders: $(ls -A "$OUT")"
[ "$(stat -c %a "$OUT")" = 700 ] && ok || bad "the --out folder is created 0700"
[ -z "$(find "$OUT" -name '.*')" ] && ok || bad "temporary files left: $(find "$OUT" -name '.*')"
[ -z "$(find "$OUT" | LC_ALL=C grep '[^a-zA-Z0-9_./-]')" ] && ok ||
    bad "file names not plain ASCII: $(find "$OUT" | LC_ALL=C grep '[^a-zA-Z0-9_./-]')"

# ---- 2. which certificate is on which form (read back from the XML)
for m in $CT $BC; do
    for f in 04:mau04-thay-doi 05:mau05-thu-hoi 08:mau08-ban-giao; do
        chk "$m: Mẫu ${f%%:*} lists exactly the certificates of the plan" \
            onform "$OUT/$m/${m}_${f#*:}.xlsx" "$TMP/plan-$m.csv" "$TMP/certs.csv" "${f%%:*}"
    done
    chk "$m: Mẫu 08 status words" statuses "$OUT/$m/${m}_mau08-ban-giao.xlsx" "$TMP/plan-$m.csv" "$TMP/certs.csv"
done
M04=$OUT/$CT/${CT}_mau04-thay-doi.xlsx
M05=$OUT/$CT/${CT}_mau05-thu-hoi.xlsx
M08=$OUT/$CT/${CT}_mau08-ban-giao.xlsx
CHK=$OUT/$CT/${CT}_danh-muc-viec.xlsx
chk "Nguyễn Nghiêm's UBND (A13) is changed: Mẫu 04" on "$M04" 04 ${S}0A13
chk "A13 is kept: not on Mẫu 05" off "$M05" 05 ${S}0A13
chk "Nghĩa Chánh's UBND (A11) revoked: Mẫu 05" on "$M05" 05 ${S}0A11
chk "A11 is revoked: not on Mẫu 04" off "$M04" 04 ${S}0A11
chk "A11's token handed over: Mẫu 08" on "$M08" 08 ${S}0A11
for s in 0B02 0C10; do
    chk "lost token $s revoked: Mẫu 05" on "$M05" 05 ${S}$s
    chk "lost token $s cannot be handed over: not on Mẫu 08" off "$M08" 08 ${S}$s
    chk "lost token $s: the Mẫu 05 words for a lost token" reasonis "$M05" ${S}$s lost
    chk "lost token $s: Mẫu 05 reason says the token is lost" cellhas "$M05" 05 ${S}$s reason "bị mất"
    chk "lost token $s: the note asks for Mẫu 09" cellhas "$M05" 05 ${S}$s note "Mẫu số 09"
done
chk "expired B05 handed over: Mẫu 08" on "$M08" 08 ${S}0B05
chk "expired B05 needs no revocation" off "$M05" 05 ${S}0B05
chk "expired B05 is not changed" off "$M04" 04 ${S}0B05
chk "B05 handed over as expired" cellhas "$M08" 08 ${S}0B05 status "Hết hạn"
chk "Bình Chương's UBND (names huyện Bình Sơn): Mẫu 04" on "$OUT/$BC/${BC}_mau04-thay-doi.xlsx" 04 ${S}2101
chk "a kept certificate (2102) is on no Mẫu 04" off "$OUT/$BC/${BC}_mau04-thay-doi.xlsx" 04 ${S}2102
chk "Mẫu 04 gives the new name" cellhas "$M04" 04 ${S}0A13 new_info "UBND phường Cẩm Thành"

# ---- 3. the legal words of Mẫu 05 (data/forms/mau05.ini [reasons])
for m in $CT $BC; do
    chk "$m: every Mẫu 05 reason in the words of Điều 17" \
        reasons "$OUT/$m/${m}_mau05-thu-hoi.xlsx" "$TMP/plan-$m.csv" "$TMP/certs.csv"
done
chk "merged organisation: sáp nhập" cellhas "$M05" 05 ${S}0A11 reason "sáp nhập"
chk "C03 leaves: nghỉ hưu, thôi việc" cellhas "$M05" 05 ${S}0C03 reason "nghỉ hưu" "thôi việc"
chk "C11 no longer needed" cellhas "$M05" 05 ${S}0C11 reason "không còn phù hợp"
chk "C08 duplicate" cellhas "$M05" 05 ${S}0C08 reason "trùng vai trò"

# ---- 4. print setup
for m in $CT $BC; do
    for f in mau04-thay-doi mau05-thu-hoi mau08-ban-giao danh-muc-viec; do
        b=$OUT/$m/${m}_$f.xlsx
        o=landscape
        [ $f = danh-muc-viec ] && o=portrait
        chk "$m $f: A4 $o, fit to width, margins, header row repeated, page numbers" print "$b" $o 30 15 20 20
        chk "$m $f: Times New Roman in every cell" fonts "$b"
        chk "$m $f: rows tall enough for wrapped text" heights "$b"
    done
done

# ---- 5. texts (Nghị định 30)
for m in $CT $BC; do
    agency="PHƯỜNG CẨM THÀNH"
    [ $m = $BC ] && agency="XÃ BÌNH CHƯƠNG"
    for f in mau04-thay-doi mau05-thu-hoi mau08-ban-giao danh-muc-viec; do
        b=$OUT/$m/${m}_$f.xlsx
        chk "$m $f: motto" hastext "$b" "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
        chk "$m $f: motto line 2" hastext "$b" "Độc lập - Tự do - Hạnh phúc"
        chk "$m $f: agency" hastext "$b" "$agency"
        chk "$m $f: date line" hastext "$b" "Quảng Ngãi, ngày 15 tháng 06 năm 2025"
        chk "$m $f: no {placeholder} left" placeholders "$b"
    done
    chk "$m: Mẫu 04 goes to the Sở" hastext "$OUT/$m/${m}_mau04-thay-doi.xlsx" \
        "Kính gửi: Sở Khoa học và Công nghệ tỉnh Quảng Ngãi"
    chk "$m: Mẫu 05 goes to the Cục" hastext "$OUT/$m/${m}_mau05-thu-hoi.xlsx" \
        "Kính gửi: Cục Chứng thực số và Bảo mật thông tin – Ban Cơ yếu Chính phủ"
done
# the subtitle of Mẫu 04 (mau04.ini [form] subtitle) names the unit's covering letter, whole
chk "Mẫu 04 subtitle printed whole (data/forms/mau04.ini:55: the unquoted ';' starts a comment)" \
    hastext "$M04" "(Do sắp xếp đơn vị hành chính cấp xã; kèm theo văn bản đề nghị của UBND phường Cẩm Thành)"
chk "Mẫu 05 intro counts its 9 certificates" contains "$M05" "UBND phường Cẩm Thành đề nghị thu hồi 9 chứng thư"
D2=$TMP/out-0701
c --date 2025-07-01 export --out "$D2"
expect_rc 0 "export dated 2025-07-01"
for f in mau05-thu-hoi danh-muc-viec; do
    chk "$f: date line of --date 2025-07-01" hastext "$D2/$CT/${CT}_$f.xlsx" "Quảng Ngãi, ngày 01 tháng 07 năm 2025"
    chk "$f: no other date" lacks "$D2/$CT/${CT}_$f.xlsx" "ngày 15 tháng 06"
done

# ---- 6. the checklist
for m in $CT $BC; do
    b=$OUT/$m/${m}_danh-muc-viec.xlsx
    chk "$m: portal step" cl_portal "$b" https://dichvucong.ca.gov.vn
    chk "$m: VNPost step lists the revoked tokens" cl_post "$b" "$TMP/plan-$m.csv" "$TMP/certs.csv"
    chk "$m: Mẫu 04 step due 23/06/2025" cl_mau04 "$b" 23/06/2025
    chk "$m: one line per decision" cl_decisions "$b" "$TMP/plan-$m.csv" 23/06/2025
    chk "$m: the two support contacts of the settings" \
        cl_contacts "$b" "Bà Đặng Bảo Hy" 0905181088 "Ông Vy Tú Đình" 0947240391
    chk "$m: a tick box on every line, numbered" cl_ticks "$b"
done
chk "Bình Chương lost no token: no Mẫu 09 step" cl_nostep "$OUT/$BC/${BC}_danh-muc-viec.xlsx" "Mẫu số 09"
chk "the Mẫu 09 step says the lost certificates are still revoked (data/forms/checklist.ini:73: the unquoted ';' starts a comment)" \
    cl_stephas "$CHK" "Mẫu số 09" "2 chứng thư" "vẫn được đề nghị thu hồi"
chk "the collect step counts the 9 tokens, due in 5 working days" cl_stephas "$CHK" "Mẫu số 08" "Thu hồi 9 thiết bị" "5 ngày làm việc"
cat > "$TMP/settings.ini" <<'EOF'
[dost]
mau04_deadline = 2025-06-30
[print]
margin_left_mm = 35
margin_top_mm = 25
[contact1]
name = Ông Nguyễn Văn Thử
title = Trung tâm CĐS
phone = 0912 345 678
EOF
D3=$TMP/out-cfg
c --date "$DAY" --config "$TMP/settings.ini" export --out "$D3"
expect_rc 0 "export with a settings file"
chk "Mẫu 04 step due 30/06/2025 from the settings" cl_mau04 "$D3/$CT/${CT}_danh-muc-viec.xlsx" 30/06/2025
chk "each change due 30/06/2025 from the settings" \
    cl_decisions "$D3/$CT/${CT}_danh-muc-viec.xlsx" "$TMP/plan-$CT.csv" 30/06/2025
chk "Mẫu 04 notes the deadline of the settings" contains "$D3/$CT/${CT}_mau04-thay-doi.xlsx" "trước ngày 30/06/2025"
chk "the contacts of the settings file replace the defaults" \
    cl_contacts "$D3/$CT/${CT}_danh-muc-viec.xlsx" "Ông Nguyễn Văn Thử" "0912 345 678"
chk "margins of the settings file" print "$D3/$CT/${CT}_mau05-thu-hoi.xlsx" landscape 35 15 25 20

# ---- 7. plan.csv is the plan, byte for byte
for m in $CT $BC; do
    cmp -s "$OUT/$m/plan.csv" "$TMP/plan-$m.csv" && ok || bad "$m/plan.csv differs from plan --format csv --merger"
done

# ---- 8. --merger
D4=$TMP/out-one
ex "$D4" --merger 21025
expect_rc 0 "export --merger 21025"
[ "$(ls -A "$D4")" = $CT ] && ok || bad "--merger 21025 writes only $CT/: $(ls -A "$D4")"
[ "$(ls -A "$D4/$CT" | wc -l)" = 5 ] && ok || bad "--merger 21025: its five files"
exen "$TMP/out-none" --merger 99999
expect_rc 1 "--merger of no declared merger"
[ ! -e "$TMP/out-none" ] && ok || bad "an unknown merger creates nothing"
flush

# ---- 9. refusals
before=$(snap "$OUT")
exen "$OUT"
expect_rc 1 "a second export into the same folder"
expect_err "${CT}_mau04-thay-doi.xlsx" "the refusal names a file in the way"
expect_err "--force" "the refusal tells the way out (--force)"
[ "$(snap "$OUT")" = "$before" ] && ok || bad "the refused export changed the folder"
c --date 2025-06-16 export --out "$OUT" --force
expect_rc 0 "--force"
chk "--force replaced Mẫu 05" hastext "$M05" "Quảng Ngãi, ngày 16 tháng 06 năm 2025"
chk "--force replaced the checklist" hastext "$CHK" "Quảng Ngãi, ngày 16 tháng 06 năm 2025"
plan_to "$DB" "$TMP/p16.csv" 21025 2025-06-16
cmp -s "$OUT/$CT/plan.csv" "$TMP/p16.csv" && ok || bad "--force replaced plan.csv"
[ -z "$(find "$OUT" -name '.*')" ] && ok || bad "no temporary files after --force"
[ "$(stat -c %a "$M05")" = 600 ] && ok || bad "replaced files stay 0600"

# a row that asks: nothing is exported until the unit decides
ADB=$TMP/ask.sqlite
cp "$DB" "$ADB"
a() { run "$BIN" --db "$ADB" "$@"; }
a certs add --unit 21019 --kind org --body other --holder "Hội Cựu chiến binh phường Nghĩa Chánh" \
    --serial ${S}0D01 --token-serial TK-21019-0009 --valid-from 2023-01-01 --valid-to 2028-01-01
expect_rc 0 "a certificate of another body"
a --lang en --date "$DAY" export --out "$TMP/out-ask"
expect_rc 1 "export with a row that asks"
expect_err "${S}0D01" "the refusal names the serial of the asking row"
[ ! -e "$TMP/out-ask" ] && ok || bad "the refused export created $(ls -A "$TMP/out-ask")"
AOUT=$TMP/out-ask2
a --date "$DAY" export --merger 21100 --out "$AOUT"
expect_rc 0 "the other merger asks nothing: exported"
before=$(snap "$AOUT")
a --lang en --date "$DAY" export --force --out "$AOUT"
expect_rc 1 "a row that asks, even with --force"
[ "$(snap "$AOUT")" = "$before" ] && ok || bad "the refused export changed the folder"
a --lang en --date "$DAY" decide ${S}0D01 --action revoke --reason "Hội đã giải thể theo Nghị quyết 12/NQ-HĐND"
expect_rc 0 "the unit decides"
a --date "$DAY" export --force --out "$AOUT"
expect_rc 0 "export once decided"
plan_to "$ADB" "$TMP/ask-plan.csv" 21025 "$DAY"
certs_to "$ADB" "$TMP/ask-certs.csv"
AM05=$AOUT/$CT/${CT}_mau05-thu-hoi.xlsx
chk "Mẫu 05 after the decision" onform "$AM05" "$TMP/ask-plan.csv" "$TMP/ask-certs.csv" 05
chk "the officer's reason in the note column" cellhas "$AM05" 05 ${S}0D01 note "Hội đã giải thể theo Nghị quyết 12/NQ-HĐND"
chk "the unit's own revocation: [reasons] request" reasonis "$AM05" ${S}0D01 request
chk "its token handed over on Mẫu 08" \
    onform "$AOUT/$CT/${CT}_mau08-ban-giao.xlsx" "$TMP/ask-plan.csv" "$TMP/ask-certs.csv" 08
chk "the checklist has its line" cl_decisions "$AOUT/$CT/${CT}_danh-muc-viec.xlsx" "$TMP/ask-plan.csv" 23/06/2025
flush

# ---- 10. a form with no row left is removed by --force (no stale form)
BM04=$AOUT/$BC/${BC}_mau04-thay-doi.xlsx
[ -f "$BM04" ] && ok || bad "Bình Chương's Mẫu 04 before"
a --lang en --date "$DAY" decide ${S}2101 --action keep --reason "Sở xác nhận giữ nguyên"
expect_rc 0 "keep Bình Chương's UBND as it is"
a --lang en --date "$DAY" decide ${S}2122 --action keep --reason "Giữ nguyên đến khi có quyết định"
expect_rc 0 "keep Nguyễn Thị Lan's as it is"
a --lang en --date "$DAY" export --force --out "$AOUT"
expect_rc 0 "export again"
expect_out "1 form(s)" "the summary says a stale form was removed"
[ ! -e "$BM04" ] && ok || bad "the stale Mẫu 04 of Bình Chương is removed"
[ -f "$AOUT/$BC/${BC}_mau05-thu-hoi.xlsx" ] && ok || bad "Mẫu 05 of Bình Chương still there"
[ -f "$AOUT/$CT/${CT}_mau04-thay-doi.xlsx" ] && ok || bad "Cẩm Thành's Mẫu 04 untouched"
chk "no Mẫu 04 step when nothing changes" cl_nostep "$AOUT/$BC/${BC}_danh-muc-viec.xlsx" "Mẫu số 04"

# ---- 11. layouts: a broken one is refused whole with its line; an edited one is used
LDIR=$XDG_CONFIG_HOME/cks-sapnhap/forms
mkdir -p "$LDIR"
L=$LDIR/mau05.ini
lo() { # lo WHAT PATTERN: the copy is broken; expect mau05.ini:LINE of PATTERN's line
    local line
    line=$(grep -n -- "$2" "$L" | head -n 1 | cut -d: -f1)
    [ -n "$line" ] || { bad "$1: test setup"; return; }
    exen "$TMP/out-layout"
    expect_rc 1 "$1"
    expect_err "mau05.ini:$line:" "$1: the line"
    [ ! -e "$TMP/out-layout" ] && ok || bad "$1: something was written"
}
sed 's/^field = org$/field = organisation/' "$FORMS/mau05.ini" > "$L"
lo "an unknown field" '^field = organisation'
sed 's/{agency} đề nghị thu hồi/{agnecy} đề nghị thu hồi/' "$FORMS/mau05.ini" > "$L"
lo "a placeholder typo" '{agnecy}'
expect_err "{agnecy}" "the typo named"
awk '/^\[column4\]/{c=1} c && /^width/{print "width = 0"; c=0; next} {print}' "$FORMS/mau05.ini" > "$L"
lo "a width 0" '^width = 0'
sed '/^lost = /d' "$FORMS/mau05.ini" > "$L"
lo "a missing [reasons] key" '^\[reasons\]'
expect_err "lost" "the missing key named"
before=$(snap "$OUT")
exen "$OUT" --force
expect_rc 1 "a broken layout, even with --force"
[ "$(snap "$OUT")" = "$before" ] && ok || bad "the broken layout changed the earlier export"
sed 's/^title = DANH SÁCH ĐỀ NGHỊ THU HỒI .*/title = DANH SÁCH THU HỒI CHỮ KÝ SỐ (MẪU TỈNH SỬA 2025)/' \
    "$FORMS/mau05.ini" > "$L"
ex "$TMP/out-layout"
expect_rc 0 "an edited layout"
chk "the edited title is printed" hastext "$TMP/out-layout/$CT/${CT}_mau05-thu-hoi.xlsx" \
    "DANH SÁCH THU HỒI CHỮ KÝ SỐ (MẪU TỈNH SỬA 2025)"
rm -f "$L"
flush

# ---- 12. LibreOffice prints the checklist on A4
SOFFICE=$(command -v soffice || command -v libreoffice || true)
if [ -z "$SOFFICE" ]; then
    echo "SKIP: LibreOffice not installed"
else
    PDF=$TMP/pdf
    mkdir -p "$PDF"
    ex "$TMP/out-pdf" --merger 21025
    timeout 180 "$SOFFICE" -env:UserInstallation=file://$TMP/lo --headless --convert-to pdf \
        --outdir "$PDF" "$TMP/out-pdf/$CT/${CT}_danh-muc-viec.xlsx" > /dev/null 2>&1
    P=$PDF/${CT}_danh-muc-viec.pdf
    [ -s "$P" ] && ok || bad "LibreOffice converted the checklist"
    if [ -s "$P" ] && command -v pdftotext > /dev/null; then
        txt=$(pdftotext "$P" - 2>/dev/null)
        case "$txt" in *"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"*) ok ;; *) bad "PDF: motto" ;; esac
        case "$txt" in *"Quảng Ngãi, ngày 15 tháng 06 năm 2025"*) ok ;; *) bad "PDF: date line" ;; esac
        case "$txt" in *"Trang 1/"*) ok ;; *) bad "PDF: page numbers" ;; esac
    fi
    if [ -s "$P" ] && command -v pdfinfo > /dev/null; then
        pdfinfo "$P" 2>/dev/null | grep -Eq '^Page size: +595(\.[0-9]+)? x 841\.89 pts' && ok ||
            bad "PDF: A4 portrait: $(pdfinfo "$P" 2>/dev/null | grep 'Page size')"
    fi
fi

finish
