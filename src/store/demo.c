/* demo.c — the demo session. */
#include "cks/demo.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cks/cert.h"
#include "cks/csv.h"
#include "cks/i18n.h"
#include "cks/merger.h"
#include "cks/text.h"

enum { DEMO_MAX_MEMBERS = 32 };

static int yes(const char *s)
{
    char *f = cks_text_fold(s, NULL);
    int y = f && (strcmp(f, "yes") == 0 || strcmp(f, "co") == 0 || strcmp(f, "1") == 0 ||
                  strcmp(f, "x") == 0);
    free(f);
    return y;
}

/* Declare the merger gathered so far. */
static cks_err flush(cks_store *s, const char *new_unit, const char *province,
                     char **members, size_t n, char **partial, size_t np, const char *seat,
                     cks_error *err)
{
    cks_merger_spec spec;
    memset(&spec, 0, sizeof spec);
    spec.new_unit = new_unit;
    spec.province = province;
    spec.members = (const char *const *)members;
    spec.n_members = n;
    spec.partial = (const char *const *)partial;
    spec.n_partial = np;
    spec.seat = seat;
    return cks_merger_add(s, &spec, NULL, err);
}

cks_err cks_demo_load_mergers(cks_store *s, const char *csv_path, cks_error *err)
{
    cks_csv *csv = NULL;
    cks_csv_record rec;
    cks_err e = cks_csv_open_file(csv_path, 0, &csv, err);
    if (e)
        return e;
    char *cur = NULL, *prov = NULL, *seat = NULL;
    char *members[DEMO_MAX_MEMBERS], *partial[DEMO_MAX_MEMBERS];
    size_t n = 0, np = 0;
    e = cks_csv_next(csv, &rec, err); /* header */
    if (!e && (rec.count < 5 || strcmp(rec.fields[0], "new_unit") != 0))
        e = cks_error_set(err, CKS_E_INVALID, csv_path, rec.line, NULL,
                          _("expected the columns new_unit, member, seat, partial, province"));
    while (!e && (e = cks_csv_next(csv, &rec, err)) == CKS_E_OK) {
        if (rec.count < 5) {
            e = cks_error_set(err, CKS_E_INVALID, csv_path, rec.line, NULL,
                              _("expected the columns new_unit, member, seat, partial, province"));
            break;
        }
        if (!cur || strcmp(cur, rec.fields[0]) != 0) {
            if (cur)
                e = flush(s, cur, prov, members, n, partial, np, seat, err);
            free(cur);
            free(prov);
            free(seat);
            for (size_t i = 0; i < n; i++)
                free(members[i]);
            n = np = 0;
            seat = NULL;
            cur = strdup(rec.fields[0]);
            prov = strdup(rec.fields[4]);
            if (e)
                break;
        }
        if (n == DEMO_MAX_MEMBERS || !cur || !prov) {
            e = cks_error_set(err, CKS_E_INVALID, csv_path, rec.line, NULL, NULL);
            break;
        }
        members[n] = strdup(rec.fields[1]);
        if (!members[n]) {
            e = cks_error_set(err, CKS_E_NOMEM, NULL, 0, NULL, NULL);
            break;
        }
        if (yes(rec.fields[2]) && !seat)
            seat = strdup(rec.fields[1]);
        if (yes(rec.fields[3]))
            partial[np++] = members[n];
        n++;
    }
    if (e == CKS_E_NOTFOUND)
        e = cur ? flush(s, cur, prov, members, n, partial, np, seat, err) : CKS_E_OK;
    free(cur);
    free(prov);
    free(seat);
    for (size_t i = 0; i < n; i++)
        free(members[i]);
    cks_csv_free(csv);
    return e;
}

cks_err cks_demo_create(const char *path, const char *datadir, cks_store **out,
                        cks_error *err)
{
    *out = NULL;
    cks_store *s = NULL;
    char value[8];
    cks_err e;
    if (access(path, F_OK) == 0) {
        e = cks_store_open(path, 0, &s, err);
        if (e)
            return e;
        e = cks_store_state_get(s, "demo", value, sizeof value, NULL);
        cks_store_close(s);
        s = NULL;
        if (e)
            return cks_error_set(err, CKS_E_EXISTS, path, 0, NULL,
                                 _("this file holds real work, not the demo; the demo will "
                                   "not replace it (give another --db)"));
        char side[4096];
        static const char *const suffixes[] = {"", "-wal", "-shm", "-journal"};
        for (size_t i = 0; i < sizeof suffixes / sizeof suffixes[0]; i++) {
            snprintf(side, sizeof side, "%s%s", path, suffixes[i]);
            if (unlink(side) != 0 && errno != ENOENT)
                return cks_error_set(err, CKS_E_IO, side, 0, NULL,
                                     _("cannot remove the old demo session: %s"),
                                     strerror(errno));
        }
    }
    e = cks_store_open(path, CKS_STORE_CREATE, &s, err);
    if (e)
        return e;
    char csv[4096];
    snprintf(csv, sizeof csv, "%s/demo/mergers.csv", datadir);
    e = cks_store_begin(s, err);
    if (!e)
        e = cks_store_state_set(s, "demo", "1", err);
    if (!e)
        e = cks_demo_load_mergers(s, csv, err);
    if (!e) {
        snprintf(csv, sizeof csv, "%s/demo/certs.csv", datadir);
        e = cks_cert_import(s, csv, 0, NULL, NULL, err);
    }
    if (e) {
        cks_store_rollback(s);
        cks_store_close(s);
        return e;
    }
    e = cks_store_commit(s, err);
    if (e) {
        cks_store_close(s);
        return e;
    }
    *out = s;
    return CKS_E_OK;
}
