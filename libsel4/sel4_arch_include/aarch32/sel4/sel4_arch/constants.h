/*
 * aarch32 constants: object sizes, page-table geometry, CSpace limits and
 * the message-register layout of each fault (values of upstream seL4 16.0.0,
 * aarch32, non-hypervisor).
 */
#pragma once

#include <sel4/config.h>
#include <sel4/macros.h>

/* Object sizes, log2 bytes. seL4_TCBBits is 10 because the FPU is on. */
#define seL4_PageBits 12
#define seL4_LargePageBits 16
#define seL4_SectionBits 20
#define seL4_SuperSectionBits 24
#define seL4_SlotBits 4
#define seL4_TCBBits 10
#define seL4_EndpointBits 4
#define seL4_NotificationBits 4
#define seL4_PageTableBits 10
#define seL4_PageTableEntryBits 2
#define seL4_PageTableIndexBits 8
#define seL4_PageDirBits 14
#define seL4_PageDirEntryBits 2
#define seL4_PageDirIndexBits 12
#define seL4_VSpaceBits seL4_PageDirBits
#define seL4_NumASIDPoolsBits 7
#define seL4_ASIDPoolBits 12
#define seL4_ASIDPoolIndexBits 10
#define seL4_ARM_VCPUBits 12    /* hypervisor only */
#define seL4_IOPageTableBits 12 /* SMMU only */
#define seL4_MinUntypedBits 4
#define seL4_MaxUntypedBits 29

#define seL4_WordBits 32
#define seL4_WordSizeBits 2

SEL4_SIZE_SANITY(seL4_PageTableEntryBits, seL4_PageTableIndexBits, seL4_PageTableBits);
SEL4_SIZE_SANITY(seL4_PageDirEntryBits, seL4_PageDirIndexBits, seL4_PageDirBits);
SEL4_SIZE_SANITY(seL4_WordSizeBits, seL4_ASIDPoolIndexBits, seL4_ASIDPoolBits);

/* Capabilities on a 32-bit kernel. */
#define seL4_GuardSizeBits 5
#define seL4_GuardBits 18
#define seL4_BadgeBits 28
#define seL4_CapRightsBits 4

/* MR0-MR3 travel in r2-r5; the IPC buffer is 2^9 bytes. */
#define seL4_FastMessageRegisters 4
#define seL4_IPCBufferSizeBits 9

/* The kernel window starts here: Keel links its kernel at 0xa0000000 like
 * upstream on qemu-arm-virt (DESIGN.md section 2). */
#ifndef seL4_UserTop
#define seL4_UserTop 0xa0000000u
#endif
/* The highest user virtual address, inclusive (seL4 15.0 added it because
 * an exclusive top overflows where user space reaches the end of the word). */
#define seL4_UserVSpaceTop (seL4_UserTop - 1u)

#ifdef CONFIG_ENABLE_BENCHMARKS
/* The kernel log's size in bytes: seL4_BenchmarkSetLogBuffer takes a frame
 * this big (a section on aarch32). */
#define seL4_LogBufferSize (LIBSEL4_BIT(20))
#endif

/* seL4_VMFault_PrefetchFault: a data abort or an instruction fetch abort. */
#define seL4_DataFault 0
#define seL4_InstructionFault 1

/* Message registers of an unknown-syscall fault. */
typedef enum {
    seL4_UnknownSyscall_R0,
    seL4_UnknownSyscall_R1,
    seL4_UnknownSyscall_R2,
    seL4_UnknownSyscall_R3,
    seL4_UnknownSyscall_R4,
    seL4_UnknownSyscall_R5,
    seL4_UnknownSyscall_R6,
    seL4_UnknownSyscall_R7,
    seL4_UnknownSyscall_FaultIP,
    seL4_UnknownSyscall_SP,
    seL4_UnknownSyscall_LR,
    seL4_UnknownSyscall_CPSR,
    seL4_UnknownSyscall_Syscall,
    seL4_UnknownSyscall_Length,
    SEL4_FORCE_LONG_ENUM(seL4_UnknownSyscall_Msg)
} seL4_UnknownSyscall_Msg;

/* Message registers of a user-exception fault (undefined instruction). */
typedef enum {
    seL4_UserException_FaultIP,
    seL4_UserException_SP,
    seL4_UserException_CPSR,
    seL4_UserException_Number,
    seL4_UserException_Code,
    seL4_UserException_Length,
    SEL4_FORCE_LONG_ENUM(seL4_UserException_Msg)
} seL4_UserException_Msg;

/* Message registers of a VM fault. */
typedef enum {
    seL4_VMFault_IP,
    seL4_VMFault_Addr,
    seL4_VMFault_PrefetchFault,
    seL4_VMFault_FSR,
    seL4_VMFault_Length,
    SEL4_FORCE_LONG_ENUM(seL4_VMFault_Msg)
} seL4_VMFault_Msg;

/*
 * Hypervisor-only faults and VCPU registers. Keel has no hypervisor support;
 * the names are defined, with upstream's values, so that code naming them
 * still compiles.
 */
typedef enum {
    seL4_VGICMaintenance_IDX,
    seL4_VGICMaintenance_Length,
    SEL4_FORCE_LONG_ENUM(seL4_VGICMaintenance_Msg)
} seL4_VGICMaintenance_Msg;

typedef enum {
    seL4_VPPIEvent_IRQ,
    seL4_VPPIEvent_Length,
    SEL4_FORCE_LONG_ENUM(seL4_VPPIEvent_Msg)
} seL4_VPPIEvent_Msg;

typedef enum {
    seL4_VCPUFault_HSR,
    seL4_VCPUFault_Length,
    SEL4_FORCE_LONG_ENUM(seL4_VCPUFault_Msg)
} seL4_VCPUFault_Msg;

typedef enum {
    seL4_VCPUReg_SCTLR = 0,
    seL4_VCPUReg_ACTLR,
    seL4_VCPUReg_TTBCR,
    seL4_VCPUReg_TTBR0,
    seL4_VCPUReg_TTBR1,
    seL4_VCPUReg_DACR,
    seL4_VCPUReg_DFSR,
    seL4_VCPUReg_IFSR,
    seL4_VCPUReg_ADFSR,
    seL4_VCPUReg_AIFSR,
    seL4_VCPUReg_DFAR,
    seL4_VCPUReg_IFAR,
    seL4_VCPUReg_PRRR,
    seL4_VCPUReg_NMRR,
    seL4_VCPUReg_CIDR,
    seL4_VCPUReg_TPIDRPRW,
    seL4_VCPUReg_FPEXC,
    seL4_VCPUReg_LRsvc,
    seL4_VCPUReg_SPsvc,
    seL4_VCPUReg_LRabt,
    seL4_VCPUReg_SPabt,
    seL4_VCPUReg_LRund,
    seL4_VCPUReg_SPund,
    seL4_VCPUReg_LRirq,
    seL4_VCPUReg_SPirq,
    seL4_VCPUReg_LRfiq,
    seL4_VCPUReg_SPfiq,
    seL4_VCPUReg_R8fiq,
    seL4_VCPUReg_R9fiq,
    seL4_VCPUReg_R10fiq,
    seL4_VCPUReg_R11fiq,
    seL4_VCPUReg_R12fiq,
    seL4_VCPUReg_VMPIDR,
    seL4_VCPUReg_SPSRsvc,
    seL4_VCPUReg_SPSRabt,
    seL4_VCPUReg_SPSRund,
    seL4_VCPUReg_SPSRirq,
    seL4_VCPUReg_SPSRfiq,
    seL4_VCPUReg_PARhigh, /* PAR, added in seL4 15.0 */
    seL4_VCPUReg_PARlow,
    seL4_VCPUReg_CNTV_CTL,
    seL4_VCPUReg_CNTV_CVALhigh,
    seL4_VCPUReg_CNTV_CVALlow,
    seL4_VCPUReg_CNTVOFFhigh,
    seL4_VCPUReg_CNTVOFFlow,
    seL4_VCPUReg_CNTKCTL,
    seL4_VCPUReg_Num,
    /* The banked registers saved and restored as one range. */
    seL4_VCPURegSaveRange_start = seL4_VCPUReg_ACTLR,
    seL4_VCPURegSaveRange_end = seL4_VCPUReg_PARlow,
    SEL4_FORCE_LONG_ENUM(seL4_VCPUReg)
} seL4_VCPUReg;
