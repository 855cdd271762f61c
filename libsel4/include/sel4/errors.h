/*
 * The error codes an invocation returns as the label of its reply. Details
 * (which argument, what range) follow in the message registers.
 */
#pragma once

#include <sel4/macros.h>

typedef enum {
    seL4_NoError = 0,
    seL4_InvalidArgument,
    seL4_InvalidCapability,
    seL4_IllegalOperation,
    seL4_RangeError,
    seL4_AlignmentError,
    seL4_FailedLookup,
    seL4_TruncatedMessage,
    seL4_DeleteFirst,
    seL4_RevokeFirst,
    seL4_NotEnoughMemory,
    seL4_NumErrors,
    SEL4_FORCE_LONG_ENUM(seL4_Error)
} seL4_Error;
