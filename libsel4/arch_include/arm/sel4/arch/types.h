/*
 * ARM capability names and the attributes of a mapping (seL4 ARM values:
 * cacheable 1, parity 2, execute-never 4).
 */
#pragma once

#include <sel4/macros.h>
#include <sel4/simple_types.h>

typedef seL4_CPtr seL4_ARM_Page;
typedef seL4_CPtr seL4_ARM_PageTable;
typedef seL4_CPtr seL4_ARM_ASIDControl;
typedef seL4_CPtr seL4_ARM_ASIDPool;
typedef seL4_CPtr seL4_ARM_VCPU;        /* hypervisor only */
typedef seL4_CPtr seL4_ARM_IOSpace;     /* SMMU only */
typedef seL4_CPtr seL4_ARM_IOPageTable; /* SMMU only */
typedef seL4_CPtr seL4_ARM_SIDControl;  /* SMMU only */
typedef seL4_CPtr seL4_ARM_SID;         /* SMMU only */
typedef seL4_CPtr seL4_ARM_CBControl;   /* SMMU only */
typedef seL4_CPtr seL4_ARM_CB;          /* SMMU only */
typedef seL4_CPtr seL4_ARM_SGI_Signal;  /* from seL4_IRQControl_IssueSGISignal */
typedef seL4_CPtr seL4_ARM_SMC;         /* SMC forwarding only */

typedef enum {
    seL4_ARM_PageCacheable = 0x01,
    seL4_ARM_ParityEnabled = 0x02,
    seL4_ARM_Default_VMAttributes = 0x03,
    seL4_ARM_ExecuteNever = 0x04,
    SEL4_FORCE_LONG_ENUM(seL4_ARM_VMAttributes)
} seL4_ARM_VMAttributes;

typedef enum {
    seL4_ARM_CacheI = 1,
    seL4_ARM_CacheD = 2,
    seL4_ARM_CacheID = 3,
    SEL4_FORCE_LONG_ENUM(seL4_ARM_CacheType)
} seL4_ARM_CacheType;
