#!/usr/bin/env bash
# The whole test suite under valgrind memcheck (the unit tests, and the
# program itself in every command-line and wizard test): any memory error
# or definite leak fails the test. Slow (about ten minutes); not part of
# scripts/test.sh, which runs the suite under ASan and UBSan instead.
set -eu
cd "$(dirname "$0")/.."
scripts/install-deps.sh --test
command -v valgrind >/dev/null || {
    echo "valgrind.sh: valgrind is needed (apt-get install valgrind)" >&2
    exit 1
}
cmake -S . -B build-valgrind -DCMAKE_BUILD_TYPE=Debug -DCKS_VALGRIND=ON >/dev/null
cmake --build build-valgrind -j"$(nproc)"
cd build-valgrind
ctest --output-on-failure --timeout 1200 "$@"
