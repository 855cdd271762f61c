/*
 * The driver thread: it owns the PL011's receive side and its interrupt,
 * buffers what arrives and hands it to clients on request. One loop, the
 * seL4 pattern for a driver that is also a server: the IRQ notification is
 * bound to this thread's TCB, so a single seL4_Recv on the endpoint returns
 * either a client's request or the interrupt's signal, told apart by badge.
 * rootlib_serve runs the loop; handle() answers each message.
 */
#include <stdbool.h>
#include <stdio.h>
#include <rootlib/server.h>
#include "driver.h"
#include "pl011.h"

/* Characters received and not yet handed to a client. */
static struct {
    char data[64];
    unsigned head, count;
} rx;

static unsigned interrupts, received, dropped;
static bool client_waiting; /* its reply cap is in reply_slot */

/*
 * Takes what the receive FIFO holds: first clear the receive interrupts,
 * then empty the FIFO. In that order no character is lost: one arriving
 * after the FIFO was emptied raises the interrupt again. (Clearing after
 * emptying could clear the interrupt of a character that came in between.)
 */
static void receive(const struct uart_driver *d)
{
    pl011_write(d->regs, PL011_ICR, PL011_INT_RX | PL011_INT_RT);
    while (!(pl011_read(d->regs, PL011_FR) & PL011_FR_RXFE)) {
        uint32_t dr = pl011_read(d->regs, PL011_DR);
        if ((dr & PL011_DR_ERRORS) || rx.count == sizeof rx.data) {
            dropped++; /* a framing, parity, break or overrun error, or no room */
            continue;
        }
        rx.data[(rx.head + rx.count++) % sizeof rx.data] = (char)(dr & PL011_DR_DATA);
        received++;
    }
}

/* The interrupt's signal: the kernel has masked the line since it
 * signalled us; receive, then Ack to unmask it. If the device still (or
 * again) asserts the line, the kernel signals us once more. */
static void handle_interrupt(const struct uart_driver *d)
{
    interrupts++;
    receive(d);
    seL4_IRQHandler_Ack(d->irq_handler);
}

/* Moves up to UART_READ_MAX buffered characters into a reply. */
static seL4_MessageInfo_t read_reply(void)
{
    seL4_Word n = 0;
    while (rx.count > 0 && n < UART_READ_MAX) {
        seL4_SetMR(n++, (unsigned char)rx.data[rx.head]);
        rx.head = (rx.head + 1) % sizeof rx.data;
        rx.count--;
    }
    return seL4_MessageInfo_new(0, 0, 0, n);
}

/* One message from the server loop: the interrupt's signal (the bound
 * notification's badge) or a client's request (the endpoint cap's). */
static enum rootlib_server_action handle(void *ctx, seL4_Word badge, seL4_MessageInfo_t *msg)
{
    const struct uart_driver *d = ctx;
    enum rootlib_server_action action = ROOTLIB_SERVER_NO_REPLY;

    if (badge & UART_BADGE_IRQ) {
        handle_interrupt(d);
    } else if (seL4_MessageInfo_get_label(*msg) == UART_READ) {
        /* Answer later, perhaps after the next interrupt: keep the reply
         * cap, as the next Recv would replace it. */
        seL4_CNode_SaveCaller(d->cnode, d->reply_slot, seL4_WordBits);
        client_waiting = true;
    } else if (seL4_MessageInfo_get_label(*msg) == UART_CLOSE) {
        pl011_write(d->regs, PL011_IMSC, 0);
        pl011_write(d->regs, PL011_ICR, PL011_INT_ALL);
        printf("uart_driver: driver stopped: %u characters received, %u dropped, "
               "%u interrupts\n",
               received, dropped, interrupts);
        *msg = seL4_MessageInfo_new(0, 0, 0, 0);
        return ROOTLIB_SERVER_STOP; /* the loop replies to the UART_CLOSE */
    } else {
        *msg = seL4_MessageInfo_new(seL4_IllegalOperation, 0, 0, 0);
        action = ROOTLIB_SERVER_REPLY;
    }
    if (client_waiting && rx.count > 0) {
        seL4_Send(d->reply_slot, read_reply()); /* uses the reply cap up */
        client_waiting = false;
    }
    return action;
}

void uart_driver_run(const struct uart_driver *d)
{
    /* The line settings stay as firmware (or QEMU's reset) left them: the
     * kernel's console transmits on this UART too. Only the interrupts are
     * ours: clear stale ones, enable receive and receive timeout, and
     * take what arrived before we started. */
    pl011_write(d->regs, PL011_ICR, PL011_INT_ALL);
    pl011_write(d->regs, PL011_IMSC, PL011_INT_RX | PL011_INT_RT);
    receive(d);
    /* Enable the line at the interrupt controller. (Keel leaves a newly
     * issued handler's line masked until its first Ack; on seL4 it is
     * already enabled and this Ack changes nothing.) */
    seL4_IRQHandler_Ack(d->irq_handler);
    printf("uart_driver: ready\n");
    rootlib_serve(d->endpoint, handle, (void *)d);
}
