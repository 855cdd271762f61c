/*
 * Lazy VFP/Advanced SIMD switching. The FPU is left disabled (FPEXC.EN = 0)
 * for every thread but its owner, the last thread that used it; the first
 * VFP instruction of another thread traps as undefined, and the kernel then
 * saves the owner's registers, loads the new thread's and retries the
 * instruction. ARM ARM B1.11 (CPACR, FPEXC), VFPv4-D32 on Cortex-A15.
 */
#include <arch/cpu.h>
#include <arch/fpu.h>

#define CPACR_CP10_CP11_FULL (0xfu << 20)
#define FPEXC_EN BIT(30)

static tcb_t *fpu_owner;

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
    fpu_owner = NULL;
}

bool fpu_handle_undefined(tcb_t *thread)
{
    if ((read_fpexc() & FPEXC_EN) || (thread->flags & TCB_FLAG_FPU_DISABLED)) {
        return false; /* FPU on, or not for this thread: really undefined */
    }
    write_fpexc(FPEXC_EN);
    if (fpu_owner != thread) {
        if (fpu_owner != NULL) {
            fpu_save(&fpu_owner->fpu);
        }
        fpu_load(&thread->fpu);
        fpu_owner = thread;
    }
    return true;
}

void fpu_thread_switch(const tcb_t *next)
{
    bool on = next == fpu_owner && !(next->flags & TCB_FLAG_FPU_DISABLED);
    write_fpexc(on ? FPEXC_EN : 0);
}

void arch_prepare_thread_delete(tcb_t *tcb)
{
    if (fpu_owner == tcb) {
        fpu_owner = NULL;
        write_fpexc(0);
    }
}
