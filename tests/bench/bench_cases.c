/* bench_cases.c — the registry: every case, in the order they run. */
#include "bench.h"

extern const bench_case bench_store_create;
extern const bench_case bench_text_keys;
extern const bench_case bench_units_import;
extern const bench_case bench_plan_country;
extern const bench_case bench_certs_import;
extern const bench_case bench_export_province;
extern const bench_case bench_tui_start;
extern const bench_case bench_tui_scroll;

const bench_case *const bench_cases[] = {
    &bench_store_create,
    &bench_text_keys,
    &bench_units_import,
    &bench_certs_import,
    &bench_plan_country,
    &bench_export_province,
    &bench_tui_start,
    &bench_tui_scroll,
    NULL,
};
