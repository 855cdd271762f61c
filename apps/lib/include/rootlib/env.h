/*
 * rootlib: a library for seL4 root tasks, on Keel or on seL4 (it uses only
 * libsel4). struct rootlib_env gathers what a root task allocates from:
 * the CSpace slots and untypeds BootInfo lists, and a free range of its
 * virtual address space. Every call reports failure as an seL4_Error and
 * leaves the allocators as they were; none asserts on its arguments.
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

struct rootlib_env {
    seL4_BootInfo *bi;
    seL4_CPtr cnode;  /* the root CNode: slots are addressed with depth seL4_WordBits */
    seL4_CPtr vspace; /* the page directory threads and mappings use */
    seL4_CPtr tcb;    /* the authority for priorities (the initial thread's TCB) */
    const struct rootlib_tls *tls; /* how a new thread's TLS is made */
    struct rootlib_slots slots;
    struct rootlib_untyped_pool untypeds;
    struct rootlib_vregion vregion;
};

/* Take over BootInfo's empty slots and untypeds and the default virtual
 * range, for the initial thread's CSpace and VSpace. */
void rootlib_env_init(struct rootlib_env *env, seL4_BootInfo *bi);

/* A free slot of the root CNode (seL4_NotEnoughMemory if none is left). */
seL4_Error rootlib_slot_alloc(struct rootlib_env *env, seL4_CPtr *slot);

/* Delete the cap in a slot and give the slot back (seL4_RangeError if the
 * allocator did not hand it out). */
seL4_Error rootlib_slot_free(struct rootlib_env *env, seL4_CPtr slot);

/* The size in bits of an object of `type` (seL4_ObjectType or an
 * seL4_ARM_* type) made with `size_bits` (CNodes: slots; untypeds:
 * bytes; others ignore it); 0 if rootlib does not know the type. */
seL4_Word rootlib_object_size_bits(seL4_Word type, seL4_Word size_bits);

/* Retype a new object from the best-fitting RAM untyped into a fresh slot.
 * seL4_InvalidArgument for an unknown type, seL4_NotEnoughMemory if no
 * slot or no untyped has room, or what Untyped_Retype said. */
seL4_Error rootlib_alloc_object(struct rootlib_env *env, seL4_Word type, seL4_Word size_bits,
                                seL4_CPtr *cap);

/* A 4 KiB frame of device memory at physical address paddr (rounded down
 * to its page), retyped from the device untyped that covers it after
 * padding untypeds that use up the memory below. seL4_RangeError if no
 * device untyped covers paddr, seL4_RevokeFirst if that page was already
 * handed out. */
seL4_Error rootlib_alloc_device_frame(struct rootlib_env *env, seL4_Word paddr,
                                      seL4_CPtr *frame);
