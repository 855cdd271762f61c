#!/bin/sh
# Build the benchmark image (apps/bench) for qemu-arm-virt and run it in QEMU
# with one instruction per nanosecond of virtual time (-icount shift=0) and
# the RTC on virtual time (-rtc clock=vm), then print its `bench:` lines.
# docs/performance.md explains the figures and records a run.
#
#   tools/run-bench.sh [--build-dir DIR] [--timeout SECONDS] [--rtc] [--all]
#
# --build-dir  the build directory (default: build/ at the top; configured
#              with init-build.sh if it is not yet)
# --timeout    stop QEMU after this long (default 900 s)
# --rtc        run bench-rtc, which counts round trips in one-second windows
#              of the RTC instead of reading a counter (about three minutes)
# --all        print everything the machine prints, not just `bench:` lines
# Exit status: 0 when the bench printed `bench: done`, 124 on timeout, else 1.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
build="$top/build"
timeout_s=900
filter='^bench: '
app=bench
while [ $# -gt 0 ]; do
    case "$1" in
        --build-dir) build=$2; shift 2 ;;
        --timeout) timeout_s=$2; shift 2 ;;
        --rtc) app=bench-rtc; shift ;;
        --all) filter=''; shift ;;
        -h|--help) sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "run-bench: unknown option $1 (try --help)" >&2; exit 2 ;;
    esac
done

"$top/tools/setup-deps.sh"
if [ ! -f "$build/build.ninja" ]; then
    mkdir -p "$build"
    (cd "$build" && "$top/init-build.sh" -DPLATFORM=qemu-arm-virt)
fi
ninja -C "$build" "images/$app-image-arm-qemu-arm-virt"
image="$build/images/$app-image-arm-qemu-arm-virt"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
echo "run-bench: $(qemu-system-arm --version | head -n 1)"
set -- qemu-system-arm -machine virt -cpu cortex-a15 -m 1G -nographic \
    -monitor none -serial stdio -icount shift=0 -rtc clock=vm -kernel "$image"
echo "run-bench: $*"
{
    status=0
    timeout "$timeout_s" "$@" </dev/null || status=$?
    echo "$status" >"$tmp/status"
} | tr -d '\r' | tee "$tmp/output" | grep --line-buffered -e "$filter" || true

status=$(cat "$tmp/status")
if [ "$status" = 124 ]; then
    echo "run-bench: QEMU timed out after $timeout_s s" >&2
    exit 124
fi
if ! grep -q '^bench: done$' "$tmp/output"; then
    echo "run-bench: the bench did not finish (QEMU exit status $status); its output:" >&2
    cat "$tmp/output" >&2
    exit 1
fi
