/*
 * Building the root task at boot: the state shared by the generic part
 * (src/kernel/boot_root_task.c: CNode, initial caps, TCB, BootInfo,
 * untypeds) and the architecture's part (its VSpace: src/arch/<arch>/).
 */
#pragma once

#include <kernel/boot.h>
#include <kernel/boot_mem.h>
#include <object/structures.h>
#include <sel4/bootinfo_types.h>

#define ROOT_CNODE_BITS 13u /* seL4_RootCNodeSizeBits of the reference configuration */

typedef struct {
    const boot_args_t *args;
    boot_mem_t ram;                  /* free RAM (physical) */
    cte_t *cnode;                    /* the root CNode's slots */
    word_t next_slot;                /* first unused slot */
    seL4_BootInfo *bi;               /* the BootInfo frame, through the kernel window */
    vptr_t ui_v_start, ui_v_end;     /* the user image, virtual */
    vptr_t ipc_buffer_v, bi_frame_v; /* the pages after it */
    vptr_t extra_bi_v;               /* the extra BootInfo pages (the DTB record) */
    word_t extra_bi_size;            /* their size in bytes, page-rounded */
    cte_t *ipc_buffer_slot;          /* the IPC buffer frame cap, for the TCB */
} root_boot_t;

/* Fresh zeroed memory of 2^bits bytes from free RAM, as a kernel pointer;
 * stops the kernel if there is none (the root task cannot be built). */
void *root_boot_alloc(root_boot_t *rb, word_t bits);

/* Puts cap into the next free slot of the root CNode; returns the slot. */
cte_t *root_boot_provide_cap(root_boot_t *rb, cap_t cap);

/* Architecture: the root task's address space. Creates its top-level table
 * (cap in seL4_CapInitThreadVSpace), ASID pool (seL4_CapInitThreadASIDPool)
 * and ASID control (seL4_CapASIDControl), maps the user image, the IPC
 * buffer, the BootInfo frame and the extra BootInfo pages (filling in
 * bi->userImageFrames, userImagePaging, extraBIPages and the IPC buffer and
 * BootInfo frame caps). extra_bi holds the extra records already. */
void arch_root_vspace_create(root_boot_t *rb, seL4_BootInfo *bi_frame, void *extra_bi);

/* Builds the root task and makes it the current thread. */
void boot_create_root_task(const boot_args_t *args);
