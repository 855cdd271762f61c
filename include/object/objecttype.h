/*
 * What each cap type means: its object's address and size, how caps relate
 * (same region, same object), how they are derived, masked, badged and
 * finalised, how objects are created, and the dispatch of invocations to
 * the per-object decoders. Architecture caps are handed to the arch_*
 * functions declared at the end (src/arch/arm/object/objecttype.c).
 */
#pragma once

#include <api/failures.h>
#include <object/structures.h>

struct tcb;

/* An invocation's arguments as the system-call layer found them. */
typedef struct invocation_args {
    word_t label;                      /* enum invocation_label (<api/invocation.h>) */
    word_t length;                     /* message length: mrs[0 .. length-1] are valid */
    const word_t *mrs;                 /* the message registers */
    cte_t *extra_caps[MAX_EXTRA_CAPS]; /* slots of the extra caps, NULL past the last */
    struct tcb *thread;                /* the invoking thread */
    bool is_blocking;                  /* Send or Call (not NBSend): IPC may block */
    bool is_call;                      /* Call: the invoker waits for a reply */
    word_t *reply_mrs;                 /* a perform step that replies with data puts it here */
    word_t *reply_length;              /* ... and its length (0 when it replies with none) */
} invocation_args_t;

/* seL4_CapRights_t bits (seL4 ABI). */
#define CAP_RIGHT_WRITE BIT(0)
#define CAP_RIGHT_READ BIT(1)
#define CAP_RIGHT_GRANT BIT(2)
#define CAP_RIGHT_GRANT_REPLY BIT(3)

/* A derived cap, or why none can be derived. A null cap with no error means
 * the type cannot be copied (the caller reports seL4_IllegalOperation). */
typedef struct derive_result {
    cap_t cap;
    syscall_error_t error;
} derive_result_t;

typedef struct finalise_result {
    cap_t remainder; /* null, or a zombie still to be reduced */
    cap_t cleanup;   /* a cap to act on once the slot is empty (IRQ handler) */
} finalise_result_t;

word_t object_size_bits(word_t type, word_t user_size);

/* Makes an object in memory that is zero (unless device memory) and returns
 * its original cap. */
cap_t object_create(word_t type, pptr_t base, word_t user_size, bool is_device);

/* Whether the cap refers to memory, which then is [cap_get_ptr, + 2^size). */
bool cap_is_physical(cap_t cap);
pptr_t cap_get_ptr(cap_t cap);
word_t cap_get_size_bits(cap_t cap);

/* b's object lies within a's region (a's untyped, or the same object). */
bool cap_same_region_as(cap_t a, cap_t b);
bool cap_same_object_as(cap_t a, cap_t b);

/* Whether a cap derived from src may have children of its own. */
bool cap_is_revocable(cap_t derived, cap_t src);

/* The cap a copy of slot's cap gets (seL4 deriveCap). */
derive_result_t cap_derive(const cte_t *slot, cap_t cap);

/* Drops rights not in the seL4_CapRights_t word. */
cap_t cap_mask_rights(word_t rights, cap_t cap);

/* Applies Mint/Mutate data (badge, or CNode guard); null if not allowed.
 * preserve: Mutate/Rotate, which may not set a badge. */
cap_t cap_update_data(bool preserve, word_t data, cap_t cap);

bool cap_has_cancel_send_rights(cap_t cap);

/* Undoes what the object's existence implies, when cap is the last one to
 * it (final). Types that need a zombie first return it as the remainder. */
finalise_result_t cap_finalise(cap_t cap, bool final);

/* Whether cap_finalise completes at once for this type (no zombie). */
bool cap_finalises_immediately(cap_t cap);

/* cap_finalise for the types above; never recurses into slot deletion. */
finalise_result_t cap_finalise_immediate(cap_t cap, bool final);

/* Called once a slot is empty with finalise's cleanup cap. */
void cap_post_deletion(cap_t cleanup);

/* Decodes and performs an invocation of cap (in slot). */
result_t decode_invocation(const invocation_args_t *args, cte_t *slot, cap_t cap);

/* ---- Implemented by the architecture. ---- */
bool arch_cap_is_physical(cap_t cap);
pptr_t arch_cap_get_ptr(cap_t cap);
word_t arch_cap_get_size_bits(cap_t cap);
bool arch_cap_same_region_as(cap_t a, cap_t b);
bool arch_cap_same_object_as(cap_t a, cap_t b);
derive_result_t arch_cap_derive(cap_t cap);
cap_t arch_cap_mask_rights(word_t rights, cap_t cap);
finalise_result_t arch_cap_finalise(cap_t cap, bool final);
word_t arch_object_size_bits(word_t type);
bool arch_object_type_is_frame(word_t type);
cap_t arch_object_create(word_t type, pptr_t base, bool is_device);
result_t arch_decode_invocation(const invocation_args_t *args, cte_t *slot, cap_t cap);
