/*
 * aarch32 types: the register frame (seL4_UserContext) and the fault union,
 * both generated from libsel4/interfaces, and the page-directory cap name.
 */
#pragma once

#include <sel4/simple_types.h>
#include <sel4/sel4_arch/types_gen.h>

typedef seL4_CPtr seL4_ARM_PageDirectory;
