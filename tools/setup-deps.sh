#!/bin/sh
# Install the Debian packages Keel's build, tests and QEMU runs need.
# Idempotent: asks apt only for what is missing, so a second run is a no-op.
set -eu

PACKAGES="
gcc-arm-none-eabi
picolibc-arm-none-eabi
binutils-arm-none-eabi
cmake
ninja-build
qemu-system-arm
ipxe-qemu
qemu-user
u-boot-qemu
u-boot-tools
device-tree-compiler
python3
python3-libfdt
gcc-arm-linux-gnueabi
libc6-dev-armel-cross
gcc
libc6-dev
mtools
gdb-multiarch
dosfstools
gcovr
clang-format-14
clang-tidy-14
cppcheck
"

missing=""
for p in $PACKAGES; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
        missing="$missing $p"
    fi
done

if [ -z "$missing" ]; then
    exit 0
fi

echo "setup-deps: installing:$missing"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    SUDO="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
# shellcheck disable=SC2086
$SUDO apt-get install -y -q --no-install-recommends $missing
