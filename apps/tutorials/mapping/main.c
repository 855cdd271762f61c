/*
 * Tutorial 4 (docs/tutorials/4-mapping.md): mapping frames. The root task
 * maps a frame by hand (a page table first), maps a copy of its cap at a
 * second address to share the memory, unmaps one, then lets rootlib map
 * fresh pages and the PL011 UART's registers (uncached) for it.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sel4/sel4.h>
#include <rootlib/env.h>
#include <rootlib/vspace.h>

/* Addresses this tutorial picks itself: free, and outside rootlib's region
 * (ROOTLIB_VREGION_BASE..END), so the two never collide. */
#define FIRST_VADDR 0x30000000u
#define SECOND_VADDR 0x30001000u

/* QEMU virt's PL011 UART (device tree node pl011@9000000); its peripheral
 * ID registers (PL011 TRM, 3.2) give the part number 0x011. */
#define UART_PADDR 0x09000000u
#define PL011_PERIPH_ID0 0xfe0u
#define PL011_PERIPH_ID1 0xfe4u

static struct rootlib_pool pool; /* BootInfo's slots and untypeds */
static struct rootlib_env env;

static void check(seL4_Error err, const char *what)
{
    if (err != seL4_NoError) {
        printf("mapping: %s failed with error %d\n", what, (int)err);
        exit(1);
    }
}

static seL4_CPtr new_object(seL4_Word type)
{
    seL4_CPtr cap;
    check(rootlib_alloc_object(&env, type, 0, &cap), "object allocation");
    return cap;
}

/* By hand: Page_Map needs a page table for the MiB around the address. */
static seL4_CPtr map_by_hand(void)
{
    seL4_CPtr frame = new_object(seL4_ARM_SmallPageObject);
    seL4_Error err = seL4_ARM_Page_Map(frame, seL4_CapInitThreadVSpace, FIRST_VADDR, seL4_ReadWrite,
                                       seL4_ARM_Default_VMAttributes);
    printf("mapping: Page_Map at 0x%08x: error %d (seL4_FailedLookup: no page table)\n",
           FIRST_VADDR, (int)err);
    seL4_CPtr pt = new_object(seL4_ARM_PageTableObject);
    check(seL4_ARM_PageTable_Map(pt, seL4_CapInitThreadVSpace, FIRST_VADDR,
                                 seL4_ARM_Default_VMAttributes),
          "PageTable_Map");
    printf("mapping: a page table maps [0x%08x, 0x%08x)\n", FIRST_VADDR,
           FIRST_VADDR + (unsigned)ROOTLIB_PAGE_TABLE_SPAN);
    check(seL4_ARM_Page_Map(frame, seL4_CapInitThreadVSpace, FIRST_VADDR, seL4_ReadWrite,
                            seL4_ARM_Default_VMAttributes),
          "Page_Map");
    strcpy((char *)FIRST_VADDR, "written at the first address");
    printf("mapping: frame mapped at 0x%08x, wrote '%s'\n", FIRST_VADDR, (char *)FIRST_VADDR);
    return frame;
}

/* One frame cap maps once; a copy of the cap maps the same memory again. */
static void share(seL4_CPtr frame)
{
    seL4_Error err = seL4_ARM_Page_Map(frame, seL4_CapInitThreadVSpace, SECOND_VADDR,
                                       seL4_ReadWrite, seL4_ARM_Default_VMAttributes);
    printf("mapping: the same cap at 0x%08x: error %d "
           "(seL4_InvalidArgument: mapped elsewhere)\n",
           SECOND_VADDR, (int)err);
    seL4_CPtr copy;
    check(rootlib_slot_alloc(&env, &copy), "slot allocation");
    check(seL4_CNode_Copy(seL4_CapInitThreadCNode, copy, seL4_WordBits, seL4_CapInitThreadCNode,
                          frame, seL4_WordBits, seL4_AllRights),
          "CNode_Copy");
    check(rootlib_map_frame(&env, copy, SECOND_VADDR, seL4_CanRead, ROOTLIB_ATTRS_MEMORY),
          "rootlib_map_frame");
    check(seL4_ARM_Page_Unmap(frame), "Page_Unmap");
    printf("mapping: a copy mapped read-only at 0x%08x; first unmapped; it reads '%s'\n",
           SECOND_VADDR, (char *)SECOND_VADDR);
}

/* rootlib picks the addresses and makes the page tables. */
static void with_rootlib(void)
{
    void *pages, *uart;
    check(rootlib_map_new_pages(&env, 4, &pages), "rootlib_map_new_pages");
    memset(pages, 0xab, 4 * ROOTLIB_PAGE_SIZE);
    printf("mapping: rootlib mapped 4 fresh pages at %p\n", pages);
    check(rootlib_map_device(&env, UART_PADDR, 0x1000, &uart), "rootlib_map_device");
    volatile uint32_t *regs = uart;
    uint32_t part = (regs[PL011_PERIPH_ID0 / 4] & 0xff) | (regs[PL011_PERIPH_ID1 / 4] & 0xf) << 8;
    printf("mapping: PL011 at 0x%08x mapped uncached at %p: part number 0x%03lx\n", UART_PADDR,
           uart, (unsigned long)part);
}

int main(void)
{
    rootlib_env_init(&env, &pool, seL4_GetBootInfo());
    share(map_by_hand());
    with_rootlib();
    return 0;
}
