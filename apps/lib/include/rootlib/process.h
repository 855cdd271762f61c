/*
 * rootlib's processes: a thread in an address space and CSpace of its own.
 * The root task makes a page directory (with an ASID from its initial ASID
 * pool) and a CNode, loads an ELF held in its own memory into the new
 * address space, hands caps to the new CNode at chosen slots, and starts
 * the process's thread; its faults come to an endpoint the root task holds.
 *
 * The new CSpace has the root task's layout where it matters: its CNode
 * cap is guarded so that depth 32 names a slot, and slots
 * ROOTLIB_PROCESS_TCB_SLOT, _CNODE_SLOT and _VSPACE_SLOT hold its own
 * TCB, CNode and page directory, as a root task's slots 1-3 do.
 */
#pragma once

#include <rootlib/env.h>

#define ROOTLIB_PROCESS_TCB_SLOT seL4_CapInitThreadTCB
#define ROOTLIB_PROCESS_CNODE_SLOT seL4_CapInitThreadCNode
#define ROOTLIB_PROCESS_VSPACE_SLOT seL4_CapInitThreadVSpace
#define ROOTLIB_PROCESS_FAULT_SLOT 4u /* the fault endpoint, if any */

struct rootlib_process {
    seL4_CPtr tcb;
    seL4_CPtr cnode; /* in the root task's CSpace, guarded for depth 32 */
    seL4_CPtr vspace;
    seL4_Word cnode_size_bits;
    seL4_Word entry; /* from the ELF */
    seL4_CPtr ipc_frame;
    seL4_Word ipc_buffer; /* its address in the process */
};

/* A new, empty process: CNode of 2^cnode_size_bits slots, page directory
 * with an ASID, TCB, and its own caps in the CNode. */
seL4_Error rootlib_process_create(struct rootlib_env *env, struct rootlib_process *p,
                                  seL4_Word cnode_size_bits);

/* Mint a cap of the root task's CSpace into slot `slot` of the process's
 * CNode, with these rights and badge (0: an unbadged copy). */
seL4_Error rootlib_process_give(struct rootlib_process *p, seL4_Word slot, seL4_CPtr cap,
                                seL4_CapRights_t rights, seL4_Word badge);

/* A fresh page mapped at vaddr in the process; *data (may be NULL) gets
 * the frame cap. The page is zero. */
seL4_Error rootlib_process_map_new_page(struct rootlib_env *env, struct rootlib_process *p,
                                        seL4_Word vaddr, seL4_CPtr *frame);

/* Copy bytes into the process's page `frame` at offset `at` (through a
 * temporary mapping in the root task). */
seL4_Error rootlib_process_write(struct rootlib_env *env, seL4_CPtr frame, seL4_Word at,
                                 const void *bytes, seL4_Word size);

/* Load an ELF executable (ARM, 32-bit) into the process: fresh pages for
 * every loadable segment, file bytes copied, the rest zero.
 * seL4_InvalidArgument if the ELF is not one rootlib reads. */
seL4_Error rootlib_process_load_elf(struct rootlib_env *env, struct rootlib_process *p,
                                    const void *elf, seL4_Word size);

/* Start the process's thread at its ELF entry, with r0 = arg, its IPC
 * buffer at ipc_buffer (a page rootlib maps), at `priority`, with the
 * fault endpoint `fault_ep` of the root task's CSpace (seL4_CapNull: none)
 * minted with `fault_badge` into ROOTLIB_PROCESS_FAULT_SLOT. A program
 * built with Keel's keel_process also reports its exit there: a message
 * with label 0 and its status in MR0 (see <keel/runtime.h>). */
seL4_Error rootlib_process_start(struct rootlib_env *env, struct rootlib_process *p,
                                 seL4_Word ipc_buffer, seL4_Word arg, seL4_Word priority,
                                 seL4_CPtr fault_ep, seL4_Word fault_badge);
