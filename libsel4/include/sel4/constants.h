/*
 * Architecture-independent API limits: priorities, message sizes, TCB flags,
 * lookup-failure kinds and the boot-info frame size.
 */
#pragma once

#include <sel4/config.h>
#include <sel4/macros.h>
#include <sel4/sel4_arch/constants.h>

enum priorityConstants {
    seL4_InvalidPrio = -1,
    seL4_MinPrio = 0,
    seL4_MaxPrio = CONFIG_NUM_PRIORITIES - 1,
};

/* Widths of the length and extra-caps fields of seL4_MessageInfo. */
enum seL4_MsgLimits {
    seL4_MsgLengthBits = 7,
    seL4_MsgExtraCapBits = 2,
};

/* The IPC buffer holds 120 message words (seL4 ABI), a subset of 2^7. */
#define seL4_MsgMaxLength 120
#define seL4_MsgMaxExtraCaps (LIBSEL4_BIT(seL4_MsgExtraCapBits) - 1)

/* Flags of seL4_TCB_SetFlags (seL4 14.0). */
typedef enum {
    seL4_TCBFlag_NoFlag = 0x0,
    seL4_TCBFlag_fpuDisabled = 0x1,
    seL4_TCBFlag_MASK = seL4_TCBFlag_fpuDisabled,
    SEL4_FORCE_LONG_ENUM(seL4_TCBFlag)
} seL4_TCBFlag;

/* Why a capability lookup failed (MR seL4_CapFault_LookupFailureType). */
typedef enum {
    seL4_NoFailure = 0,
    seL4_InvalidRoot,
    seL4_MissingCapability,
    seL4_DepthMismatch,
    seL4_GuardMismatch,
    SEL4_FORCE_LONG_ENUM(seL4_LookupFailureType)
} seL4_LookupFailureType;

#define seL4_BootInfoFrameBits seL4_PageBits
#define seL4_BootInfoFrameSize LIBSEL4_BIT(seL4_BootInfoFrameBits)
