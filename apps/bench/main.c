/*
 * bench: Keel's benchmark root task (see bench.h and docs/performance.md).
 * It finds a clock, calibrates it, runs every benchmark once and prints
 * one `bench: NAME iterations=N instructions_per_op=X ...` line per figure.
 */
#include <stdio.h>
#include "bench.h"

int main(void)
{
    env_init(seL4_GetBootInfo());
    clock_init();
    report_calibrate();
    bench_ipc(0, BENCH_SPACE_ROOT);
    bench_ipc(10, BENCH_SPACE_ROOT);
    bench_ipc(0, BENCH_SPACE_OTHER);
    bench_ipc(10, BENCH_SPACE_OTHER);
    if (seL4_GetBootInfo()->numNodes > 1) {
        bench_ipc_cross_core(0);
        bench_ipc_cross_core(10);
    }
    bench_send();
    bench_signal();
    bench_yield();
    bench_fault_unknown_syscall();
    bench_fault_vm();
    bench_map();
    printf("bench: done\n");
    return 0;
}
