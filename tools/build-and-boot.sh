#!/bin/sh
# The README's first command: install what is missing, build the main image
# for qemu-arm-virt in build/, and boot it in QEMU (stopped after
# KEEL_TIMEOUT seconds, 120 by default, should it hang).
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
"$top/tools/setup-deps.sh"
mkdir -p "$top/build"
cd "$top/build"
if [ ! -f build.ninja ]; then
    ../init-build.sh -DPLATFORM=qemu-arm-virt
fi
ninja
KEEL_TIMEOUT="${KEEL_TIMEOUT:-120}" ./simulate
