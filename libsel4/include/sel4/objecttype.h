/*
 * Kernel object types every architecture has, as passed to
 * seL4_Untyped_Retype. Architecture types continue the numbering in
 * sel4_arch/objecttype.h and arch/objecttype.h.
 */
#pragma once

#include <sel4/macros.h>

typedef enum api_object {
    seL4_UntypedObject,
    seL4_TCBObject,
    seL4_EndpointObject,
    seL4_NotificationObject,
    seL4_CapTableObject,
    seL4_NonArchObjectTypeCount,
    SEL4_FORCE_LONG_ENUM(seL4_ObjectType)
} seL4_ObjectType;

/* The old name of notifications ("asynchronous endpoints"). */
static const seL4_ObjectType seL4_AsyncEndpointObject LIBSEL4_UNUSED
    SEL4_DEPRECATED("use seL4_NotificationObject") = seL4_NotificationObject;
