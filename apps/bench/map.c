/*
 * bench: mapping frames. map_1 times one seL4_ARM_Page_Map of a 4 KiB frame
 * where its page table is already in place; map_128 times mapping 128
 * frames one after another into one page table (the figure is the whole
 * run of 128). Each sample's frames are unmapped again outside the timed
 * interval. Counter clocks only: the RTC's windows cannot leave the unmap
 * out, so the bench-rtc build prints no map figures.
 */
#include "bench.h"

#define MAP_FRAMES 128
/* A 1 MiB section of its own, above the seats, the RTC and the fault pages. */
#define BENCH_MAP_VADDR (BENCH_VADDR + 0x100000u)

static seL4_CPtr map_frames[MAP_FRAMES];

static void map_frame(unsigned i)
{
    bench_check(seL4_ARM_Page_Map(map_frames[i], seL4_CapInitThreadVSpace,
                                  BENCH_MAP_VADDR + i * (1u << seL4_PageBits), seL4_ReadWrite,
                                  seL4_ARM_Default_VMAttributes),
                "Page_Map");
}

static void bench_map_run(const char *name, unsigned frames)
{
    uint32_t seed = 1;
    for (unsigned run = 0; run < BENCH_RUNS; run++) {
        bench_dither(&seed);
        stamps[0][run] = bench_now();
        for (unsigned i = 0; i < frames; i++) {
            map_frame(i);
        }
        stamps[1][run] = bench_now();
        for (unsigned i = 0; i < frames; i++) {
            env_unmap(map_frames[i]);
        }
    }
    report_samples(name, 0, 1);
}

void bench_map(void)
{
    if (!clock_has_counter()) {
        return;
    }
    for (unsigned i = 0; i < MAP_FRAMES; i++) {
        map_frames[i] = env_new(seL4_ARM_SmallPageObject, 0);
    }
    env_page_table(seL4_CapInitThreadVSpace, BENCH_MAP_VADDR);
    bench_map_run("map_1", 1);
    bench_map_run("map_128", MAP_FRAMES);
}
