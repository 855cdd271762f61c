/*
 * apps/uart_driver: a user-level driver for the PL011 UART that receives
 * characters by interrupt, and a client that reads a line from it. It is
 * the example to copy when writing a driver. The root task gathers what a
 * driver needs, the way a system's init would:
 *   1. device memory: a frame for the PL011's registers, retyped from the
 *      device untyped that covers them and mapped uncached;
 *   2. the interrupt: an IRQHandler cap for the UART's line from
 *      IRQControl, set to signal a notification;
 *   3. the driver thread (driver.c), with that notification bound to its
 *      TCB and an endpoint on which it serves clients;
 *   4. a client thread that asks the driver for characters until it has a
 *      line, prints it and closes the driver.
 * All threads share the root task's CSpace and VSpace to keep the example
 * short; a real system would give the driver its own, holding only these caps.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <keel/runtime.h>
#include <sel4/sel4.h>
#include "driver.h"
#include "pl011.h"

/* The UART as QEMU virt's device tree describes it (node pl011@9000000):
 * reg = <0x09000000 0x1000>, interrupts = <0 1 4>, i.e. shared peripheral
 * interrupt (SPI) 1, level-high. SPIs start at GIC interrupt ID 32. */
#define UART_PADDR 0x09000000u
#define UART_IRQ (32u + 1u)

/* Free virtual addresses in the root task's VSpace (its image starts at
 * 0x10000): the registers, then the threads' IPC buffers, all in the
 * 1 MiB one page table covers. */
#define UART_VADDR 0x10000000u
#define IPC_BUFFER_VADDR(i) (UART_VADDR + (1u + (i)) * 4096u)

/* Priorities: the root task waits above everyone, the driver runs above
 * its clients so that it empties the FIFO before it overflows. */
#define DRIVER_PRIORITY 200
#define CLIENT_PRIORITY 100

/* Badges of the threads' caps to the "done" notification the root task
 * waits on. */
#define DONE_DRIVER 1u
#define DONE_CLIENT 2u

static seL4_BootInfo *bi;
static seL4_CPtr next_free_slot;
static seL4_CPtr ram; /* the RAM untyped kernel objects come from */

static void check(seL4_Error err, const char *what)
{
    if (err != seL4_NoError) {
        printf("uart_driver: %s failed with error %d\n", what, (int)err);
        exit(1);
    }
}

static seL4_CPtr alloc_slot(void)
{
    if (next_free_slot >= bi->empty.end) {
        printf("uart_driver: out of CNode slots\n");
        exit(1);
    }
    return next_free_slot++;
}

static seL4_CPtr retype(seL4_CPtr untyped, seL4_Word type, seL4_Word size_bits)
{
    seL4_CPtr slot = alloc_slot();
    check(seL4_Untyped_Retype(untyped, type, size_bits, seL4_CapInitThreadCNode, 0, 0, slot, 1),
          "Untyped_Retype");
    return slot;
}

static seL4_CPtr mint(seL4_CPtr src, seL4_CapRights_t rights, seL4_Word badge)
{
    seL4_CPtr slot = alloc_slot();
    check(seL4_CNode_Mint(seL4_CapInitThreadCNode, slot, seL4_WordBits, seL4_CapInitThreadCNode,
                          src, seL4_WordBits, rights, badge),
          "CNode_Mint");
    return slot;
}

/* A RAM untyped of at least 64 KiB: plenty for the objects below. */
static seL4_CPtr find_ram_untyped(void)
{
    for (seL4_Word i = 0; i < bi->untyped.end - bi->untyped.start; i++) {
        if (!bi->untypedList[i].isDevice && bi->untypedList[i].sizeBits >= 16) {
            return bi->untyped.start + i;
        }
    }
    printf("uart_driver: no RAM untyped of 64 KiB\n");
    exit(1);
}

/*
 * A frame cap for the 4 KiB page of device memory at paddr. An untyped
 * hands out memory from its start upwards, each new object aligned to its
 * own size, and device untypeds can only become frames or smaller
 * untypeds. So to reach an offset inside one, retype "padding" untypeds
 * for the bits set in the offset, largest first; the frame retyped next
 * lands exactly at paddr. (This assumes nothing was retyped from that
 * untyped before; the padding caps keep the memory below reserved.)
 */
static seL4_CPtr device_frame_at(seL4_Word paddr)
{
    for (seL4_Word i = 0; i < bi->untyped.end - bi->untyped.start; i++) {
        const seL4_UntypedDesc *u = &bi->untypedList[i];
        uint64_t offset = (uint64_t)paddr - u->paddr;
        if (!u->isDevice || paddr < u->paddr || offset >= ((uint64_t)1 << u->sizeBits)) {
            continue;
        }
        seL4_CPtr untyped = bi->untyped.start + i;
        for (int bits = u->sizeBits - 1; bits >= seL4_PageBits; bits--) {
            if (offset & ((uint64_t)1 << bits)) {
                retype(untyped, seL4_UntypedObject, bits);
            }
        }
        return retype(untyped, seL4_ARM_SmallPageObject, 0);
    }
    printf("uart_driver: no device untyped covers 0x%lx\n", (unsigned long)paddr);
    exit(1);
}

/* Maps the UART's registers at UART_VADDR and checks they answer as a
 * PL011 does: the PrimeCell ID, then the part number. */
static uintptr_t map_uart(void)
{
    static const uint8_t primecell[] = PRIMECELL_ID;
    seL4_CPtr frame = device_frame_at(UART_PADDR);
    seL4_CPtr pt = retype(ram, seL4_ARM_PageTableObject, 0);

    check(seL4_ARM_PageTable_Map(pt, seL4_CapInitThreadVSpace, UART_VADDR,
                                 seL4_ARM_Default_VMAttributes),
          "PageTable_Map");
    /* Device registers must not be cached: leave seL4_ARM_PageCacheable
     * out of the attributes (and never execute from them). */
    check(seL4_ARM_Page_Map(frame, seL4_CapInitThreadVSpace, UART_VADDR, seL4_ReadWrite,
                            seL4_ARM_ExecuteNever),
          "Page_Map of the UART");
    for (unsigned i = 0; i < sizeof primecell; i++) {
        if ((pl011_read(UART_VADDR, PL011_PCELL_ID0 + 4 * i) & 0xff) != primecell[i]) {
            printf("uart_driver: no PrimeCell at 0x%x\n", UART_PADDR);
            exit(1);
        }
    }
    uint32_t part = (pl011_read(UART_VADDR, PL011_PERIPH_ID0) & 0xff) |
                    (pl011_read(UART_VADDR, PL011_PERIPH_ID0 + 4) & 0xf) << 8;
    printf("uart_driver: PL011 at 0x%08x mapped uncached at 0x%08x, part number 0x%03lx\n",
           UART_PADDR, UART_VADDR, (unsigned long)part);
    if (part != PL011_PART_NUMBER) {
        exit(1);
    }
    return UART_VADDR;
}

/* ---- Threads ---- */

struct thread {
    seL4_CPtr tcb;
    seL4_CPtr done;           /* signalled (with this thread's badge) when fn returns */
    void (*fn)(void *arg);
    void *arg;
    char stack[8192] __attribute__((aligned(16)));
    char tls[512] __attribute__((aligned(64)));
};

/* Where a new thread starts: r0 and r1 as create_thread sets them. */
static void thread_entry(struct thread *t, seL4_IPCBuffer *ipc_buffer)
{
    seL4_SetIPCBuffer(ipc_buffer); /* libsel4's thread-local pointer */
    t->fn(t->arg);
    seL4_Signal(t->done);
    seL4_TCB_Suspend(t->tcb);
}

/* Creates a thread in the root task's CSpace and VSpace, with its own
 * stack, TLS and IPC buffer (the i-th), ready to run fn(arg) once resumed. */
static void create_thread(struct thread *t, unsigned i, seL4_Word priority)
{
    seL4_Word buffer_vaddr = IPC_BUFFER_VADDR(i);
    seL4_CPtr buffer = retype(ram, seL4_ARM_SmallPageObject, 0);

    if (keel_tls_area_size() > sizeof t->tls || keel_tls_area_align() > 64) {
        printf("uart_driver: the program's TLS does not fit a thread's area\n");
        exit(1);
    }
    t->tcb = retype(ram, seL4_TCBObject, 0);
    check(seL4_ARM_Page_Map(buffer, seL4_CapInitThreadVSpace, buffer_vaddr, seL4_ReadWrite,
                            seL4_ARM_Default_VMAttributes),
          "Page_Map of an IPC buffer");
    check(seL4_TCB_Configure(t->tcb, seL4_CapNull, seL4_CapInitThreadCNode, 0,
                             seL4_CapInitThreadVSpace, 0, buffer_vaddr, buffer),
          "TCB_Configure");
    check(seL4_TCB_SetPriority(t->tcb, seL4_CapInitThreadTCB, priority), "TCB_SetPriority");

    seL4_UserContext regs;
    memset(&regs, 0, sizeof regs);
    regs.pc = (seL4_Word)thread_entry;
    regs.sp = (seL4_Word)(t->stack + sizeof t->stack);
    regs.r0 = (seL4_Word)t;
    regs.r1 = buffer_vaddr;
    regs.tpidruro = keel_tls_init(t->tls);
    check(seL4_TCB_WriteRegisters(t->tcb, false, 0, sizeof regs / sizeof(seL4_Word), &regs),
          "TCB_WriteRegisters");
}

/* ---- The two threads' bodies ---- */

static void driver_main(void *arg)
{
    uart_driver_run(arg);
}

static void client_main(void *arg)
{
    seL4_CPtr driver = *(const seL4_CPtr *)arg;
    char line[80];
    size_t len = 0;
    bool end = false;

    while (!end) {
        seL4_MessageInfo_t reply = seL4_Call(driver, seL4_MessageInfo_new(UART_READ, 0, 0, 0));
        for (seL4_Word i = 0; i < seL4_MessageInfo_get_length(reply) && !end; i++) {
            char c = (char)seL4_GetMR(i);
            end = c == '\n' || c == '\r';
            if (!end && len < sizeof line) {
                line[len++] = c;
            }
        }
    }
    printf("uart_driver: received line: '%.*s'\n", (int)len, line);
    seL4_Call(driver, seL4_MessageInfo_new(UART_CLOSE, 0, 0, 0));
}

/* ---- The root task ---- */

/* What the threads get: they read it while main() waits. */
static struct uart_driver driver;
static seL4_CPtr client_ep;
static struct thread driver_thread, client_thread;

int main(void)
{
    bi = seL4_GetBootInfo();
    next_free_slot = bi->empty.start;
    ram = find_ram_untyped();

    /* 1. The device's registers. */
    uintptr_t regs = map_uart();

    /* 2. Its interrupt: a handler cap for the line, signalling a
     * notification whose badge marks it for the driver's Recv. */
    seL4_CPtr irq_handler = alloc_slot();
    check(seL4_IRQControl_Get(seL4_CapIRQControl, UART_IRQ, seL4_CapInitThreadCNode, irq_handler,
                              seL4_WordBits),
          "IRQControl_Get");
    seL4_CPtr irq_ntfn = retype(ram, seL4_NotificationObject, 0);
    check(seL4_IRQHandler_SetNotification(irq_handler,
                                          mint(irq_ntfn, seL4_AllRights, UART_BADGE_IRQ)),
          "IRQHandler_SetNotification");
    printf("uart_driver: interrupt %u signals a notification with badge 0x%lx\n", UART_IRQ,
           (unsigned long)UART_BADGE_IRQ);

    /* 3. The driver thread: the endpoint it serves, the notification bound
     * to its TCB, a slot for a pending reply. */
    seL4_CPtr endpoint = retype(ram, seL4_EndpointObject, 0);
    seL4_CPtr done = retype(ram, seL4_NotificationObject, 0);
    driver = (struct uart_driver){
        .regs = regs,
        .irq_handler = irq_handler,
        .endpoint = endpoint,
        .cnode = seL4_CapInitThreadCNode,
        .reply_slot = alloc_slot(),
    };
    driver_thread.fn = driver_main;
    driver_thread.arg = &driver;
    driver_thread.done = mint(done, seL4_AllRights, DONE_DRIVER);
    create_thread(&driver_thread, 0, DRIVER_PRIORITY);
    check(seL4_TCB_BindNotification(driver_thread.tcb, irq_ntfn), "TCB_BindNotification");
    check(seL4_TCB_Resume(driver_thread.tcb), "TCB_Resume");

    /* 4. The client: a badged endpoint cap with just the rights a Call
     * needs, write (to send) and grant-reply (for the driver's reply cap). */
    client_ep = mint(endpoint, seL4_CapRights_new(1, 0, 0, 1), UART_BADGE_CLIENT);
    client_thread.fn = client_main;
    client_thread.arg = &client_ep;
    client_thread.done = mint(done, seL4_AllRights, DONE_CLIENT);
    create_thread(&client_thread, 1, CLIENT_PRIORITY);
    check(seL4_TCB_Resume(client_thread.tcb), "TCB_Resume");

    /* Both threads run while the root task waits for them to finish. */
    seL4_Word finished = 0;
    while (finished != (DONE_DRIVER | DONE_CLIENT)) {
        seL4_Word word;
        seL4_Wait(done, &word);
        finished |= word;
    }

    /* Deleting the handler cap masks the line and frees it for another. */
    check(seL4_CNode_Delete(seL4_CapInitThreadCNode, irq_handler, seL4_WordBits),
          "CNode_Delete of the IRQ handler");
    printf("uart_driver: success: the client read a line through the driver\n");
    return 0;
}
