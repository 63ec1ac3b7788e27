#!/usr/bin/env bash
# Install what is missing, build, and run the whole test suite:
#  1. gcc, everything under AddressSanitizer + UndefinedBehaviorSanitizer;
#  2. clang, the same, plus a short run of each libFuzzer target —
#     both compilers must build with no warning.
# Ends with ctest's summary; exits non-zero when anything fails.
set -eu
cd "$(dirname "$0")/.."
scripts/install-deps.sh --test
jobs=$(nproc)
status=0
for cc in gcc clang; do
    dir=build-test-$cc
    fuzz=OFF
    [ "$cc" = clang ] && fuzz=ON   # the libFuzzer targets, with a short run each
    echo "=== $cc: build with ASan+UBSan"
    CC=$cc cmake -S . -B "$dir" -DCMAKE_BUILD_TYPE=Debug -DCKS_SANITIZE=ON -DCKS_FUZZ=$fuzz >/dev/null
    cmake --build "$dir" -j"$jobs"
    echo "=== $cc: tests"
    (cd "$dir" && ctest --output-on-failure -j"$jobs") || status=1
done
exit $status
