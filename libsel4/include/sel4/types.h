/*
 * All libsel4 types: integers, object types, errors, message and fault
 * layouts, boot info, and the names of capability kinds used by the stubs.
 */
#pragma once

#include <sel4/config.h>
#include <sel4/macros.h>
#include <sel4/debug_assert.h>
#include <sel4/simple_types.h>
#include <sel4/syscall.h>
#include <sel4/errors.h>
#include <sel4/constants.h>
#include <sel4/objecttype.h>
#include <sel4/sel4_arch/objecttype.h>
#include <sel4/arch/objecttype.h>
#include <sel4/shared_types.h>
#include <sel4/sel4_arch/types.h>
#include <sel4/arch/types.h>
#include <sel4/bootinfo_types.h>

#define seL4_UntypedRetypeMaxObjects CONFIG_RETYPE_FAN_OUT_LIMIT
#define seL4_NilData 0

typedef seL4_Word seL4_NodeId;
typedef seL4_Word seL4_PAddr;
typedef seL4_Word seL4_Domain;

/* A CPtr named for the kind of object it should point at. */
typedef seL4_CPtr seL4_CNode;
typedef seL4_CPtr seL4_IRQHandler;
typedef seL4_CPtr seL4_IRQControl;
typedef seL4_CPtr seL4_TCB;
typedef seL4_CPtr seL4_Untyped;
typedef seL4_CPtr seL4_DomainSet;
typedef seL4_CPtr seL4_SchedContext;
typedef seL4_CPtr seL4_SchedControl;

typedef seL4_Uint64 seL4_Time;
