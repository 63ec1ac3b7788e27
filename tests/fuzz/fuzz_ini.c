/* fuzz_ini.c — libFuzzer target for the INI files: the settings
 * (cks_config_load) and the four form layouts (cks_layout_load), both on
 * the line-aware reader of cks/ini.h and iniparser.
 *
 * The input is written to an anonymous memory file and read by path. Any
 * broken invariant aborts, so libFuzzer keeps the input:
 *
 *  - a refused file names itself, a line from 0 to the number of lines,
 *    and a message; the settings are left exactly as they were;
 *  - an accepted layout has 1..CKS_LAYOUT_COLUMNS_MAX columns with widths
 *    3..80, a file name of a-z, 0-9 and '-', a title, and every text valid
 *    UTF-8 without control characters but line breaks;
 *  - an accepted settings file gives margins in the ranges of Nghị định 30.
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

#include "cks/config.h"
#include "cks/layout.h"
#include "cks/text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define ASSERT(cond)                                                           \
    do {                                                                       \
        if (!(cond)) {                                                         \
            fprintf(stderr, "fuzz_ini: invariant broken: %s (%s:%d)\n", #cond, \
                    __FILE__, __LINE__);                                       \
            abort();                                                           \
        }                                                                      \
    } while (0)

static bool text_ok(const char *s)
{
    ASSERT(s != NULL);
    if (!cks_text_valid(s, strlen(s), NULL))
        return false;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if ((*p < 0x20 && *p != '\n') || *p == 0x7f)
            return false;
    return true;
}

static void check_refusal(const cks_error *e, const char *path, long lines)
{
    ASSERT(strcmp(e->file, path) == 0);
    ASSERT(e->line >= 0 && e->line <= lines + 1);
    ASSERT(e->msg[0] != '\0');
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char path[64];
    long lines = 1;
    int fd = memfd_create("fuzz-ini", 0);
    if (fd < 0)
        return 0;
    if (size && write(fd, data, size) != (ssize_t)size) {
        close(fd);
        return 0;
    }
    for (size_t i = 0; i < size; i++)
        lines += data[i] == '\n' || data[i] == '\r';
    snprintf(path, sizeof path, "/proc/self/fd/%d", fd);

    for (int f = 0; f < CKS_FORM_COUNT_; f++) {
        cks_layout *l = NULL;
        cks_diags d = CKS_DIAGS_INIT;
        cks_error e;
        if (cks_layout_load(path, (cks_form)f, &l, &d, &e) != CKS_E_OK) {
            ASSERT(l == NULL);
            if (e.code != CKS_E_NOMEM)
                check_refusal(&e, path, lines);
            for (size_t i = 0; i < d.count; i++)
                check_refusal(&d.items[i], path, lines);
        } else {
            ASSERT(l != NULL && d.count == 0);
            ASSERT(l->n_columns >= 1 && l->n_columns <= CKS_LAYOUT_COLUMNS_MAX);
            for (size_t c = 0; c < l->n_columns; c++) {
                ASSERT(l->columns[c].width >= 3 && l->columns[c].width <= 80);
                ASSERT(text_ok(l->columns[c].header));
            }
            ASSERT(l->file[0] && strspn(l->file, "abcdefghijklmnopqrstuvwxyz0123456789-") ==
                                     strlen(l->file));
            ASSERT(l->title[0] && text_ok(l->title) && text_ok(l->subtitle) &&
                   text_ok(l->recipient) && text_ok(l->agency) && text_ok(l->number));
            for (size_t i = 0; i < l->n_intro; i++)
                ASSERT(text_ok(l->intro[i]));
            for (size_t i = 0; i < l->n_notes; i++)
                ASSERT(text_ok(l->notes[i]));
            for (size_t i = 0; i < l->n_signatures; i++)
                ASSERT(text_ok(l->signatures[i].title) && l->signatures[i].title[0]);
        }
        cks_layout_free(l);
        cks_diags_free(&d);
    }

    cks_config c, before;
    cks_diags d = CKS_DIAGS_INIT;
    cks_error e;
    cks_config_defaults(&c);
    before = c;
    if (cks_config_load(&c, path, &d, &e) != CKS_E_OK) {
        ASSERT(memcmp(&c, &before, sizeof c) == 0);
        if (e.code != CKS_E_NOMEM)
            check_refusal(&e, path, lines);
    } else {
        ASSERT(c.margin_left_mm >= 30 && c.margin_left_mm <= 35);
        ASSERT(c.margin_top_mm >= 20 && c.margin_top_mm <= 25);
        ASSERT(text_ok(c.province) && text_ok(c.dost_name));
    }
    cks_diags_free(&d);
    close(fd);
    return 0;
}
