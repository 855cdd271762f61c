#!/bin/bash
# Runs the system-call fuzzer (apps/fuzz) in parallel QEMUs for as long as
# asked: one run per seed (then further seeds derived from the last one),
# each with a timeout, a hang counting as a failure. Keeps the seed and the
# last 200 lines of each failing run, prints a summary. docs/reliability.md
# ("Fuzzing") describes the fuzzer and what a failure means.
set -u

usage() {
    cat <<'EOF'
Usage: tools/fuzz.sh --seconds N --seeds S1,S2,... [options]
  --seconds N        keep starting runs for N seconds (runs started finish)
  --seeds LIST       comma-separated seeds (decimal or 0x...); when they are
                     used up, more are derived: last seed + 1, + 2, ...
  --jobs J           QEMUs at a time (default 2)
  --checked          the checked kernel (-DKEEL_CHECKED=TRUE); default debug
  --smp              the SMP kernel (-DSMP=TRUE) on 4 cores (QEMU -smp 4)
  --invocations I    invocations per run (default 100000)
  --timeout T        seconds per QEMU (default: 60 + I / 200)
  --verbose          each run prints every invocation before it is made
  --build-dir DIR    build directory (default /tmp/keel-fuzz-build[-checked][-smp])
  --results DIR      where failing runs are kept (default /tmp/keel-fuzz-results)
  --no-build         use the build directory as it is
Replay one failing run exactly: tools/fuzz.sh --seconds 0 --seeds SEED
--invocations I [--checked] [--smp] --verbose --jobs 1 (same I as the failing
run; an --smp run need not replay exactly: the cores interleave by timing).
EOF
}

seconds="" seeds="" jobs=2 checked=0 smp=0 invocations=100000 timeout="" verbose=0
build="" results=/tmp/keel-fuzz-results nobuild=0
while [ $# -gt 0 ]; do
    case "$1" in
    --seconds) seconds="$2"; shift 2 ;;
    --seeds) seeds="$2"; shift 2 ;;
    --jobs) jobs="$2"; shift 2 ;;
    --checked) checked=1; shift ;;
    --smp) smp=1; shift ;;
    --invocations) invocations="$2"; shift 2 ;;
    --timeout) timeout="$2"; shift 2 ;;
    --verbose) verbose=1; shift ;;
    --build-dir) build="$2"; shift 2 ;;
    --results) results="$2"; shift 2 ;;
    --no-build) nobuild=1; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "fuzz.sh: unknown argument $1" >&2; usage >&2; exit 2 ;;
    esac
done
if [ -z "$seconds" ] || [ -z "$seeds" ]; then
    usage >&2
    exit 2
fi
src=$(cd "$(dirname "$0")/.." && pwd)
[ -n "$build" ] || build=/tmp/keel-fuzz-build$([ $checked = 1 ] && echo -checked)$([ $smp = 1 ] && echo -smp)
[ -n "$timeout" ] || timeout=$((60 + invocations / 200))
mkdir -p "$results"

if [ $nobuild = 0 ]; then
    mkdir -p "$build"
    if [ ! -f "$build/build.ninja" ]; then
        opts="-DPLATFORM=qemu-arm-virt"
        [ $checked = 1 ] && opts="$opts -DKEEL_CHECKED=TRUE"
        [ $smp = 1 ] && opts="$opts -DSMP=TRUE"
        (cd "$build" && "$src/init-build.sh" $opts >/dev/null) || { echo "fuzz.sh: configure failed"; exit 2; }
    fi
    ninja -C "$build" fuzz-image >"$build/fuzz-build.log" 2>&1 ||
        { tail -20 "$build/fuzz-build.log"; echo "fuzz.sh: build failed"; exit 2; }
fi
image="$build/images/fuzz-image-arm-qemu-arm-virt"
[ -f "$image" ] || { echo "fuzz.sh: no $image"; exit 2; }
commit=$(git -C "$src" rev-parse --short HEAD 2>/dev/null || echo unknown)
work=$(mktemp -d /tmp/keel-fuzz-run.XXXXXX)
trap 'rm -rf "$work"' EXIT
# An SMP build's 4 cores (-DSMP=TRUE: KernelMaxNumNodes 4), emulated in turn
# on one host thread, as the build's simulate script does (docs/smp.md).
cores=()
[ $smp = 1 ] && cores=(-smp 4 -accel tcg,thread=single)

# One run: patch the image, boot it with a timeout, judge the output.
# Writes $work/<seed>.result: "<status> <invocations> <seconds>".
run_one() {
    local seed=$1 img="$work/$1.img" log="$work/$1.log" start end rc n status
    local extra=""
    [ $verbose = 1 ] && extra="--verbose"
    "$src/tools/fuzz_image.py" "$image" -o "$img" --seed "$seed" --invocations "$invocations" \
        --progress-every 20000 $extra || { echo "patch-failed 0 0" >"$work/$seed.result"; return; }
    start=$(date +%s)
    timeout --foreground -k 5 "$timeout" qemu-system-arm -machine virt -cpu cortex-a15 "${cores[@]}" \
        -m 1G -nographic -monitor none -serial stdio -kernel "$img" </dev/null >"$log" 2>&1
    rc=$?
    end=$(date +%s)
    sed -i 's/\r$//' "$log" # the serial console ends lines with CR LF
    n=$(grep -o '^fuzz: [0-9]* invocations, [0-9]* epochs' "$log" | tail -1 | awk '{print $2}')
    if [ $rc = 124 ] || [ $rc = 137 ]; then
        status=hang
    elif grep -q '^fuzz: done: [0-9]* invocations, [0-9]* oracle checks, 0 failures$' "$log" &&
         grep -q '^Root task exited with status 0$' "$log"; then
        status=pass
    else
        status=fail
    fi
    echo "$status ${n:-0} $((end - start))" >"$work/$seed.result"
    if [ $status != pass ]; then
        {
            echo "# seed $seed, $invocations invocations, $status (QEMU status $rc), commit $commit"
            echo "# replay: tools/fuzz.sh --seconds 0 --seeds $seed --invocations $invocations" \
                 "$([ $checked = 1 ] && echo --checked) $([ $smp = 1 ] && echo --smp) --verbose --jobs 1"
            tail -n 200 "$log"
        } >"$results/seed-$seed.log"
    fi
    rm -f "$img" "$log"
}

IFS=, read -r -a queue <<<"$seeds"
next_derived=$(( ${queue[${#queue[@]}-1]} + 1 ))
deadline=$(( $(date +%s) + seconds ))
started=() running=0 i=0
echo "fuzz.sh: $image ($([ $checked = 1 ] && echo checked || echo debug)$([ $smp = 1 ] && echo ' SMP') build, commit $commit)," \
     "$invocations invocations per run, $jobs at a time, timeout ${timeout} s"
while :; do
    if [ $i -ge ${#queue[@]} ]; then
        # every listed seed has run once: more only while time is left
        [ "$(date +%s)" -lt $deadline ] || break
        queue+=("$next_derived")
        next_derived=$((next_derived + 1))
    fi
    seed=$(( ${queue[$i]} ))
    i=$((i + 1))
    while [ $running -ge "$jobs" ]; do
        wait -n
        running=$((running - 1))
    done
    run_one "$seed" &
    running=$((running + 1))
    started+=("$seed")
done
wait

runs=0 total=0 failures=0
for seed in "${started[@]}"; do
    read -r status n secs <"$work/$seed.result"
    runs=$((runs + 1))
    total=$((total + n))
    printf 'fuzz.sh: seed %s: %s, %s invocations, %s s\n' "$seed" "$status" "$n" "$secs"
    if [ "$status" != pass ]; then
        failures=$((failures + 1))
        echo "fuzz.sh:   kept in $results/seed-$seed.log"
    fi
done
echo "fuzz.sh: summary: $runs runs, $total invocations, $failures failures"
[ $failures = 0 ]
