/*
 * Lazy VFP/Advanced SIMD switching. The FPU is left disabled (FPEXC.EN = 0)
 * for every thread but its owner, the last thread that used it; the first
 * VFP instruction of another thread traps as undefined, and the kernel then
 * saves the owner's registers, loads the new thread's and retries the
 * instruction. ARM ARM B1.11 (CPACR, FPEXC), VFPv4-D32 on Cortex-A15.
 */
#include <arch/cpu.h>
#include <arch/fpu.h>
#include <kernel/sched.h>
#include <kernel/smp.h>

#define CPACR_CP10_CP11_FULL (0xfu << 20)
#define FPEXC_EN BIT(30)

/* The thread whose registers the FPU holds; per core (src/arch/arm/smp.c
 * swaps it in for the lock holder). */
tcb_t *ks_fpu_owner;

static word_t read_fpexc(void)
{
    word_t v;
    __asm__ volatile(".fpu neon-vfpv4\n\tvmrs %0, fpexc" : "=r"(v));
    return v;
}

static void write_fpexc(word_t v)
{
    __asm__ volatile(".fpu neon-vfpv4\n\tvmsr fpexc, %0" ::"r"(v) : "memory");
}

static void fpu_save(fpu_state_t *s)
{
    uint64_t *p = s->d;
    __asm__ volatile(".fpu neon-vfpv4\n\t"
                     "vstmia %0!, {d0-d15}\n\t"
                     "vstmia %0!, {d16-d31}\n\t"
                     : "+r"(p)
                     :
                     : "memory");
    __asm__ volatile(".fpu neon-vfpv4\n\tvmrs %0, fpscr" : "=r"(s->fpscr));
}

static void fpu_load(const fpu_state_t *s)
{
    const uint64_t *p = s->d;
    __asm__ volatile(".fpu neon-vfpv4\n\t"
                     "vldmia %0!, {d0-d15}\n\t"
                     "vldmia %0!, {d16-d31}\n\t"
                     : "+r"(p)
                     :
                     : "memory");
    __asm__ volatile(".fpu neon-vfpv4\n\tvmsr fpscr, %0" ::"r"(s->fpscr) : "memory");
}

void fpu_init(void)
{
    CP15_WRITE(0, c1, c0, 2, CP15_READ(0, c1, c0, 2) | CPACR_CP10_CP11_FULL);
    isb();
    write_fpexc(0);
    ks_fpu_owner = NULL;
}

bool fpu_handle_undefined(tcb_t *thread)
{
    if ((read_fpexc() & FPEXC_EN) || (thread->flags & TCB_FLAG_FPU_DISABLED)) {
        return false; /* FPU on, or not for this thread: really undefined */
    }
    write_fpexc(FPEXC_EN);
    if (ks_fpu_owner != thread) {
        if (ks_fpu_owner != NULL) {
            fpu_save(&ks_fpu_owner->fpu);
        }
        fpu_load(&thread->fpu);
        ks_fpu_owner = thread;
    }
    return true;
}

void fpu_thread_switch(const tcb_t *next)
{
    bool on = next == ks_fpu_owner && !(next->flags & TCB_FLAG_FPU_DISABLED);
    write_fpexc(on ? FPEXC_EN : 0);
}

void arch_prepare_thread_delete(tcb_t *tcb)
{
    smp_remote_stall(tcb); /* its registers may be live in another core's FPU */
    if (ks_fpu_owner == tcb) {
        ks_fpu_owner = NULL;
        write_fpexc(0);
    }
}

/* The thread moves to another core: its registers go back into its TCB. */
void arch_thread_leave_core(tcb_t *tcb)
{
    fpu_release(&ks_fpu_owner, tcb);
}

void fpu_release(tcb_t **owner, tcb_t *tcb)
{
    if (*owner != tcb || tcb == NULL) {
        return;
    }
    write_fpexc(FPEXC_EN);
    fpu_save(&tcb->fpu);
    write_fpexc(0);
    *owner = NULL;
}
