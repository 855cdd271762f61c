/*
 * Kernel errors as values: a lookup fault (why a cptr did not resolve) and a
 * syscall error (an seL4 error code plus its details), and result_t, what
 * every decode and perform step returns. Written to user level by
 * src/kernel/syscall_error.c in the message-register layout seL4 uses.
 */
#pragma once

#include <types.h>

typedef enum exception {
    EXCEPTION_NONE = 0,
    EXCEPTION_SYSCALL_ERROR, /* the invocation failed; see the error */
    EXCEPTION_PREEMPTED,     /* an interrupt is pending; restart the call */
} exception_t;

/* Values of seL4_LookupFailureType (seL4 ABI: seL4_InvalidRoot = 1 ...). */
enum lookup_failure_type {
    LOOKUP_NO_FAILURE = 0,
    LOOKUP_INVALID_ROOT = 1,
    LOOKUP_MISSING_CAPABILITY = 2,
    LOOKUP_DEPTH_MISMATCH = 3,
    LOOKUP_GUARD_MISMATCH = 4,
};

typedef struct lookup_fault {
    word_t type;        /* enum lookup_failure_type */
    word_t bits_left;   /* all but invalid root: bits not yet resolved */
    word_t bits_found;  /* depth mismatch: bits the CNode wanted; guard
                           mismatch: the CNode's guard size */
    word_t guard_found; /* guard mismatch: the CNode's guard */
} lookup_fault_t;

/* Values of seL4_Error (seL4 ABI). */
enum syscall_error_type {
    ERR_NONE = 0,
    ERR_INVALID_ARGUMENT = 1,
    ERR_INVALID_CAPABILITY = 2,
    ERR_ILLEGAL_OPERATION = 3,
    ERR_RANGE = 4,
    ERR_ALIGNMENT = 5,
    ERR_FAILED_LOOKUP = 6,
    ERR_TRUNCATED_MESSAGE = 7,
    ERR_DELETE_FIRST = 8,
    ERR_REVOKE_FIRST = 9,
    ERR_NOT_ENOUGH_MEMORY = 10,
};

typedef struct syscall_error {
    word_t type; /* enum syscall_error_type */
    word_t invalid_argument_number;
    word_t invalid_cap_number;
    word_t range_min;
    word_t range_max;
    word_t memory_left;
    bool failed_lookup_was_source;
    lookup_fault_t lookup_fault;
} syscall_error_t;

/* The outcome of a decode or perform step. */
typedef struct result {
    exception_t status;
    syscall_error_t error; /* meaningful when status is EXCEPTION_SYSCALL_ERROR */
} result_t;

static inline lookup_fault_t lookup_fault_invalid_root(void)
{
    return (lookup_fault_t){ .type = LOOKUP_INVALID_ROOT };
}

static inline lookup_fault_t lookup_fault_missing_capability(word_t bits_left)
{
    return (lookup_fault_t){ .type = LOOKUP_MISSING_CAPABILITY, .bits_left = bits_left };
}

static inline lookup_fault_t lookup_fault_depth_mismatch(word_t bits_found, word_t bits_left)
{
    return (lookup_fault_t){ .type = LOOKUP_DEPTH_MISMATCH,
                             .bits_left = bits_left,
                             .bits_found = bits_found };
}

static inline lookup_fault_t lookup_fault_guard_mismatch(word_t guard_found, word_t bits_left,
                                                         word_t guard_size)
{
    return (lookup_fault_t){ .type = LOOKUP_GUARD_MISMATCH,
                             .bits_left = bits_left,
                             .bits_found = guard_size,
                             .guard_found = guard_found };
}

static inline syscall_error_t syscall_error(word_t type)
{
    return (syscall_error_t){ .type = type };
}

static inline syscall_error_t syscall_error_invalid_argument(word_t argument_number)
{
    return (syscall_error_t){ .type = ERR_INVALID_ARGUMENT,
                              .invalid_argument_number = argument_number };
}

static inline syscall_error_t syscall_error_invalid_capability(word_t cap_number)
{
    return (syscall_error_t){ .type = ERR_INVALID_CAPABILITY, .invalid_cap_number = cap_number };
}

static inline syscall_error_t syscall_error_range(word_t min, word_t max)
{
    return (syscall_error_t){ .type = ERR_RANGE, .range_min = min, .range_max = max };
}

static inline syscall_error_t syscall_error_failed_lookup(bool was_source, lookup_fault_t fault)
{
    return (syscall_error_t){ .type = ERR_FAILED_LOOKUP,
                              .failed_lookup_was_source = was_source,
                              .lookup_fault = fault };
}

static inline syscall_error_t syscall_error_not_enough_memory(word_t memory_left)
{
    return (syscall_error_t){ .type = ERR_NOT_ENOUGH_MEMORY, .memory_left = memory_left };
}

static inline result_t result_ok(void)
{
    return (result_t){ .status = EXCEPTION_NONE };
}

static inline result_t result_error(syscall_error_t error)
{
    return (result_t){ .status = EXCEPTION_SYSCALL_ERROR, .error = error };
}

/* Wraps a perform step's status (none or preempted: performs cannot fail). */
static inline result_t result_from(exception_t status)
{
    return (result_t){ .status = status };
}

/*
 * Writes the error's details to mrs[0..] as seL4 replies to a failed
 * invocation; the reply's label is error->type. Returns the message length.
 * mrs must have room for 5 words.
 */
word_t syscall_error_write_mrs(const syscall_error_t *error, word_t *mrs);

/*
 * Writes a lookup fault from mrs[offset] on (type, then its details), as for
 * seL4_FailedLookup (offset 1) and cap faults (offset
 * seL4_CapFault_LookupFailureType = 3). Returns the index after the last
 * word written.
 */
word_t lookup_fault_write_mrs(const lookup_fault_t *fault, word_t *mrs, word_t offset);
