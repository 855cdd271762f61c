#!/bin/sh
# Configure a Keel build in the current directory, as seL4 users expect:
#   mkdir build && cd build && ../init-build.sh -DPLATFORM=qemu-arm-virt && ninja
# PLATFORM is qemu-arm-virt (default) or tk1; other -D options go to CMake.
set -eu
src=$(cd "$(dirname "$0")" && pwd)
if [ "$(pwd)" = "$src" ]; then
    echo "init-build.sh: run it from a separate build directory" >&2
    exit 1
fi
exec cmake -G Ninja -DCMAKE_TOOLCHAIN_FILE="$src/tools/cmake/arm-none-eabi.cmake" "$@" "$src"
