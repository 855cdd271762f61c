/*
 * apps/uart_driver (tutorial 11, docs/tutorials/11-device-driver.md): a
 * user-level driver for the PL011 UART that receives characters by
 * interrupt, and a client that reads a line from it, on rootlib. The root
 * task gathers what a driver needs, the way a system's init would:
 *   1. device memory: the PL011's register page, mapped uncached;
 *   2. the interrupt: an IRQHandler cap for the UART's line from
 *      IRQControl, set to signal a notification;
 *   3. the driver thread (driver.c), with that notification bound to its
 *      TCB and an endpoint on which it serves clients;
 *   4. a client thread that asks the driver for characters until it has a
 *      line, prints it and closes the driver.
 * All threads share the root task's CSpace and VSpace to keep the example
 * short; a real system would give the driver its own, holding only these
 * caps (tutorial 10 shows how).
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <rootlib/rootlib.h>
#include "driver.h"
#include "pl011.h"

/* The UART as QEMU virt's device tree describes it (node pl011@9000000):
 * reg = <0x09000000 0x1000>, interrupts = <0 1 4>, i.e. shared peripheral
 * interrupt (SPI) 1, level-high. SPIs start at GIC interrupt ID 32. */
#define UART_PADDR 0x09000000u
#define UART_SIZE 0x1000u
#define UART_IRQ (32u + 1u)

/* Priorities: the root task waits above everyone, the driver runs above
 * its client so that it empties the FIFO before it overflows. */
#define DRIVER_PRIORITY 200
#define CLIENT_PRIORITY 100

static struct rootlib_pool pool; /* BootInfo's slots and untypeds */
static struct rootlib_env env;

static void check(seL4_Error err, const char *what)
{
    if (err != seL4_NoError) {
        printf("uart_driver: %s failed with error %d\n", what, (int)err);
        exit(1);
    }
}

/* Maps the UART's registers and checks they answer as a PL011 does: the
 * PrimeCell ID, then the part number. rootlib_map_device retypes the page
 * from the device untyped that covers it and maps it without
 * seL4_ARM_PageCacheable: device registers must not be cached. */
static uintptr_t map_uart(void)
{
    static const uint8_t primecell[] = PRIMECELL_ID;
    void *regs;

    check(rootlib_map_device(&env, UART_PADDR, UART_SIZE, &regs), "mapping the UART");
    uintptr_t base = (uintptr_t)regs;
    for (unsigned i = 0; i < sizeof primecell; i++) {
        if ((pl011_read(base, PL011_PCELL_ID0 + 4 * i) & 0xff) != primecell[i]) {
            printf("uart_driver: no PrimeCell at 0x%x\n", UART_PADDR);
            exit(1);
        }
    }
    uint32_t part = (pl011_read(base, PL011_PERIPH_ID0) & 0xff) |
                    (pl011_read(base, PL011_PERIPH_ID0 + 4) & 0xf) << 8;
    printf("uart_driver: PL011 at 0x%08x mapped uncached at 0x%08lx, part number 0x%03lx\n",
           UART_PADDR, (unsigned long)base, (unsigned long)part);
    if (part != PL011_PART_NUMBER) {
        exit(1);
    }
    return base;
}

/* ---- The two threads' bodies ---- */

static seL4_Word driver_main(seL4_Word driver)
{
    uart_driver_run((const struct uart_driver *)driver);
    return 0;
}

static seL4_Word client_main(seL4_Word driver_ep)
{
    char line[80];
    size_t len = 0;
    bool end = false;

    while (!end) {
        seL4_MessageInfo_t reply = seL4_Call(driver_ep, seL4_MessageInfo_new(UART_READ, 0, 0, 0));
        for (seL4_Word i = 0; i < seL4_MessageInfo_get_length(reply) && !end; i++) {
            char c = (char)seL4_GetMR(i);
            end = c == '\n' || c == '\r';
            if (!end && len < sizeof line) {
                line[len++] = c;
            }
        }
    }
    printf("uart_driver: received line: '%.*s'\n", (int)len, line);
    seL4_Call(driver_ep, seL4_MessageInfo_new(UART_CLOSE, 0, 0, 0));
    return len;
}

/* ---- The root task ---- */

int main(void)
{
    static struct uart_driver driver; /* the driver thread reads it */
    static struct rootlib_thread driver_thread, client_thread;
    seL4_CPtr irq_handler, irq_ntfn, badged_ntfn, endpoint, reply_slot, client_ep;

    rootlib_env_init(&env, &pool, seL4_GetBootInfo());

    /* 1. The device's registers. */
    uintptr_t regs = map_uart();

    /* 2. Its interrupt: a handler cap for the line, signalling a
     * notification through a cap whose badge marks it for the driver. */
    check(rootlib_slot_alloc(&env, &irq_handler), "slot");
    check(seL4_IRQControl_Get(seL4_CapIRQControl, UART_IRQ, env.cnode, irq_handler, seL4_WordBits),
          "IRQControl_Get");
    check(rootlib_alloc_object(&env, seL4_NotificationObject, 0, &irq_ntfn), "notification");
    check(rootlib_mint(&env, irq_ntfn, seL4_AllRights, UART_BADGE_IRQ, &badged_ntfn), "Mint");
    check(seL4_IRQHandler_SetNotification(irq_handler, badged_ntfn), "IRQHandler_SetNotification");
    printf("uart_driver: interrupt %u signals a notification with badge 0x%lx\n", UART_IRQ,
           (unsigned long)UART_BADGE_IRQ);

    /* 3. The driver thread: the endpoint it serves, the notification bound
     * to its TCB, a slot for a pending reply. */
    check(rootlib_alloc_object(&env, seL4_EndpointObject, 0, &endpoint), "endpoint");
    check(rootlib_slot_alloc(&env, &reply_slot), "slot");
    driver = (struct uart_driver){
        .regs = regs,
        .irq_handler = irq_handler,
        .endpoint = endpoint,
        .cnode = env.cnode,
        .reply_slot = reply_slot,
    };
    check(rootlib_thread_create(&env, &driver_thread, DRIVER_PRIORITY, seL4_CapNull, 0),
          "driver thread");
    check(seL4_TCB_BindNotification(driver_thread.tcb, irq_ntfn), "TCB_BindNotification");
    check(rootlib_thread_start(&driver_thread, driver_main, (seL4_Word)&driver), "start");

    /* 4. The client: a badged endpoint cap with just the rights a Call
     * needs, write (to send) and grant-reply (for the driver's reply cap). */
    check(rootlib_mint(&env, endpoint, seL4_CapRights_new(1, 0, 0, 1), UART_BADGE_CLIENT,
                       &client_ep),
          "Mint");
    check(rootlib_thread_create(&env, &client_thread, CLIENT_PRIORITY, seL4_CapNull, 0),
          "client thread");
    check(rootlib_thread_start(&client_thread, client_main, client_ep), "start");

    /* Both threads run while the root task waits for them to finish. */
    rootlib_thread_join(&client_thread, NULL);
    rootlib_thread_join(&driver_thread, NULL);

    /* Deleting the handler cap masks the line and frees it for another. */
    check(rootlib_slot_free(&env, irq_handler), "deleting the IRQ handler");
    printf("uart_driver: success: the client read a line through the driver\n");
    return 0;
}
