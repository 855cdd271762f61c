/*
 * Multicore on ARMv7 (SMP builds only; docs/smp.md): the big kernel lock,
 * per-core state swapped in and out around it, remote stalls and
 * reschedules by IPI (an SGI), and starting the other cores through PSCI.
 *
 * Why one lock (as seL4 does it): the kernel's operations are short and
 * bounded (preemption points split the long ones), so a core rarely waits
 * long, and every invariant the uniprocessor kernel keeps stays true
 * without reasoning about interleavings: the object code is unchanged. The
 * cost is that kernel work does not run in parallel (IPC on two cores
 * serialises in the kernel) and every entry pays an atomic increment and a
 * release store, plus the cache line of the lock moving between cores.
 * The lock is a ticket lock, so cores are served in arrival order and none
 * starves. It is taken once per entry, never nested, and released just
 * before the return to user level.
 */
#include <config.h>

#if CONFIG_MAX_NUM_NODES > 1

#include <arch/cpu.h>
#include <arch/fpu.h>
#include <arch/gic.h>
#include <arch/kernel_vspace.h>
#include <arch/machine_cache.h>
#include <arch/psci.h>
#include <arch/smp.h>
#include <arch/timer.h>
#include <arch/vspace.h>
#include <kernel/printf.h>
#include <kernel/sched.h>
#include <kernel/smp.h>
#include <kernel/thread.h>
#include <plat/machine_map.h>

extern char arm_vector_table[];
extern char arm_secondary_entry[];
extern word_t smp_boot_params[];
void arch_init_mode_stacks(word_t core);
NORETURN void arm_return_to_user(void);
NORETURN void arch_secondary_boot(word_t core);

node_state_t ks_node[CONFIG_MAX_NUM_NODES];

/* Cores 1.. run on these (core 0 on head.S's kernel_stack). */
uint8_t smp_kernel_stacks[CONFIG_MAX_NUM_NODES - 1][SMP_KERNEL_STACK_SIZE] ALIGN(8);

/* The ticket lock: a core takes the next ticket and enters when `serving`
 * reaches it. Each field on its own cache line (Cortex-A15: 64 bytes). */
static struct {
    word_t next ALIGN(64);
    word_t serving ALIGN(64);
} big_kernel_lock;

#define write_tpidrprw(v) CP15_WRITE(0, c13, c0, 4, v)

bool smp_core_online(word_t core)
{
    return core < NUM_NODES && ks_node[core].online;
}

tcb_t *smp_core_current(word_t core)
{
    return ks_node[core].cur_thread;
}

bool smp_asid_active_elsewhere(word_t asid)
{
    word_t me = smp_this_core();
    for (word_t c = 0; c < NUM_NODES; c++) {
        if (c != me && ks_node[c].online && ks_node[c].active_asid == asid) {
            return true;
        }
    }
    return false;
}

void smp_asid_deleted(word_t asid)
{
    word_t me = smp_this_core();
    for (word_t c = 0; c < NUM_NODES; c++) {
        if (c != me && ks_node[c].online && ks_node[c].active_asid == asid) {
            smp_remote_stall(ks_node[c].cur_thread);
        }
    }
}

/* ---- Entry and exit ---- */

/* Runs on a core waiting for the lock, for the holder, which waits until
 * it is done: leave thread `t` (registers already saved by the entry). */
static void smp_serve_stall(node_state_t *me)
{
    tcb_t *t = __atomic_load_n(&me->stall, __ATOMIC_ACQUIRE);
    if (t == NULL) {
        return;
    }
    fpu_release(&me->fpu_owner, t);
    if (me->cur_thread == t) {
        if (me->entry_kind == SMP_ENTRY_SYSCALL) {
            t->context.regs[REG_PC] = t->context.regs[REG_FAULT_IP]; /* it restarts the call */
        }
        me->cur_thread = me->idle_thread;
        me->current_context = &me->idle_thread->context;
        me->sched_action = SCHED_CHOOSE_NEW;
        me->entry_dropped = true;
        /* Off its page tables, which may be deleted before we choose again. */
        word_t kernel_ttbr0 = ttbr0_new(kernel_vspace_pd_paddr());
        mmu_switch_address_space(kernel_ttbr0, kernel_ttbr0, 0);
        me->active_pd = NULL;
        me->active_asid = ASID_INVALID;
    }
    __atomic_store_n(&me->stall, NULL, __ATOMIC_RELEASE);
    sev();
}

static inline void lock_acquire(node_state_t *me)
{
    word_t ticket = __atomic_fetch_add(&big_kernel_lock.next, 1u, __ATOMIC_RELAXED);
    while (__atomic_load_n(&big_kernel_lock.serving, __ATOMIC_ACQUIRE) != ticket) {
        smp_serve_stall(me);
        wfe();
    }
}

static void lock_release(void)
{
    __atomic_store_n(&big_kernel_lock.serving, big_kernel_lock.serving + 1u, __ATOMIC_RELEASE);
    sev();
}

static inline void node_load(const node_state_t *n)
{
    ks_cur_thread = n->cur_thread;
    ks_idle_thread = n->idle_thread;
    ks_sched_action = n->sched_action;
    ks_fpu_owner = n->fpu_owner;
    arm_current_context = n->current_context;
    vspace_active_pd = n->active_pd;
    vspace_active_asid = n->active_asid;
}

static inline void node_store(node_state_t *n)
{
    n->cur_thread = ks_cur_thread;
    n->idle_thread = ks_idle_thread;
    n->sched_action = ks_sched_action;
    n->fpu_owner = ks_fpu_owner;
    n->current_context = arm_current_context;
    n->active_pd = vspace_active_pd;
    n->active_asid = vspace_active_asid;
}

bool smp_kernel_enter(word_t kind)
{
    node_state_t *me = &ks_node[smp_this_core()];
    me->entry_kind = kind;
    lock_acquire(me);
    node_load(me);
    bool keep = !me->entry_dropped;
    me->entry_dropped = false;
    return keep || kind == SMP_ENTRY_IRQ;
}

user_context_t *smp_kernel_exit(void)
{
    node_state_t *me = &ks_node[smp_this_core()];
    node_store(me);
    user_context_t *context = arm_current_context;
    lock_release();
    return context;
}

/* ---- Requests to other cores ---- */

void smp_remote_reschedule(word_t core)
{
    if (smp_core_online(core)) {
        gic_send_sgi(SMP_IPI_SGI, core);
    }
}

void smp_remote_stall(tcb_t *tcb)
{
    word_t me = smp_this_core();
    for (word_t c = 0; c < NUM_NODES; c++) {
        node_state_t *n = &ks_node[c];
        if (c == me || !n->online || (n->cur_thread != tcb && n->fpu_owner != tcb)) {
            continue;
        }
        bool was_current = n->cur_thread == tcb;
        __atomic_store_n(&n->stall, tcb, __ATOMIC_RELEASE);
        sev();
        gic_send_sgi(SMP_IPI_SGI, c);
        while (__atomic_load_n(&n->stall, __ATOMIC_ACQUIRE) != NULL) {
            cpu_yield(); /* core c serves it from its lock loop, however it entered */
        }
        if (was_current && thread_is_runnable(tcb)) {
            sched_enqueue(tcb); /* runnable still: back in core c's queue */
        }
    }
}

/* ---- Boot ---- */

void smp_boot_lock(void)
{
    node_state_t *me = &ks_node[0];
    me->online = true;
    extern char kernel_stack_top[];
    write_tpidrprw((word_t)(uintptr_t)kernel_stack_top); /* vectors.S: load_kernel_stack */
    me->active_asid = ASID_INVALID;
    lock_acquire(me);
}

/* The device tree, read just enough to find PSCI and the cores
 * (Devicetree Specification v0.4, 5: structure block tokens, big-endian). */
#define FDT_MAGIC 0xd00dfeedu
#define FDT_BEGIN_NODE 1u
#define FDT_END_NODE 2u
#define FDT_PROP 3u
#define FDT_NOP 4u
#define FDT_END 9u
/* PSCI 0.2+ fixed function ID (ARM DEN 0022D, 5.1.4: CPU_ON, SMC32). */
#define PSCI_0_2_CPU_ON 0x84000003u

typedef struct {
    bool found;
    bool smc;
    word_t cpu_on;
    word_t cpu_count;
    word_t mpidr[CONFIG_MAX_NUM_NODES];
} smp_dt_t;

static word_t be32(const uint8_t *p)
{
    return (word_t)p[0] << 24 | (word_t)p[1] << 16 | (word_t)p[2] << 8 | p[3];
}

static bool str_eq(const char *a, const char *b)
{
    while (*a && *a == *b) {
        a++;
        b++;
    }
    return *a == *b;
}

/* Whether node name `name` is `base` or `base@unit`. */
static bool node_is(const char *name, const char *base)
{
    while (*base && *name == *base) {
        name++;
        base++;
    }
    return *base == '\0' && (*name == '\0' || *name == '@');
}

static bool stringlist_has(const char *list, word_t len, const char *s)
{
    for (word_t i = 0; i < len;) {
        if (str_eq(list + i, s)) {
            return true;
        }
        while (i < len && list[i] != '\0') {
            i++;
        }
        i++;
    }
    return false;
}

static void dt_prop(smp_dt_t *dt, const char *node, word_t depth, bool in_cpus, const char *name,
                    const uint8_t *value, word_t len)
{
    if (depth == 1 && node_is(node, "psci")) {
        dt->found = true;
        if (str_eq(name, "method")) {
            dt->smc = str_eq((const char *)value, "smc");
        } else if (str_eq(name, "cpu_on") && len == 4) {
            dt->cpu_on = be32(value);
        } else if (str_eq(name, "compatible") && dt->cpu_on == 0 &&
                   (stringlist_has((const char *)value, len, "arm,psci-0.2") ||
                    stringlist_has((const char *)value, len, "arm,psci-1.0"))) {
            dt->cpu_on = PSCI_0_2_CPU_ON;
        }
    } else if (depth == 2 && in_cpus && node_is(node, "cpu") && str_eq(name, "reg") && len >= 4 &&
               dt->cpu_count < NUM_NODES) {
        dt->mpidr[dt->cpu_count++] = be32(value + len - 4);
    }
}

static void smp_read_dt(paddr_t dtb_p, smp_dt_t *dt)
{
    if (dtb_p < PLAT_RAM_PADDR || dtb_p - PLAT_RAM_PADDR >= kernel_window_size()) {
        return;
    }
    const uint8_t *fdt = pptr_to_ptr(paddr_to_pptr(dtb_p));
    if (be32(fdt) != FDT_MAGIC) {
        return;
    }
    const uint8_t *p = fdt + be32(fdt + 8), *end = fdt + be32(fdt + 4);
    const char *strings = (const char *)fdt + be32(fdt + 12);
    const char *node = "";
    word_t depth = 0;
    bool in_cpus = false;
    while (p + 4 <= end) {
        word_t token = be32(p);
        p += 4;
        if (token == FDT_BEGIN_NODE) {
            node = (const char *)p;
            depth++;
            if (depth == 2) {
                in_cpus = node_is(node, "cpus");
            }
            while (*p) {
                p++;
            }
            p = (const uint8_t *)ROUND_UP((uintptr_t)p + 1, 2);
        } else if (token == FDT_END_NODE) {
            depth--;
            node = "";
        } else if (token == FDT_PROP) {
            word_t len = be32(p), nameoff = be32(p + 4);
            dt_prop(dt, node, depth - 1, in_cpus && depth == 3, strings + nameoff, p + 8, len);
            p = (const uint8_t *)ROUND_UP((uintptr_t)p + 8 + len, 2);
        } else if (token != FDT_NOP) {
            return; /* FDT_END or something this reader does not know */
        }
    }
}

static sword_t psci_cpu_on(const smp_dt_t *dt, word_t mpidr, paddr_t entry, word_t context)
{
    word_t function = dt->cpu_on;
    register word_t r0 __asm__("r0") = function;
    register word_t r1 __asm__("r1") = mpidr;
    register word_t r2 __asm__("r2") = entry;
    register word_t r3 __asm__("r3") = context;
    if (dt->smc) {
        __asm__ volatile(".arch_extension sec\n\tsmc #0"
                         : "+r"(r0), "+r"(r1), "+r"(r2), "+r"(r3)::"memory");
    } else {
        __asm__ volatile(".arch_extension virt\n\thvc #0"
                         : "+r"(r0), "+r"(r1), "+r"(r2), "+r"(r3)::"memory");
    }
    return (sword_t)r0;
}

/* A page directory for the moment a core turns its MMU on: the kernel's
 * global entries plus one identity section around head.S's entry code. */
static pde_t smp_boot_pd[PD_ENTRIES] ALIGN(16384);

#define read_ttbcr() CP15_READ(0, c2, c0, 2)
#define read_dacr() CP15_READ(0, c3, c0, 0)
#define read_prrr() CP15_READ(0, c10, c2, 0)
#define read_nmrr() CP15_READ(0, c10, c2, 1)

/* smp_boot_params (head.S), read by a starting core with its MMU off. */
enum { BP_TTBCR, BP_DACR, BP_PRRR, BP_NMRR, BP_TTBR0, BP_SCTLR, BP_ENTRY, BP_COUNT };

static paddr_t smp_prepare_boot(void)
{
    paddr_t entry_p = pptr_to_paddr((pptr_t)(uintptr_t)arm_secondary_entry);
    kernel_vspace_copy_globals(smp_boot_pd);
    smp_boot_pd[entry_p >> SECTION_BITS] =
        pde_section_new(ROUND_DOWN(entry_p, SECTION_BITS), VM_NORMAL_WBWA, VM_KERNEL_RW, false);
    word_t pd = (word_t)(uintptr_t)smp_boot_pd;
    cache_clean_range_poc(pd, pd + sizeof(smp_boot_pd));

    smp_boot_params[BP_TTBCR] = read_ttbcr();
    smp_boot_params[BP_DACR] = read_dacr();
    smp_boot_params[BP_PRRR] = read_prrr();
    smp_boot_params[BP_NMRR] = read_nmrr();
    smp_boot_params[BP_TTBR0] = ttbr0_new(pptr_to_paddr((pptr_t)(uintptr_t)smp_boot_pd));
    smp_boot_params[BP_SCTLR] = read_sctlr();
    extern char arm_secondary_virtual[];
    smp_boot_params[BP_ENTRY] = (word_t)(uintptr_t)arm_secondary_virtual;
    word_t params = (word_t)(uintptr_t)smp_boot_params;
    cache_clean_range_poc(params, params + BP_COUNT * sizeof(word_t));
    dsb();
    return entry_p;
}

/* Waits (bounded: about a second of the counter) for core `core` to say it
 * is up. */
static bool smp_wait_online(word_t core)
{
    uint64_t start = timer_read_counter();
    while (!__atomic_load_n(&ks_node[core].online, __ATOMIC_ACQUIRE)) {
        if (timer_read_counter() - start > PLAT_TIMER_FREQ_HZ) {
            return false;
        }
        cpu_yield();
    }
    return true;
}

void smp_start_secondaries(paddr_t dtb_p)
{
    smp_dt_t dt = { 0 };
    smp_read_dt(dtb_p, &dt);
    kprintf("Keel: core 0 up (MPIDR 0x%08x)\n", read_mpidr());
    if (!dt.found || dt.cpu_on == 0) {
        kprintf("Keel: no PSCI CPU_ON in the device tree: running on core 0 only\n");
        return;
    }
    paddr_t entry = smp_prepare_boot();
    for (word_t core = 1; core < NUM_NODES; core++) {
        word_t mpidr = core < dt.cpu_count ? dt.mpidr[core] : core;
        sword_t err = core < dt.cpu_count ? psci_cpu_on(&dt, mpidr, entry, core) : -2;
        if (err != 0) {
            kprintf("Keel: core %u failed to start (PSCI CPU_ON error %d%s); going on without it\n",
                    core, err, core < dt.cpu_count ? "" : ", not in the device tree");
        } else if (!smp_wait_online(core)) {
            kprintf("Keel: core %u did not come up; going on without it\n", core);
        } else {
            kprintf("Keel: core %u up (MPIDR 0x%08x)\n", core, mpidr);
        }
    }
}

/* A new core, on its own stack with the MMU on (head.S): the per-core
 * parts of arch_boot, its idle thread, then to the idle loop. */
NORETURN void arch_secondary_boot(word_t core)
{
    node_state_t *me = &ks_node[core];
    arch_init_mode_stacks(core);
    write_tpidrprw((word_t)(uintptr_t)smp_kernel_stacks[core - 1] + SMP_KERNEL_STACK_SIZE);
    write_vbar((word_t)(uintptr_t)arm_vector_table);
    write_sctlr(read_sctlr() & ~SCTLR_V);
    word_t kernel_ttbr0 = ttbr0_new(kernel_vspace_pd_paddr());
    mmu_switch_address_space(kernel_ttbr0, kernel_ttbr0, 0);
    tlbi_all();
    gic_cpu_init();
    gic_enable(PLAT_KERNEL_TIMER_IRQ); /* PPIs and SGIs are enabled per core */
    gic_enable(SMP_IPI_SGI);
    timer_init(TIMER_TICK_MS);
    me->active_asid = ASID_INVALID;
    __atomic_store_n(&me->online, true, __ATOMIC_RELEASE);
    lock_acquire(me);
    node_load(me);
    fpu_init(); /* (its owner is per-core state: under the lock) */
    thread_init_idle();
    arm_return_to_user();
}

#endif /* CONFIG_MAX_NUM_NODES > 1 */
