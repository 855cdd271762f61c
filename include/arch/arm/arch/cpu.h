/*
 * ARMv7-A processor modes, CPSR bits and CP15 register access, shared by the
 * kernel and the ELF loader (ARM ARM B1.3.1 for modes, B4.1 for CP15).
 */
#pragma once

/* Plain numbers: these are also used from assembly. */
#define CPSR_MODE_MASK 0x1f
#define CPSR_MODE_USR 0x10
#define CPSR_MODE_FIQ 0x11
#define CPSR_MODE_IRQ 0x12
#define CPSR_MODE_SVC 0x13
#define CPSR_MODE_ABT 0x17
#define CPSR_MODE_HYP 0x1a
#define CPSR_MODE_UND 0x1b
#define CPSR_MODE_SYS 0x1f
#define CPSR_F 0x40
#define CPSR_I 0x80
#define CPSR_A 0x100

/* SCTLR bits (ARM ARM B4.1.130). */
#define SCTLR_M 0x1    /* MMU enable */
#define SCTLR_A 0x2    /* alignment check */
#define SCTLR_C 0x4    /* data cache */
#define SCTLR_Z 0x800  /* branch prediction */
#define SCTLR_I 0x1000 /* instruction cache */
#define SCTLR_V 0x2000 /* high vectors */

#ifndef __ASSEMBLER__
#include <types.h>

/* CP15 accessors: name, opc1, CRn, CRm, opc2 as in the ARM ARM tables. */
#define CP15_READ(op1, crn, crm, op2)                                                    \
    ({                                                                                   \
        word_t v_;                                                                       \
        __asm__ volatile("mrc p15, " #op1 ", %0, " #crn ", " #crm ", " #op2 : "=r"(v_)); \
        v_;                                                                              \
    })
#define CP15_WRITE(op1, crn, crm, op2, v)                                                  \
    __asm__ volatile("mcr p15, " #op1 ", %0, " #crn ", " #crm ", " #op2 ::"r"((word_t)(v)) \
                     : "memory")

#define read_sctlr() CP15_READ(0, c1, c0, 0)
#define write_sctlr(v) CP15_WRITE(0, c1, c0, 0, v)
#define write_ttbr0(v) CP15_WRITE(0, c2, c0, 0, v)
#define write_ttbcr(v) CP15_WRITE(0, c2, c0, 2, v)
#define write_dacr(v) CP15_WRITE(0, c3, c0, 0, v)
#define read_dfsr() CP15_READ(0, c5, c0, 0)
#define read_ifsr() CP15_READ(0, c5, c0, 1)
#define read_dfar() CP15_READ(0, c6, c0, 0)
#define read_ifar() CP15_READ(0, c6, c0, 2)
#define write_vbar(v) CP15_WRITE(0, c12, c0, 0, v)
#define read_id_pfr1() CP15_READ(0, c0, c1, 1)
#define tlb_invalidate_all() CP15_WRITE(0, c8, c7, 0, 0)
#define icache_invalidate_all() CP15_WRITE(0, c7, c5, 0, 0)
#define branch_predictor_invalidate_all() CP15_WRITE(0, c7, c5, 6, 0)

static inline void dsb(void)
{
    __asm__ volatile("dsb sy" ::: "memory");
}
static inline void isb(void)
{
    __asm__ volatile("isb sy" ::: "memory");
}
static inline void wfi(void)
{
    __asm__ volatile("wfi" ::: "memory");
}
static inline void sev(void)
{
    __asm__ volatile("dsb sy\n\tsev" ::: "memory");
}
static inline void wfe(void)
{
    __asm__ volatile("wfe" ::: "memory");
}
/* A no-op hint to the Cortex-A15; QEMU's single-threaded TCG runs the
 * next core on it instead of finishing this one's turn spinning. */
static inline void cpu_yield(void)
{
    __asm__ volatile("yield" ::: "memory");
}

#define read_mpidr() CP15_READ(0, c0, c0, 5)

/* This core's index: MPIDR.Aff0 (ARM ARM B4.1.106). Keel numbers the cores
 * of one cluster so (QEMU virt, the TK1's four Cortex-A15s). */
static inline word_t arch_core_index(void)
{
    return read_mpidr() & 0xffu;
}

static inline word_t read_cpsr(void)
{
    word_t v;
    __asm__ volatile("mrs %0, cpsr" : "=r"(v));
    return v;
}

#endif /* !__ASSEMBLER__ */
