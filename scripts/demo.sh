#!/usr/bin/env bash
# Install what is missing, build, and start the wizard on the demo session.
set -eu
cd "$(dirname "$0")/.."
scripts/install-deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j"$(nproc)"
exec build/cks-sapnhap demo "$@"
