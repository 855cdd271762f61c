/*
 * Object types of 32-bit ARM's address-space structure, numbered on from the
 * generic types (seL4 aarch32: the page directory is the VSpace root).
 */
#pragma once

#include <sel4/objecttype.h>

typedef enum _mode_object {
    seL4_ARM_PageDirectoryObject = seL4_NonArchObjectTypeCount,
    seL4_ModeObjectTypeCount,
    SEL4_FORCE_LONG_ENUM(seL4_ModeObjectType)
} seL4_ModeObjectType;
