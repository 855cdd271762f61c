/*
 * ARM frame and page-table object types, numbered on from the aarch32 mode
 * types; seL4_ObjectTypeCount ends the list.
 */
#pragma once

#include <sel4/sel4_arch/objecttype.h>

typedef enum _object {
    seL4_ARM_SmallPageObject = seL4_ModeObjectTypeCount,
    seL4_ARM_LargePageObject,
    seL4_ARM_SectionObject,
    seL4_ARM_SuperSectionObject,
    seL4_ARM_PageTableObject,
    seL4_ObjectTypeCount,
    SEL4_FORCE_LONG_ENUM(seL4_ArchObjectType)
} seL4_ArchObjectType;

/*
 * Object types of configurations this libsel4 does not describe (hypervisor,
 * TK1 SMMU). Upstream names them with macros outside the enum, with values no
 * kernel accepts, so code can mention them without #ifdefs.
 */
#define seL4_ARM_VCPUObject 0xfffe
#define seL4_ARM_IOPageTableObject 0xffff
