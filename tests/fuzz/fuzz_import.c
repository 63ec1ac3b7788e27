/* fuzz_import.c — libFuzzer target for the two importers that read files
 * officers bring: the certificate CSV (cks_cert_import) and the official
 * unit table (cks_refdata_import), on a real session.
 *
 * One session is made once (two mergers of the demo declared); each input
 * is written to an anonymous memory file and imported by path, both ways.
 * Any broken invariant aborts, so libFuzzer keeps the input:
 *
 *  - a refused file names itself (or a line of it) and changes nothing:
 *    the session holds exactly the certificates it held before;
 *  - an accepted file's certificates are all listed afterwards, each with
 *    valid UTF-8 text, a serial of hex digits and a unit of the mergers;
 *  - the session passes its integrity check after every input.
 *
 * Build: see tests/fuzz/CMakeLists.txt (cmake -DCKS_FUZZ=ON with clang).
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* memfd_create */
#endif
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "cks/cert.h"
#include "cks/merger.h"
#include "cks/refdata.h"
#include "cks/store.h"
#include "cks/text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define ASSERT(cond)                                                              \
    do {                                                                          \
        if (!(cond)) {                                                            \
            fprintf(stderr, "fuzz_import: invariant broken: %s (%s:%d)\n", #cond, \
                    __FILE__, __LINE__);                                          \
            abort();                                                              \
        }                                                                         \
    } while (0)

static cks_store *session;

static void declare(const char *new_unit, const char *const *members, size_t n)
{
    cks_merger_spec spec;
    cks_error e;
    memset(&spec, 0, sizeof spec);
    spec.new_unit = new_unit;
    spec.members = members;
    spec.n_members = n;
    ASSERT(cks_merger_add(session, &spec, NULL, &e) == CKS_E_OK);
}

static void open_session(void)
{
    char path[256];
    cks_error e;
    const char *tmp = getenv("TMPDIR");
    snprintf(path, sizeof path, "%s/fuzz-import-%ld.sqlite", tmp && *tmp ? tmp : "/tmp",
             (long)getpid());
    unlink(path);
    ASSERT(cks_store_open(path, CKS_STORE_CREATE, &session, &e) == CKS_E_OK);
    unlink(path); /* gone when the fuzzer ends; the open file stays usable */
    static const char *const cam_thanh[] = {"21025:Phường Nguyễn Nghiêm",
                                            "21019:Phường Nghĩa Chánh"};
    static const char *const binh_chuong[] = {"21100:Xã Bình Chương", "21106:Xã Bình Mỹ"};
    declare("21025:Phường Cẩm Thành", cam_thanh, 2);
    declare("21100:Xã Bình Chương", binh_chuong, 2);
}

static size_t count_certs(void)
{
    cks_cert_list l;
    cks_error e;
    ASSERT(cks_cert_list_all(session, 0, &l, &e) == CKS_E_OK);
    for (size_t i = 0; i < l.count; i++) {
        const cks_cert *c = &l.items[i];
        ASSERT(cks_text_valid(c->holder, strlen(c->holder), NULL));
        ASSERT(c->serial[0] && strspn(c->serial, "0123456789ABCDEF") == strlen(c->serial));
        ASSERT(c->unit != NULL);
    }
    size_t n = l.count;
    cks_cert_list_free(&l);
    return n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char path[64];
    cks_error e;
    if (!session)
        open_session();
    int fd = memfd_create("fuzz-import", 0);
    if (fd < 0)
        return 0;
    if (size && write(fd, data, size) != (ssize_t)size) {
        close(fd);
        return 0;
    }
    snprintf(path, sizeof path, "/proc/self/fd/%d", fd);

    size_t before = count_certs();
    cks_diags d = CKS_DIAGS_INIT;
    cks_cert_import_stats st;
    if (cks_cert_import(session, path, CKS_CERT_REPLACE, &st, &d, &e) != CKS_E_OK) {
        if (e.code != CKS_E_NOMEM)
            ASSERT(strncmp(e.file, path, strlen(path)) == 0 || e.file[0] == '\0');
        ASSERT(count_certs() == before);
    } else {
        ASSERT(count_certs() >= before);
        ASSERT(count_certs() <= before + st.rows);
    }
    cks_diags_free(&d);

    cks_diags d2 = CKS_DIAGS_INIT;
    cks_refdata_stats rs;
    cks_refdata_import(session, path, 0, NULL, NULL, &rs, &d2, &e);
    cks_diags_free(&d2);
    ASSERT(cks_store_check(session, &e) == CKS_E_OK);
    close(fd);
    return 0;
}
