/*
 * bench: what to read time with. A probe thread tries the counters user
 * level may be allowed to read: the PMU cycle counter PMCCNTR (if the
 * kernel set PMUSERENR.EN; a build with KernelArmExportPMUUser or
 * benchmarks reads it without asking) and the generic timer's virtual
 * count CNTVCT (if it set CNTKCTL.PL0VCTEN, ARM ARM B4.1.26). A read the kernel has not
 * allowed is an undefined instruction, which reaches the probe's fault
 * handler (the root thread) as a UserException; the handler steps over it.
 * With no counter, the PL031 RTC found in the DTB bounds counting windows
 * of one second.
 */
#include <stdio.h>
#include <string.h>
#include "bench.h"

struct bench_clock bench_clock;
uint32_t rtc_second;

enum probe_step { PROBE_PMUSERENR, PROBE_PMU_ENABLE, PROBE_CNTVCT, PROBE_CNTFRQ, PROBE_STEPS };

static volatile enum probe_step probe_step;
static volatile bool probe_faulted[PROBE_STEPS];
static volatile uint32_t probe_value[PROBE_STEPS];

/* seL4 sets PMUSERENR.EN in builds with KernelArmExportPMUUser or with any
 * KernelBenchmarks but none, and Keel's kernel then also starts the cycle
 * counter (tools/cmake/config.cmake): there the bench reads PMCCNTR
 * directly and leaves the PMU as the kernel set it. */
#if defined(CONFIG_EXPORT_PMU_USER) || defined(CONFIG_ENABLE_BENCHMARKS)
#define PMU_EXPORTED true
#else
#define PMU_EXPORTED false
#endif

/* PMCR bits (ARM ARM, PMCR): E enables the counters, C resets the cycle
 * counter; D (bit 3) clear counts every cycle rather than every 64th.
 * PMCNTENSET bit 31 enables the cycle counter. */
#define PMCR_E (1u << 0)
#define PMCR_C (1u << 2)
#define PMCNTEN_CYCLES (1u << 31)

/* Each read starts from 0 so that a read the handler stepped over leaves
 * a defined value; probe_faulted says whether it happened. */
static void probe_thread(seL4_Word reply_ep)
{
    uint32_t v = 0, hi = 0;

    probe_step = PROBE_PMUSERENR;
    __asm__ volatile("mrc p15, 0, %0, c9, c14, 0" : "+r"(v));
    probe_value[PROBE_PMUSERENR] = v;
    if (!PMU_EXPORTED && !probe_faulted[PROBE_PMUSERENR] && (v & 1)) {
        probe_step = PROBE_PMU_ENABLE;
        __asm__ volatile("mcr p15, 0, %0, c9, c12, 0" : : "r"(PMCR_E | PMCR_C));
        __asm__ volatile("mcr p15, 0, %0, c9, c12, 1" : : "r"(PMCNTEN_CYCLES));
    }
    probe_step = PROBE_CNTVCT;
    v = 0;
    __asm__ volatile("isb; mrrc p15, 1, %0, %1, c14" : "+r"(v), "+r"(hi));
    probe_step = PROBE_CNTFRQ;
    v = 0;
    __asm__ volatile("mrc p15, 0, %0, c14, c0, 0" : "+r"(v));
    probe_value[PROBE_CNTFRQ] = v;
    seL4_Send(reply_ep, seL4_MessageInfo_new(0, 0, 0, 0));
}

/* Runs the probe; its faults come here, its finishing message ends it. */
static void probe_counters(void)
{
    seL4_CPtr ep = env_new(seL4_EndpointObject, 0);
    bench_thread(0, BENCH_SPACE_ROOT, probe_thread, ep, BENCH_PRIO, ep);
    for (;;) {
        seL4_MessageInfo_t info = seL4_Recv(ep, NULL);
        seL4_Word label = seL4_MessageInfo_get_label(info);
        if (label == seL4_Fault_NullFault) {
            break;
        }
        if (label != seL4_Fault_UserException) {
            bench_fail("the clock probe took an unexpected fault", (int)label);
        }
        probe_faulted[probe_step] = true;
        seL4_SetMR(seL4_UserException_FaultIP, seL4_GetMR(seL4_UserException_FaultIP) + 4);
        seL4_Reply(seL4_MessageInfo_new(0, 0, 0, 1));
    }
    bench_stop();
}

/* ---- Finding the RTC in the DTB (Devicetree Specification v0.4, ch. 5) ---- */

#define FDT_MAGIC 0xd00dfeedu
#define FDT_BEGIN_NODE 1u
#define FDT_END_NODE 2u
#define FDT_PROP 3u
#define FDT_NOP 4u

static uint32_t be32(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static const uint8_t *bootinfo_fdt(void)
{
    const seL4_BootInfo *bi = env.bootinfo;
    const uint8_t *extra = (const uint8_t *)bi + (1u << seL4_PageBits);
    seL4_Word at = 0;
    while (at + sizeof(seL4_BootInfoHeader) <= bi->extraLen) {
        const seL4_BootInfoHeader *h = (const void *)(extra + at);
        if (h->len < sizeof *h) {
            break;
        }
        if (h->id == SEL4_BOOTINFO_HEADER_FDT) {
            return extra + at + sizeof *h;
        }
        at += h->len;
    }
    return NULL;
}

/* Whether a "compatible" string list contains want. */
static bool fdt_compatible(const char *list, uint32_t len, const char *want)
{
    for (uint32_t at = 0; at < len; at += (uint32_t)strlen(list + at) + 1) {
        if (strcmp(list + at, want) == 0) {
            return true;
        }
    }
    return false;
}

/* The first cell of "reg" of a leaf node compatible with want, or 0. Keel's
 * device trees have #address-cells = 1 at the root (kernel/platforms). */
static seL4_Word fdt_find_reg(const uint8_t *fdt, const char *want)
{
    if (fdt == NULL || be32(fdt) != FDT_MAGIC) {
        return 0;
    }
    const uint8_t *p = fdt + be32(fdt + 8);
    const char *strings = (const char *)fdt + be32(fdt + 12);
    const uint8_t *end = p + be32(fdt + 36);
    bool match = false;
    seL4_Word reg = 0;
    while (p + 4 <= end) {
        uint32_t token = be32(p);
        p += 4;
        if (token == FDT_BEGIN_NODE) {
            p += (strlen((const char *)p) + 4) & ~3u;
            match = false;
            reg = 0;
        } else if (token == FDT_PROP) {
            uint32_t len = be32(p);
            const char *name = strings + be32(p + 4);
            const uint8_t *value = p + 8;
            if (strcmp(name, "compatible") == 0) {
                match = fdt_compatible((const char *)value, len, want);
            } else if (strcmp(name, "reg") == 0 && len >= 4) {
                reg = be32(value);
            }
            p += 8 + ((len + 3) & ~3u);
        } else if (token == FDT_END_NODE) {
            if (match && reg != 0) {
                return reg;
            }
            match = false;
        } else if (token != FDT_NOP) {
            break; /* FDT_END */
        }
    }
    return 0;
}

/* ---- The clock ---- */

/* The bench-rtc image times with the RTC whatever else is readable. */
#ifdef BENCH_FORCE_RTC
#define USE_COUNTERS false
#else
#define USE_COUNTERS true
#endif

void clock_init(void)
{
    probe_counters();
    if (USE_COUNTERS &&
        (PMU_EXPORTED || (!probe_faulted[PROBE_PMUSERENR] && (probe_value[PROBE_PMUSERENR] & 1) &&
                          !probe_faulted[PROBE_PMU_ENABLE]))) {
        /* QEMU runs the cycle counter at 1 GHz of virtual time. */
        bench_clock.kind = BENCH_CLOCK_PMCCNTR;
        bench_clock.freq_hz = 1000000000u;
    } else if (USE_COUNTERS && !probe_faulted[PROBE_CNTVCT] && !probe_faulted[PROBE_CNTFRQ] &&
               probe_value[PROBE_CNTFRQ] != 0) {
        bench_clock.kind = BENCH_CLOCK_CNTVCT;
        bench_clock.freq_hz = probe_value[PROBE_CNTFRQ];
    } else {
        seL4_Word rtc = fdt_find_reg(bootinfo_fdt(), "arm,pl031");
        if (rtc == 0) {
            bench_fail("no counter readable at PL0 and no PL031 RTC in the DTB", 0);
        }
        env_map_device(rtc, BENCH_RTC_VADDR);
        bench_clock.kind = BENCH_CLOCK_RTC;
        bench_clock.freq_hz = 1;
    }
    printf("bench: probe pmuserenr=%s cntvct=%s cntfrq=%s\n",
           probe_faulted[PROBE_PMUSERENR]     ? "traps"
           : probe_value[PROBE_PMUSERENR] & 1 ? "en1"
                                              : "en0",
           probe_faulted[PROBE_CNTVCT] ? "traps" : "readable",
           probe_faulted[PROBE_CNTFRQ] ? "traps" : "readable");
}

const char *clock_name(void)
{
    switch (bench_clock.kind) {
    case BENCH_CLOCK_PMCCNTR:
        return "pmccntr";
    case BENCH_CLOCK_CNTVCT:
        return "cntvct";
    default:
        return "rtc";
    }
}

/* Between reads of the RTC it spins RTC_POLL_SPIN iterations: a device
 * read is slow under -icount (QEMU ends the translation block there), and
 * 2000 instructions late is 2 ppm of a window. */
uint32_t rtc_window_start(void)
{
    uint32_t now = rtc_read();
    if (now == rtc_second) {
        return now; /* still the second the last window ended on */
    }
    uint32_t next;
    while ((next = rtc_read()) == now) {
        bench_spin(RTC_POLL_SPIN);
    }
    return next;
}
