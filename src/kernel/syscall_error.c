/*
 * How errors reach user level: the message-register layout of a failed
 * invocation's reply and of a lookup failure, as the seL4 manual ("Errors",
 * "Lookup failure description") and libsel4's seL4_CapFault_* indices say.
 */
#include <api/failures.h>
#include <kernel/assert.h>

word_t lookup_fault_write_mrs(const lookup_fault_t *fault, word_t *mrs, word_t offset)
{
    mrs[offset] = fault->type;
    switch (fault->type) {
    case LOOKUP_MISSING_CAPABILITY:
        mrs[offset + 1] = fault->bits_left;
        return offset + 2;
    case LOOKUP_DEPTH_MISMATCH:
        mrs[offset + 1] = fault->bits_left;
        mrs[offset + 2] = fault->bits_found;
        return offset + 3;
    case LOOKUP_GUARD_MISMATCH:
        /* seL4_CapFault_GuardMismatch_GuardFound, then _BitsFound (size) */
        mrs[offset + 1] = fault->bits_left;
        mrs[offset + 2] = fault->guard_found;
        mrs[offset + 3] = fault->bits_found;
        return offset + 4;
    default:
        assert(fault->type == LOOKUP_INVALID_ROOT);
        return offset + 1;
    }
}

word_t syscall_error_write_mrs(const syscall_error_t *error, word_t *mrs)
{
    switch (error->type) {
    case ERR_INVALID_ARGUMENT:
        mrs[0] = error->invalid_argument_number;
        return 1;
    case ERR_INVALID_CAPABILITY:
        mrs[0] = error->invalid_cap_number;
        return 1;
    case ERR_RANGE:
        mrs[0] = error->range_min;
        mrs[1] = error->range_max;
        return 2;
    case ERR_FAILED_LOOKUP:
        mrs[0] = error->failed_lookup_was_source ? 1 : 0;
        return lookup_fault_write_mrs(&error->lookup_fault, mrs, 1);
    case ERR_NOT_ENOUGH_MEMORY:
        mrs[0] = error->memory_left;
        return 1;
    default:
        /* illegal operation, alignment, truncated message, delete first,
           revoke first: the label alone says it all */
        return 0;
    }
}
