/*
 * Tutorial 9 (docs/tutorials/9-interrupts.md): interrupts. The root task
 * drives QEMU virt's PL031 real-time clock from user level: it maps the
 * device's registers uncached, gets an IRQHandler cap for its interrupt,
 * has the interrupt signal a notification, and sets the RTC's alarm twice,
 * waiting for, clearing and acknowledging each interrupt.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sel4/sel4.h>
#include <rootlib/env.h>
#include <rootlib/vspace.h>

/* QEMU virt's device tree, node pl031@9010000: reg = <0x09010000 0x1000>,
 * interrupts = <0 2 4>: shared peripheral interrupt 2, and SPIs start at
 * GIC interrupt ID 32. */
#define RTC_PADDR 0x09010000u
#define RTC_IRQ (32u + 2u)

/* PL031 registers (PL031 TRM, 3.2), in 32-bit words. */
#define RTC_DR (0x00 / 4)   /* data: the current time in seconds */
#define RTC_MR (0x04 / 4)   /* match: interrupt when DR reaches it */
#define RTC_IMSC (0x10 / 4) /* interrupt mask set/clear: bit 0 enables */
#define RTC_MIS (0x18 / 4)  /* masked interrupt status */
#define RTC_ICR (0x1c / 4)  /* interrupt clear */

#define IRQ_BADGE 0x1u
#define ALARMS 2

static struct rootlib_pool pool; /* BootInfo's slots and untypeds */
static struct rootlib_env env;

static void check(seL4_Error err, const char *what)
{
    if (err != seL4_NoError) {
        printf("interrupts: %s failed with error %d\n", what, (int)err);
        exit(1);
    }
}

/* An IRQHandler cap for the RTC's line, signalling `ntfn` (badged). */
static seL4_CPtr irq_setup(seL4_CPtr ntfn)
{
    seL4_CPtr handler, badged;
    check(rootlib_slot_alloc(&env, &handler), "slot");
    check(seL4_IRQControl_Get(seL4_CapIRQControl, RTC_IRQ, seL4_CapInitThreadCNode, handler,
                              seL4_WordBits),
          "IRQControl_Get");
    check(rootlib_mint(&env, ntfn, seL4_AllRights, IRQ_BADGE, &badged), "Mint");
    check(seL4_IRQHandler_SetNotification(handler, badged), "IRQHandler_SetNotification");
    return handler;
}

/* One alarm: set it a second ahead, wait for the signal, then clear the
 * device's interrupt before acknowledging it to the kernel. */
static void one_alarm(volatile uint32_t *rtc, seL4_CPtr handler, seL4_CPtr ntfn, int n)
{
    seL4_Word badge;
    rtc[RTC_MR] = rtc[RTC_DR] + 1;
    seL4_Wait(ntfn, &badge);
    uint32_t status = rtc[RTC_MIS];
    rtc[RTC_ICR] = 1;
    check(seL4_IRQHandler_Ack(handler), "IRQHandler_Ack");
    printf("interrupts: alarm %d: badge 0x%lx, RTC interrupt status 0x%lx; cleared and acked\n", n,
           (unsigned long)badge, (unsigned long)status);
}

int main(void)
{
    void *regs;
    seL4_CPtr ntfn;

    rootlib_env_init(&env, &pool, seL4_GetBootInfo());
    check(rootlib_map_device(&env, RTC_PADDR, 0x1000, &regs), "rootlib_map_device");
    volatile uint32_t *rtc = regs;
    check(rootlib_alloc_object(&env, seL4_NotificationObject, 0, &ntfn), "notification");
    seL4_CPtr handler = irq_setup(ntfn);
    printf("interrupts: PL031 RTC mapped uncached at %p; interrupt %u signals badge 0x%x\n", regs,
           RTC_IRQ, IRQ_BADGE);

    rtc[RTC_ICR] = 1;                                      /* nothing stale */
    rtc[RTC_IMSC] = 1;                                     /* the device may raise its line */
    check(seL4_IRQHandler_Ack(handler), "IRQHandler_Ack"); /* unmask the line (see the page) */
    for (int n = 1; n <= ALARMS; n++) {
        one_alarm(rtc, handler, ntfn, n);
    }
    rtc[RTC_IMSC] = 0;
    check(seL4_CNode_Delete(seL4_CapInitThreadCNode, handler, seL4_WordBits), "Delete");
    printf("interrupts: %d alarms; the handler cap deleted, which masks the line\n", ALARMS);
    return 0;
}
