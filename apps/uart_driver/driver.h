/*
 * The UART driver's interface: the protocol its clients speak over an
 * endpoint, and what the root task hands the driver thread (driver.c).
 */
#pragma once

#include <stdint.h>
#include <sel4/sel4.h>

/*
 * Requests are seL4_Calls on the driver's endpoint; the message label says
 * which. UART_READ waits until at least one character has arrived and
 * replies with up to UART_READ_MAX of them, one per message register
 * (label 0, length = how many). UART_CLOSE turns the device's interrupts
 * off, replies, and ends the driver thread.
 */
enum uart_request {
    UART_READ = 1,
    UART_CLOSE = 2,
};
#define UART_READ_MAX 32

/*
 * The notification bound to the driver's TCB and the endpoint share one
 * seL4_Recv, so the badge tells the driver who woke it: a signal delivers
 * the notification's word (the IRQ handler's badge), a request its
 * endpoint cap's badge. Keep the two sets of bits apart.
 */
#define UART_BADGE_IRQ ((seL4_Word)1 << 0)
#define UART_BADGE_CLIENT ((seL4_Word)1 << 8)

struct uart_driver {
    uintptr_t regs;        /* the PL011's register page, mapped uncached */
    seL4_CPtr irq_handler; /* IRQHandler cap of the UART's interrupt line */
    seL4_CPtr endpoint;    /* where requests arrive (receive right) */
    seL4_CPtr cnode;       /* the driver's CSpace root, ... */
    seL4_CPtr reply_slot;  /* ... and an empty slot in it for a waiting client's reply cap */
};

/* The driver thread's body: serves interrupts and requests until a
 * UART_CLOSE, then returns. */
void uart_driver_run(const struct uart_driver *d);
