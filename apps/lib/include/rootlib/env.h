/*
 * rootlib: a library for seL4 root tasks, on Keel or on seL4 (it uses only
 * libsel4). struct rootlib_env gathers what a root task allocates from:
 * an allocator of slots and objects (by default the CSpace slots and
 * untypeds BootInfo lists) and a free range of its virtual address space.
 * Every call reports failure as an seL4_Error and leaves the allocators as
 * they were; none asserts on its arguments.
 *
 *   <rootlib/env.h>     the environment, slots and objects (this file)
 *   <rootlib/vspace.h>  mapping frames, device registers, fresh pages
 *   <rootlib/thread.h>  threads in the root task's address space
 *   <rootlib/server.h>  an IPC server loop
 */
#pragma once

#include <sel4/sel4.h>
#include <rootlib/slots.h>
#include <rootlib/untyped_pool.h>
#include <rootlib/vregion.h>

/* The virtual range rootlib_env_init gives the region allocator: clear of
 * the root task's image (linked at 0x10000, with its IPC buffer and
 * BootInfo frames after it) and below the kernel window (0xa0000000). */
#define ROOTLIB_VREGION_BASE 0x40000000u
#define ROOTLIB_VREGION_END 0x80000000u

struct rootlib_tls; /* <rootlib/thread.h> */
struct rootlib_env;

/*
 * Where an environment's slots and objects come from. rootlib_env_init
 * plugs in a struct rootlib_pool of BootInfo's empty slots and untypeds
 * (rootlib_pool_allocator); a program that hands out its resources its own
 * way plugs in its own functions with rootlib_env_init_with (keeltest gives
 * each test a window of slots and one untyped). Every rootlib call that
 * makes objects goes through these; ctx is env->allocator_ctx.
 */
struct rootlib_allocator {
    /* A free slot of env->cnode (depth seL4_WordBits). */
    seL4_Error (*slot_alloc)(struct rootlib_env *env, seL4_CPtr *slot);
    /* Empty a slot it handed out and take it back (seL4_RangeError, and
     * no change, if it did not hand it out). NULL: slots are not reused,
     * and rootlib_slot_free only deletes the cap. */
    seL4_Error (*slot_free)(struct rootlib_env *env, seL4_CPtr slot);
    /* A new object of `type` (see rootlib_object_size_bits) in a fresh slot. */
    seL4_Error (*object_alloc)(struct rootlib_env *env, seL4_Word type, seL4_Word size_bits,
                               seL4_CPtr *cap);
    /* A 4 KiB frame of device memory at physical address paddr (page-aligned). */
    seL4_Error (*device_frame_alloc)(struct rootlib_env *env, seL4_Word paddr, seL4_CPtr *frame);
};

struct rootlib_env {
    seL4_BootInfo *bi;
    seL4_CPtr cnode;  /* the root CNode: slots are addressed with depth seL4_WordBits */
    seL4_CPtr vspace; /* the page directory threads and mappings use */
    seL4_CPtr tcb;    /* the authority for priorities (the initial thread's TCB) */
    const struct rootlib_tls *tls;  /* how a new thread's TLS is made */
    struct rootlib_vregion vregion; /* where new mappings and threads go */
    const struct rootlib_allocator *allocator;
    void *allocator_ctx;
};

/* rootlib's own allocator: BootInfo's empty slots and its untypeds (RAM
 * objects from the best-fitting one, device frames by padding). */
struct rootlib_pool {
    struct rootlib_slots slots;
    struct rootlib_untyped_pool untypeds;
};
extern const struct rootlib_allocator rootlib_pool_allocator;

/* Take over BootInfo's empty slots and untypeds into *pool (the program
 * keeps it, static: it is about 9 KiB) and the default virtual range, for
 * the initial thread's CSpace and VSpace. */
void rootlib_env_init(struct rootlib_env *env, struct rootlib_pool *pool, seL4_BootInfo *bi);

/* The same with another allocator: env's CSpace, VSpace, TCB, TLS and
 * virtual range are the defaults above, for the caller to change. */
void rootlib_env_init_with(struct rootlib_env *env, seL4_BootInfo *bi,
                           const struct rootlib_allocator *allocator, void *ctx);

/* A free slot of the root CNode (seL4_NotEnoughMemory if none is left). */
seL4_Error rootlib_slot_alloc(struct rootlib_env *env, seL4_CPtr *slot);

/* Delete the cap in a slot and give the slot back (seL4_RangeError if the
 * allocator did not hand it out). */
seL4_Error rootlib_slot_free(struct rootlib_env *env, seL4_CPtr slot);

/* A copy of the root CNode's cap `src` in a fresh slot, with these rights
 * and badge (CNode_Mint; badge 0 leaves an endpoint or notification cap
 * unbadged). Errors: the allocator's, or what CNode_Mint said. */
seL4_Error rootlib_mint(struct rootlib_env *env, seL4_CPtr src, seL4_CapRights_t rights,
                        seL4_Word badge, seL4_CPtr *slot);

/* The size in bits of an object of `type` (seL4_ObjectType or an
 * seL4_ARM_* type) made with `size_bits` (CNodes: slots; untypeds:
 * bytes; others ignore it); 0 if rootlib does not know the type. */
seL4_Word rootlib_object_size_bits(seL4_Word type, seL4_Word size_bits);

/* A new object in a fresh slot, from the allocator (the pool: retyped from
 * the best-fitting RAM untyped). seL4_InvalidArgument for an unknown type,
 * seL4_NotEnoughMemory if no slot or no untyped has room, or what
 * Untyped_Retype said. */
seL4_Error rootlib_alloc_object(struct rootlib_env *env, seL4_Word type, seL4_Word size_bits,
                                seL4_CPtr *cap);

/* A 4 KiB frame of device memory at physical address paddr (rounded down
 * to its page), from the allocator (the pool: retyped from the device
 * untyped that covers it, as rootlib_device_frame_from does).
 * seL4_RangeError if no device untyped covers paddr, seL4_RevokeFirst if
 * that page was already handed out. */
seL4_Error rootlib_alloc_device_frame(struct rootlib_env *env, seL4_Word paddr, seL4_CPtr *frame);

/* A frame at page-aligned physical address paddr from device untyped *u,
 * whose watermark says how much of it is used: padding untypeds (slots
 * from env) use up the memory below paddr, the largest that fit first, and
 * keep it; the frame retyped next lands on paddr. The watermark moves with
 * each retype. seL4_RevokeFirst if the watermark is past paddr. */
seL4_Error rootlib_device_frame_from(struct rootlib_env *env, struct rootlib_untyped *u,
                                     seL4_Word paddr, seL4_CPtr *frame);

/* A page directory with an ASID from the initial thread's ASID pool
 * (seL4_CapInitThreadASIDPool), ready to map into. */
seL4_Error rootlib_alloc_vspace(struct rootlib_env *env, seL4_CPtr *pd);
