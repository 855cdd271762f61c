/*
 * keeltest: interrupts (seL4 manual, "Interrupts" and the IRQControl and
 * IRQHandler methods). Issuing handler caps and its errors, binding a
 * notification, Clear, Ack, deleting a handler, a device frame of the UART,
 * the delivery of real interrupts, SGI signal caps (issued, copied,
 * deleted, revoked, and an SGI sent to this core), and an interrupt storm.
 *
 * Interrupt sources, both on QEMU virt and found in its device tree:
 * - The PL011 UART's transmit interrupt (ID 33, SPI 1) for delivery and
 *   the storm. QEMU's PL011 sets it whenever a character is written to
 *   UARTDR and holds it until UARTICR clears it, so a test raises and
 *   lowers it with register writes: deterministic, no waiting. (The kernel
 *   console writes to the same UART, which can only set the condition
 *   again; tests enable TXIM only while they run, and write '\r', which the
 *   test runner's log drops, to raise it.)
 * - The PL031 RTC's match interrupt (ID 34, SPI 2), only as a clock in the
 *   storm test: it fires a second after RTCMR = RTCDR + 1, whatever the
 *   storm does, which is what a thread waiting through the storm needs.
 * Tests put the devices' interrupt masks back to 0 when they are done.
 */
#include <stdio.h>
#include <string.h>
#include "fdt.h"
#include "keeltest.h"

/* GIC interrupt IDs: SPI n is ID 32 + n (ARM IHI 0048B, "Interrupt IDs");
 * the device tree's "interrupts = <0 1 4>" is SPI 1, level-high. */
#define UART_IRQ 33u
#define RTC_IRQ 34u
#define KERNEL_TIMER_IRQ 27u /* the virtual timer's PPI 11: the kernel's tick */

/* SGIs: IDs 0-15 (ARM IHI 0048B 2.2.1), sent to one of the GICv2's eight
 * CPU interfaces (4.3.15); QEMU virt's single core is interface 0. Their
 * cap's seL4_DebugCapIdentify value is seL4 16.0.0's aarch32 tag of
 * cap_sgi_signal_cap (structures.bf, non-SMP builds): CAP_TAG_SGI_SIGNAL. */
#define SGI_COUNT 16u
#define SGI_TARGETS 8u
#define THIS_CPU 0u

/* PL011 registers (ARM DDI 0183, chapter 3) and interrupt bits. */
#define UARTDR 0x000u
#define UARTFR 0x018u
#define UARTFR_TXFF (1u << 5)
#define UARTIMSC 0x038u
#define UARTRIS 0x03cu
#define UARTMIS 0x040u
#define UARTICR 0x044u
#define UART_INT_TX (1u << 5)
#define UART_INT_ALL 0x7ffu

/* PL031 registers (ARM DDI 0224, chapter 3): the seconds counter, the
 * match register, and the match interrupt's mask, status and clear. */
#define RTCDR 0x000u
#define RTCMR 0x004u
#define RTCIMSC 0x010u
#define RTCICR 0x01cu

/* Where the tests map device pages in their virtual range. */
#define UART_PAGE_OFFSET 0x10000u
#define RTC_PAGE_OFFSET 0x11000u

/* Polls for a signal that should already be there, and how long to watch
 * for one that should not come. */
#define POLL_TRIES 1000u
#define QUIET_SPINS 200000u

static uint32_t reg_read(seL4_Word base, uint32_t offset)
{
    return *(volatile uint32_t *)(base + offset);
}

static void reg_write(seL4_Word base, uint32_t offset, uint32_t value)
{
    *(volatile uint32_t *)(base + offset) = value;
}

/* ---- Helpers ---- */

/* A handler cap for line irq, or the test fails. */
static seL4_CPtr irq_get(struct test_env *env, seL4_Word irq)
{
    seL4_CPtr slot = test_slot(env);
    CHECK_OK(seL4_IRQControl_Get(seL4_CapIRQControl, irq, env->cnode, slot, ROOT_DEPTH));
    CHECK_CAP(slot, CAP_TAG_IRQ_HANDLER);
    return slot;
}

/* A new notification (to *ntfn) bound to handler through a cap badged badge. */
static void irq_bind(struct test_env *env, seL4_CPtr handler, seL4_Word badge, seL4_CPtr *ntfn)
{
    *ntfn = test_retype(env, seL4_NotificationObject, 0);
    CHECK_OK(
        seL4_IRQHandler_SetNotification(handler, test_mint(env, *ntfn, seL4_AllRights, badge)));
}

/* The word of a signal that should arrive now, or 0 if none comes. */
static seL4_Word poll_signal(seL4_CPtr ntfn)
{
    seL4_Word word = 0;
    for (unsigned i = 0; i < POLL_TRIES && word == 0; i++) {
        seL4_Poll(ntfn, &word);
    }
    return word;
}

/* The word after giving a signal that should not come time to arrive:
 * a spin and some kernel entries. */
static seL4_Word poll_quiet(seL4_CPtr ntfn)
{
    seL4_Word word = 0;
    for (volatile unsigned i = 0; i < QUIET_SPINS; i++) {
    }
    for (unsigned i = 0; i < POLL_TRIES && word == 0; i++) {
        seL4_Poll(ntfn, &word);
    }
    return word;
}

/* The physical address of the device tree node with this compatible. */
static seL4_Word dt_device(struct test_env *env, const char *compatible)
{
    const seL4_BootInfoHeader *h =
        (const void *)((const char *)env->bootinfo + seL4_BootInfoFrameSize);
    struct fdt_reg reg;
    const char *why;

    CHECK(env->bootinfo->extraLen >= sizeof(*h) && h->id == SEL4_BOOTINFO_HEADER_FDT);
    if (!fdt_check(h + 1, h->len - sizeof(*h), &why)) {
        TEST_FAIL("device tree: %s", why);
    }
    if (!fdt_find_reg(h + 1, "compatible", compatible, &reg)) {
        TEST_FAIL("the device tree has no %s", compatible);
    }
    return (seL4_Word)reg.base;
}

/* Maps a device frame uncached (no seL4_ARM_PageCacheable) and not
 * executable, adding a page table if the address has none. */
static seL4_Word map_device(struct test_env *env, seL4_CPtr frame, seL4_Word offset)
{
    seL4_Word vaddr = test_vaddr(env, offset);
    seL4_Error err = seL4_ARM_Page_Map(frame, seL4_CapInitThreadVSpace, vaddr, seL4_ReadWrite,
                                       seL4_ARM_ExecuteNever);
    if (err == seL4_FailedLookup) {
        test_map_page_table(env, vaddr);
        err = seL4_ARM_Page_Map(frame, seL4_CapInitThreadVSpace, vaddr, seL4_ReadWrite,
                                seL4_ARM_ExecuteNever);
    }
    CHECK_OK(err);
    return vaddr;
}

/*
 * Frames for pages of one device untyped, in ascending order of paddrs.
 * Retype hands out an untyped's memory in order, each object aligned to
 * its size, so each gap is covered with padding untypeds (each as large as
 * alignment allows) before the page's frame is retyped. The untyped must
 * have no children yet, as the driver leaves it between tests.
 */
static void device_frames(struct test_env *env, unsigned n, const seL4_Word *paddrs,
                          seL4_CPtr *frames)
{
    const seL4_BootInfo *bi = env->bootinfo;
    for (seL4_Word i = 0; i < bi->untyped.end - bi->untyped.start; i++) {
        const seL4_UntypedDesc *u = &bi->untypedList[i];
        uint64_t at = u->paddr, end = at + ((uint64_t)1 << u->sizeBits);
        if (!u->isDevice || paddrs[0] < at || paddrs[n - 1] >= end) {
            continue;
        }
        seL4_CPtr untyped = bi->untyped.start + i;
        for (unsigned k = 0; k < n; k++) {
            while (at < paddrs[k]) {
                unsigned bits = seL4_PageBits;
                while ((at & (((uint64_t)2 << bits) - 1)) == 0 &&
                       at + ((uint64_t)2 << bits) <= paddrs[k]) {
                    bits++;
                }
                test_retype_from(env, untyped, seL4_UntypedObject, bits);
                at += (uint64_t)1 << bits;
            }
            frames[k] = test_retype_from(env, untyped, seL4_ARM_SmallPageObject, 0);
            CHECK_EQ(frame_paddr(frames[k]), paddrs[k]);
            at += (uint64_t)1 << seL4_PageBits;
        }
        return;
    }
    TEST_FAIL("no device untyped covers 0x%" SEL4_PRIx_word "-0x%" SEL4_PRIx_word, paddrs[0],
              paddrs[n - 1]);
}

/* The UART's registers, mapped, with its interrupts off and clear. */
static seL4_Word uart_map(struct test_env *env)
{
    seL4_Word uart =
        map_device(env, test_device_frame_at(env, dt_device(env, "arm,pl011")), UART_PAGE_OFFSET);
    reg_write(uart, UARTIMSC, 0);
    reg_write(uart, UARTICR, UART_INT_ALL);
    return uart;
}

/* Enables the transmit interrupt and makes the UART raise it. */
static void uart_raise_tx(seL4_Word uart)
{
    reg_write(uart, UARTIMSC, UART_INT_TX);
    while (reg_read(uart, UARTFR) & UARTFR_TXFF) {
    }
    reg_write(uart, UARTDR, '\r');
}

static void uart_quiet(seL4_Word uart)
{
    reg_write(uart, UARTIMSC, 0);
    reg_write(uart, UARTICR, UART_INT_ALL);
}

/* ---- IRQControl_Get and its errors ---- */

KEEL_TEST(irq_control_get_issues_a_handler,
          "IRQControl_Get puts an IRQHandler cap for the line into an empty slot")
{
    seL4_CPtr handler = irq_get(env, UART_IRQ);
    seL4_CPtr copy = test_copy(env, handler, seL4_AllRights);
    CHECK_CAP(copy, CAP_TAG_IRQ_HANDLER);
}

KEEL_TEST(irq_control_get_beyond_the_controller_is_range_error,
          "a line the interrupt controller does not have is RangeError 0..max, and max is a line")
{
    seL4_CPtr slot = test_slot(env);
    CHECK_ERR(seL4_IRQControl_Get(seL4_CapIRQControl, 0xffff, env->cnode, slot, ROOT_DEPTH),
              seL4_RangeError);
    CHECK_MR(0, 0);
    seL4_Word max = seL4_GetMR(1);
    CHECK(max >= RTC_IRQ && max <= 1019); /* GICv2: interrupt IDs 0-1019 */
    CHECK_ERR(seL4_IRQControl_Get(seL4_CapIRQControl, max + 1, env->cnode, slot, ROOT_DEPTH),
              seL4_RangeError);
    CHECK_RANGE(0, max);
    CHECK_CAP(slot, CAP_TAG_NULL);
    irq_get(env, max);
}

KEEL_TEST(irq_control_get_on_the_kernel_timer_is_revoke_first,
          "the kernel's own timer line cannot be issued: RevokeFirst")
{
    seL4_CPtr slot = test_slot(env);
    CHECK_ERR(seL4_IRQControl_Get(seL4_CapIRQControl, KERNEL_TIMER_IRQ, env->cnode, slot,
                                  ROOT_DEPTH),
              seL4_RevokeFirst);
    CHECK_ERR(seL4_IRQControl_GetTrigger(seL4_CapIRQControl, KERNEL_TIMER_IRQ, 0, env->cnode, slot,
                                         ROOT_DEPTH),
              seL4_RevokeFirst);
    CHECK_CAP(slot, CAP_TAG_NULL);
}

KEEL_TEST(irq_control_get_twice_is_revoke_first,
          "a line already issued cannot be issued again while a handler cap exists")
{
    irq_get(env, UART_IRQ);
    seL4_CPtr slot = test_slot(env);
    CHECK_ERR(seL4_IRQControl_Get(seL4_CapIRQControl, UART_IRQ, env->cnode, slot, ROOT_DEPTH),
              seL4_RevokeFirst);
    CHECK_ERR(seL4_IRQControl_GetTrigger(seL4_CapIRQControl, UART_IRQ, 1, env->cnode, slot,
                                         ROOT_DEPTH),
              seL4_RevokeFirst);
    CHECK_CAP(slot, CAP_TAG_NULL);
}

KEEL_TEST(irq_control_get_into_an_occupied_slot_is_delete_first,
          "an occupied destination is DeleteFirst and leaves the line free")
{
    seL4_CPtr occupied = test_retype(env, seL4_EndpointObject, 0);
    CHECK_ERR(seL4_IRQControl_Get(seL4_CapIRQControl, UART_IRQ, env->cnode, occupied, ROOT_DEPTH),
              seL4_DeleteFirst);
    CHECK_CAP(occupied, CAP_TAG_ENDPOINT);
    irq_get(env, UART_IRQ); /* the failed Get issued nothing */
}

KEEL_TEST(irq_control_truncated_and_unknown_invocations,
          "IRQControl with too few words or no root cap is TruncatedMessage; other labels "
          "are IllegalOperation")
{
    seL4_CPtr slot = test_slot(env);
    seL4_CPtr root = env->cnode;
    seL4_Word get[] = { UART_IRQ, slot, ROOT_DEPTH };
    seL4_Word trigger[] = { UART_IRQ, 0, slot, ROOT_DEPTH };

    CHECK_ERR(raw_invoke(seL4_CapIRQControl, IRQIssueIRQHandler, 2, get, 1, &root),
              seL4_TruncatedMessage);
    CHECK_ERR(raw_invoke(seL4_CapIRQControl, IRQIssueIRQHandler, 3, get, 0, NULL),
              seL4_TruncatedMessage);
    CHECK_ERR(raw_invoke(seL4_CapIRQControl, ARMIRQIssueIRQHandlerTrigger, 3, trigger, 1, &root),
              seL4_TruncatedMessage);
    CHECK_ERR(raw_invoke(seL4_CapIRQControl, IRQAckIRQ, 3, get, 1, &root), seL4_IllegalOperation);
    CHECK_CAP(slot, CAP_TAG_NULL);
    CHECK_ERR(raw_invoke(seL4_CapIRQControl, IRQIssueIRQHandler, 3, get, 1, &root), seL4_NoError);
    CHECK_CAP(slot, CAP_TAG_IRQ_HANDLER);
}

KEEL_TEST(irq_control_get_trigger_issues_edge_and_level_handlers,
          "IRQControl_GetTrigger issues a handler for an edge- or level-triggered line, "
          "with Get's checks")
{
    /* The last line: nothing is wired to it, so its trigger mode cannot
     * matter to any device. */
    seL4_CPtr slot = test_slot(env);
    CHECK_ERR(seL4_IRQControl_Get(seL4_CapIRQControl, 0xffff, env->cnode, slot, ROOT_DEPTH),
              seL4_RangeError);
    seL4_Word last = seL4_GetMR(1);
    CHECK_ERR(seL4_IRQControl_GetTrigger(seL4_CapIRQControl, last + 1, 1, env->cnode, slot,
                                         ROOT_DEPTH),
              seL4_RangeError);
    CHECK_RANGE(0, last);

    CHECK_OK(seL4_IRQControl_GetTrigger(seL4_CapIRQControl, last, 1, env->cnode, slot, ROOT_DEPTH));
    CHECK_CAP(slot, CAP_TAG_IRQ_HANDLER);
    CHECK_OK(seL4_CNode_Delete(env->cnode, slot, ROOT_DEPTH));
    CHECK_OK(seL4_IRQControl_GetTrigger(seL4_CapIRQControl, last, 0, env->cnode, slot, ROOT_DEPTH));
    CHECK_CAP(slot, CAP_TAG_IRQ_HANDLER);
    seL4_CPtr busy = test_retype(env, seL4_EndpointObject, 0);
    CHECK_ERR(seL4_IRQControl_GetTrigger(seL4_CapIRQControl, UART_IRQ, 0, env->cnode, busy,
                                         ROOT_DEPTH),
              seL4_DeleteFirst);
}

/* ---- IRQHandler: SetNotification, Clear, Ack, deletion ---- */

KEEL_TEST(irq_handler_set_notification_needs_a_notification_with_send,
          "SetNotification refuses a notification cap without the send right and other "
          "caps (InvalidCapability) and a missing cap (TruncatedMessage)")
{
    seL4_CPtr handler = irq_get(env, UART_IRQ);
    seL4_CPtr ntfn = test_retype(env, seL4_NotificationObject, 0);
    seL4_CPtr receive_only = test_mint(env, ntfn, seL4_CanRead, 0);
    seL4_CPtr ep = test_retype(env, seL4_EndpointObject, 0);

    CHECK_ERR(seL4_IRQHandler_SetNotification(handler, receive_only), seL4_InvalidCapability);
    CHECK_MR(0, 0);
    CHECK_ERR(seL4_IRQHandler_SetNotification(handler, ep), seL4_InvalidCapability);
    CHECK_MR(0, 0);
    CHECK_ERR(raw_invoke(handler, IRQSetIRQHandler, 0, NULL, 0, NULL), seL4_TruncatedMessage);
    CHECK_OK(seL4_IRQHandler_SetNotification(handler, test_mint(env, ntfn, seL4_CanWrite, 0)));
}

KEEL_TEST(irq_handler_ack_clear_and_unknown_invocations,
          "Ack and Clear succeed with or without a notification bound; other labels are "
          "IllegalOperation")
{
    seL4_CPtr handler = irq_get(env, UART_IRQ);
    seL4_CPtr ntfn;
    CHECK_OK(seL4_IRQHandler_Clear(handler)); /* nothing bound yet */
    irq_bind(env, handler, 1, &ntfn);
    CHECK_OK(seL4_IRQHandler_Clear(handler));
    CHECK_OK(seL4_IRQHandler_Clear(handler));
    CHECK_OK(seL4_IRQHandler_Ack(handler)); /* the UART is quiet: nothing happens */
    CHECK_EQ(poll_quiet(ntfn), 0);
    CHECK_ERR(raw_invoke(handler, IRQIssueIRQHandler, 0, NULL, 0, NULL), seL4_IllegalOperation);
}

KEEL_TEST(irq_handler_delete_frees_the_line,
          "the line stays issued while any handler cap exists; deleting the last frees it")
{
    seL4_CPtr handler = irq_get(env, UART_IRQ);
    seL4_CPtr copy = test_copy(env, handler, seL4_AllRights);
    seL4_CPtr slot = test_slot(env);

    CHECK_OK(seL4_CNode_Delete(env->cnode, handler, ROOT_DEPTH));
    CHECK_ERR(seL4_IRQControl_Get(seL4_CapIRQControl, UART_IRQ, env->cnode, slot, ROOT_DEPTH),
              seL4_RevokeFirst);
    CHECK_OK(seL4_CNode_Delete(env->cnode, copy, ROOT_DEPTH));
    CHECK_OK(seL4_IRQControl_Get(seL4_CapIRQControl, UART_IRQ, env->cnode, slot, ROOT_DEPTH));
    CHECK_CAP(slot, CAP_TAG_IRQ_HANDLER);
    /* Revoking IRQControl's children frees the line too. */
    CHECK_OK(seL4_CNode_Revoke(env->cnode, seL4_CapIRQControl, ROOT_DEPTH));
    CHECK_CAP(slot, CAP_TAG_NULL);
    irq_get(env, UART_IRQ);
}

/* ---- A device frame ---- */

KEEL_TEST(irq_uart_device_frame_reads_the_primecell_id,
          "the UART's page, retyped from its device untyped and mapped uncached, reads the "
          "PL011's identification registers")
{
    seL4_Word paddr = dt_device(env, "arm,pl011");
    seL4_CPtr frame = test_device_frame_at(env, paddr);
    CHECK_EQ(frame_paddr(frame), paddr);
    seL4_Word uart = map_device(env, frame, UART_PAGE_OFFSET);
    /* ARM DDI 0183, "Peripheral Identification Registers" (0xfe0-0xfec:
     * part number 0x011, designer 0x41 'A', revision in bits 7:4 of ID2)
     * and "PrimeCell Identification Registers" (0xff0-0xffc). */
    CHECK_EQ(reg_read(uart, 0xfe0) & 0xff, 0x11);
    CHECK_EQ(reg_read(uart, 0xfe4) & 0xff, 0x10);
    CHECK_EQ(reg_read(uart, 0xfe8) & 0x0f, 0x4);
    CHECK_EQ(reg_read(uart, 0xfec) & 0xff, 0x00);
    CHECK_EQ(reg_read(uart, 0xff0) & 0xff, 0x0d);
    CHECK_EQ(reg_read(uart, 0xff4) & 0xff, 0xf0);
    CHECK_EQ(reg_read(uart, 0xff8) & 0xff, 0x05);
    CHECK_EQ(reg_read(uart, 0xffc) & 0xff, 0xb1);
}

/* ---- Delivery ---- */

KEEL_TEST(irq_delivery_signals_the_badge_and_masks_until_ack,
          "a UART interrupt signals the handler's badge; the line stays masked while the "
          "device asserts it until Ack, which re-arms it")
{
    seL4_Word uart = uart_map(env);
    seL4_CPtr handler = irq_get(env, UART_IRQ);
    seL4_CPtr ntfn;
    irq_bind(env, handler, 0x5a, &ntfn);

    /* Enable the line (Keel masks a newly issued line until the first
     * Ack; seL4 enables it at once) while the device is quiet. */
    CHECK_OK(seL4_IRQHandler_Ack(handler));
    CHECK_EQ(poll_quiet(ntfn), 0);

    uart_raise_tx(uart);
    CHECK_EQ(poll_signal(ntfn), 0x5a);
    /* The device still asserts the line, but no second signal comes. */
    CHECK(reg_read(uart, UARTMIS) & UART_INT_TX);
    CHECK_EQ(poll_quiet(ntfn), 0);

    /* Ack unmasks it: still asserted, so it is delivered again. */
    CHECK_OK(seL4_IRQHandler_Ack(handler));
    CHECK_EQ(poll_signal(ntfn), 0x5a);
    CHECK_EQ(poll_quiet(ntfn), 0);

    /* The driver's way: clear the device, then Ack. Nothing follows. */
    reg_write(uart, UARTICR, UART_INT_TX);
    CHECK_EQ(reg_read(uart, UARTRIS) & UART_INT_TX, 0);
    CHECK_OK(seL4_IRQHandler_Ack(handler));
    CHECK_EQ(poll_quiet(ntfn), 0);
    uart_quiet(uart);
}

KEEL_TEST(irq_set_notification_moves_delivery_and_clear_stops_it,
          "SetNotification replaces the bound notification; after Clear the interrupt "
          "signals nobody")
{
    seL4_Word uart = uart_map(env);
    seL4_CPtr handler = irq_get(env, UART_IRQ);
    seL4_CPtr first, second;
    irq_bind(env, handler, 0x1, &first);
    irq_bind(env, handler, 0x2, &second);
    CHECK_OK(seL4_IRQHandler_Ack(handler));

    uart_raise_tx(uart);
    CHECK_EQ(poll_signal(second), 0x2);
    CHECK_EQ(poll_quiet(first), 0);

    CHECK_OK(seL4_IRQHandler_Clear(handler));
    CHECK_OK(seL4_IRQHandler_Ack(handler)); /* still asserted: taken, nobody to signal */
    CHECK_EQ(poll_quiet(second), 0);
    CHECK_EQ(poll_quiet(first), 0);

    /* Bound again, the line delivers again once acknowledged. */
    CHECK_OK(seL4_IRQHandler_SetNotification(handler, test_mint(env, first, seL4_AllRights, 4)));
    CHECK_OK(seL4_IRQHandler_Ack(handler));
    CHECK_EQ(poll_signal(first), 4);
    uart_quiet(uart);
}

/* ---- SGI signal caps (IRQControl_IssueSGISignal, non-SMP) ---- */
#ifndef CONFIG_ENABLE_SMP_SUPPORT /* seL4 16.0.0's SMP ABI has no SGI signal caps */

/* An SGI signal cap for (sgi, target), or the test fails. */
static seL4_CPtr sgi_issue(struct test_env *env, seL4_Word sgi, seL4_Word target)
{
    seL4_CPtr slot = test_slot(env);
    CHECK_OK(seL4_IRQControl_IssueSGISignal(seL4_CapIRQControl, sgi, target, env->cnode, slot,
                                            ROOT_DEPTH));
    CHECK_CAP(slot, CAP_TAG_SGI_SIGNAL);
    return slot;
}

KEEL_TEST(sgi_issue_signal_puts_an_sgi_signal_cap_in_an_empty_slot,
          "IRQControl_IssueSGISignal issues an SGI signal cap for any SGI 0-15 and CPU "
          "interface 0-7, which seL4_DebugCapIdentify names 0x3f")
{
    sgi_issue(env, 0, THIS_CPU);
    sgi_issue(env, SGI_COUNT - 1, SGI_TARGETS - 1);
    /* The same pair twice is fine: an SGI signal cap claims nothing. */
    seL4_CPtr a = sgi_issue(env, 3, THIS_CPU), b = sgi_issue(env, 3, THIS_CPU);
    CHECK_CAP(a, CAP_TAG_SGI_SIGNAL);
    CHECK_CAP(b, CAP_TAG_SGI_SIGNAL);
    /* Nor does it claim the SGI's line: a handler for it can still be had. */
    irq_get(env, 3);
}

KEEL_TEST(sgi_issue_signal_with_too_few_words_or_no_root_is_truncated_message,
          "IssueSGISignal needs all four words (irq, target, index, depth) and the root cap")
{
    seL4_CPtr slot = test_slot(env);
    seL4_CPtr root = env->cnode;
    seL4_Word mrs[] = { 1, THIS_CPU, slot, ROOT_DEPTH };
    CHECK_ERR(raw_invoke(seL4_CapIRQControl, ARMIRQIssueSGISignal, 3, mrs, 1, &root),
              seL4_TruncatedMessage);
    CHECK_ERR(raw_invoke(seL4_CapIRQControl, ARMIRQIssueSGISignal, 0, NULL, 1, &root),
              seL4_TruncatedMessage);
    CHECK_ERR(raw_invoke(seL4_CapIRQControl, ARMIRQIssueSGISignal, 4, mrs, 0, NULL),
              seL4_TruncatedMessage);
    CHECK_CAP(slot, CAP_TAG_NULL);
    CHECK_OK(raw_invoke(seL4_CapIRQControl, ARMIRQIssueSGISignal, 4, mrs, 1, &root));
    CHECK_CAP(slot, CAP_TAG_SGI_SIGNAL);
}

KEEL_TEST(sgi_issue_signal_beyond_sgi_15_is_range_error,
          "an interrupt ID that is no SGI (16 and up) is RangeError 0..15")
{
    seL4_CPtr slot = test_slot(env);
    CHECK_ERR(seL4_IRQControl_IssueSGISignal(seL4_CapIRQControl, SGI_COUNT, THIS_CPU, env->cnode,
                                             slot, ROOT_DEPTH),
              seL4_RangeError);
    CHECK_RANGE(0, SGI_COUNT - 1);
    CHECK_ERR(seL4_IRQControl_IssueSGISignal(seL4_CapIRQControl, UART_IRQ, THIS_CPU, env->cnode,
                                             slot, ROOT_DEPTH),
              seL4_RangeError);
    CHECK_RANGE(0, SGI_COUNT - 1);
    CHECK_CAP(slot, CAP_TAG_NULL);
}

KEEL_TEST(sgi_issue_signal_to_a_cpu_the_gic_cannot_address_is_invalid_argument,
          "a target beyond GICv2's CPU interfaces 0-7 is InvalidArgument 1: target names one "
          "CPU, not a target list")
{
    seL4_CPtr slot = test_slot(env);
    seL4_Word targets[] = { SGI_TARGETS, 0xff, 0x100, ~(seL4_Word)0 };
    for (unsigned i = 0; i < sizeof targets / sizeof targets[0]; i++) {
        CHECK_ERR(seL4_IRQControl_IssueSGISignal(seL4_CapIRQControl, 1, targets[i], env->cnode,
                                                 slot, ROOT_DEPTH),
                  seL4_InvalidArgument);
        CHECK_MR(0, 1);
    }
    CHECK_CAP(slot, CAP_TAG_NULL);
}

KEEL_TEST(sgi_issue_signal_checks_the_destination_like_irq_control_get,
          "a bad depth is RangeError 1..32, a root that is no CNode is FailedLookup, an "
          "occupied slot is DeleteFirst")
{
    seL4_CPtr slot = test_slot(env);
    seL4_CPtr ep = test_retype(env, seL4_EndpointObject, 0);
    CHECK_ERR(seL4_IRQControl_IssueSGISignal(seL4_CapIRQControl, 1, THIS_CPU, env->cnode, slot, 0),
              seL4_RangeError);
    CHECK_RANGE(1, seL4_WordBits);
    CHECK_ERR(seL4_IRQControl_IssueSGISignal(seL4_CapIRQControl, 1, THIS_CPU, env->cnode, slot,
                                             seL4_WordBits + 1),
              seL4_RangeError);
    CHECK_RANGE(1, seL4_WordBits);
    CHECK_ERR(seL4_IRQControl_IssueSGISignal(seL4_CapIRQControl, 1, THIS_CPU, ep, slot, ROOT_DEPTH),
              seL4_FailedLookup);
    CHECK_LOOKUP_FAILURE(0, seL4_InvalidRoot);
    CHECK_ERR(seL4_IRQControl_IssueSGISignal(seL4_CapIRQControl, 1, THIS_CPU, env->cnode, ep,
                                             ROOT_DEPTH),
              seL4_DeleteFirst);
    CHECK_CAP(ep, CAP_TAG_ENDPOINT);
    CHECK_CAP(slot, CAP_TAG_NULL);
}

KEEL_TEST(sgi_signal_cap_copies_deletes_and_goes_with_irq_control_revoke,
          "an SGI signal cap can be copied and minted (unchanged), deleting it needs nothing "
          "else, and revoking IRQControl deletes it and its copies")
{
    seL4_CPtr sgi = sgi_issue(env, 2, THIS_CPU);
    seL4_CPtr copy = test_copy(env, sgi, seL4_AllRights);
    seL4_CPtr minted = test_mint(env, copy, seL4_CanRead, 0x42);
    CHECK_CAP(copy, CAP_TAG_SGI_SIGNAL);
    CHECK_CAP(minted, CAP_TAG_SGI_SIGNAL);

    /* Revoking the original deletes what was copied from it. */
    CHECK_OK(seL4_CNode_Revoke(env->cnode, sgi, ROOT_DEPTH));
    CHECK_CAP(copy, CAP_TAG_NULL);
    CHECK_CAP(minted, CAP_TAG_NULL);
    CHECK_CAP(sgi, CAP_TAG_SGI_SIGNAL);
    CHECK_OK(seL4_CNode_Delete(env->cnode, sgi, ROOT_DEPTH));
    CHECK_CAP(sgi, CAP_TAG_NULL);

    seL4_CPtr again = sgi_issue(env, 2, THIS_CPU);
    seL4_CPtr again_copy = test_copy(env, again, seL4_AllRights);
    CHECK_OK(seL4_CNode_Revoke(env->cnode, seL4_CapIRQControl, ROOT_DEPTH));
    CHECK_CAP(again, CAP_TAG_NULL);
    CHECK_CAP(again_copy, CAP_TAG_NULL);
    CHECK_CAP(seL4_CapIRQControl, CAP_TAG_IRQ_CONTROL);
    sgi_issue(env, 2, THIS_CPU);
}

/*
 * seL4 16.0.0 (aarch32, non-SMP) issues IRQHandler caps for SGI IDs as for
 * any line (its Arch_checkIRQ only bounds the ID by maxIRQ), so an SGI sent
 * to this core reaches whoever holds the SGI's handler cap, like any
 * interrupt. The handler is acknowledged after each signal, as a driver's
 * would be.
 */
KEEL_TEST(sgi_signal_to_this_cpu_signals_the_sgi_handler_notification,
          "Signal, Send, NBSend and Call on an SGI signal cap for CPU 0 raise the SGI here, "
          "which signals the notification of the SGI's IRQHandler; Call's reply is empty")
{
    const seL4_Word sgi_id = 7;
    seL4_CPtr handler = irq_get(env, sgi_id);
    seL4_CPtr ntfn;
    irq_bind(env, handler, 0x3c, &ntfn);
    seL4_CPtr sgi = sgi_issue(env, sgi_id, THIS_CPU);
    CHECK_EQ(poll_quiet(ntfn), 0); /* issuing it sent nothing */

    seL4_Signal(sgi);
    CHECK_EQ(poll_signal(ntfn), 0x3c);
    CHECK_OK(seL4_IRQHandler_Ack(handler));
    CHECK_EQ(poll_quiet(ntfn), 0);

    seL4_Send(sgi, seL4_MessageInfo_new(0x123, 0, 0, 2)); /* label and message ignored */
    CHECK_EQ(poll_signal(ntfn), 0x3c);
    CHECK_OK(seL4_IRQHandler_Ack(handler));

    seL4_NBSend(sgi, seL4_MessageInfo_new(0, 0, 0, 0));
    CHECK_EQ(poll_signal(ntfn), 0x3c);
    CHECK_OK(seL4_IRQHandler_Ack(handler));

    seL4_SetMR(0, 0xdead);
    seL4_MessageInfo_t reply = seL4_Call(sgi, seL4_MessageInfo_new(IRQAckIRQ, 0, 0, 1));
    CHECK_EQ(seL4_MessageInfo_get_label(reply), 0);
    CHECK_EQ(seL4_MessageInfo_get_length(reply), 0);
    CHECK_EQ(poll_signal(ntfn), 0x3c);
    CHECK_OK(seL4_IRQHandler_Ack(handler));

    /* A copy does the same. */
    seL4_Signal(test_copy(env, sgi, seL4_AllRights));
    CHECK_EQ(poll_signal(ntfn), 0x3c);
    CHECK_OK(seL4_IRQHandler_Ack(handler));
    CHECK_EQ(poll_quiet(ntfn), 0);
}

KEEL_TEST(sgi_signal_goes_only_to_its_sgi_and_cpu,
          "an SGI signal cap raises its own SGI ID only, and one for another CPU interface "
          "(absent on QEMU virt) does not interrupt this core")
{
    seL4_CPtr handler = irq_get(env, 4);
    seL4_CPtr ntfn;
    irq_bind(env, handler, 0x4, &ntfn);
    seL4_CPtr other_handler = irq_get(env, 5);
    seL4_CPtr other_ntfn;
    irq_bind(env, other_handler, 0x5, &other_ntfn);

    seL4_Signal(sgi_issue(env, 5, THIS_CPU));
    CHECK_EQ(poll_signal(other_ntfn), 0x5);
    CHECK_EQ(poll_quiet(ntfn), 0);
    CHECK_OK(seL4_IRQHandler_Ack(other_handler));

    seL4_Signal(sgi_issue(env, 4, THIS_CPU + 1));
    CHECK_EQ(poll_quiet(ntfn), 0);
    CHECK_EQ(poll_quiet(other_ntfn), 0);

    seL4_Signal(sgi_issue(env, 4, THIS_CPU));
    CHECK_EQ(poll_signal(ntfn), 0x4);
    CHECK_OK(seL4_IRQHandler_Ack(handler));
}

#endif /* !CONFIG_ENABLE_SMP_SUPPORT */

/* ---- An interrupt storm ---- */

/*
 * A storm: the UART's transmit interrupt stays asserted (nobody clears it)
 * while a low-priority driver thread waits for it and acknowledges it in
 * a loop, so the line fires again after every Ack. A higher-priority
 * thread, meanwhile, sleeps on the RTC's interrupt, which must get through
 * the storm to wake it, and then runs a counting loop for a whole RTC
 * second (500 kernel ticks), which must go about as fast as without the
 * storm: the storming line stays masked, whatever the device does, until
 * the low-priority thread, which cannot run then, acknowledges it.
 */
#define STORM_ROUNDS 2
#define STORM_MIN_ACKS 100 /* per RTC second; QEMU manages many thousands */
#define SPIN_LIMIT 0x40000000u

struct storm {
    seL4_Word uart, rtc; /* the devices' registers */
    seL4_CPtr uart_ntfn, uart_handler, rtc_ntfn, rtc_handler, done;
    volatile seL4_Word acks; /* by the driver thread */
    seL4_Word woken_by[STORM_ROUNDS], acks_while_asleep[STORM_ROUNDS];
    seL4_Word spins, acks_while_spinning;
};

/* Iterations of an empty loop in one RTC second, from one tick of the
 * seconds counter to the next. */
static seL4_Word spin_one_second(seL4_Word rtc)
{
    seL4_Word n = 0;
    uint32_t start = reg_read(rtc, RTCDR);
    while (reg_read(rtc, RTCDR) == start && n < SPIN_LIMIT) {
        n++;
    }
    start = reg_read(rtc, RTCDR);
    for (n = 0; reg_read(rtc, RTCDR) == start && n < SPIN_LIMIT; n++) {
    }
    return n;
}

/* The low-priority driver: acknowledges without clearing the device. */
static void storm_driver(seL4_Word arg, seL4_Word unused)
{
    struct storm *s = (struct storm *)arg;
    (void)unused;
    for (;;) {
        seL4_Word word;
        seL4_Wait(s->uart_ntfn, &word);
        s->acks++;
        seL4_IRQHandler_Ack(s->uart_handler);
    }
}

/* The higher-priority thread: sleeps through the storm, then computes. */
static void storm_bystander(seL4_Word arg, seL4_Word unused)
{
    struct storm *s = (struct storm *)arg;
    (void)unused;
    for (unsigned r = 0; r < STORM_ROUNDS; r++) {
        seL4_Word before = s->acks;
        reg_write(s->rtc, RTCICR, 1);
        reg_write(s->rtc, RTCMR, reg_read(s->rtc, RTCDR) + 1);
        reg_write(s->rtc, RTCIMSC, 1);
        seL4_Wait(s->rtc_ntfn, &s->woken_by[r]);
        s->acks_while_asleep[r] = s->acks - before;
        reg_write(s->rtc, RTCIMSC, 0);
        reg_write(s->rtc, RTCICR, 1);
        seL4_IRQHandler_Ack(s->rtc_handler);
    }
    seL4_Word before = s->acks;
    s->spins = spin_one_second(s->rtc);
    s->acks_while_spinning = s->acks - before;
    seL4_Signal(s->done);
}

KEEL_TEST(irq_storm_does_not_starve_a_higher_priority_thread,
          "a line that keeps firing, acknowledged by a low-priority thread, neither keeps "
          "other interrupts from waking a higher-priority thread nor slows it down")
{
    static struct storm s;
    struct test_thread driver, bystander;
    seL4_Word paddrs[] = { dt_device(env, "arm,pl011"), dt_device(env, "arm,pl031") };
    seL4_CPtr frames[2];

    CHECK(paddrs[0] < paddrs[1]);
    CHECK(env->priority + 10 <= env->mcp && env->priority >= 10);
    device_frames(env, 2, paddrs, frames);
    memset(&s, 0, sizeof s);
    s.uart = map_device(env, frames[0], UART_PAGE_OFFSET);
    s.rtc = map_device(env, frames[1], RTC_PAGE_OFFSET);
    uart_quiet(s.uart);
    reg_write(s.rtc, RTCIMSC, 0);
    reg_write(s.rtc, RTCICR, 1);
    s.uart_handler = irq_get(env, UART_IRQ);
    irq_bind(env, s.uart_handler, 0x10, &s.uart_ntfn);
    s.rtc_handler = irq_get(env, RTC_IRQ);
    irq_bind(env, s.rtc_handler, 0x20, &s.rtc_ntfn);
    s.done = test_retype(env, seL4_NotificationObject, 0);
    CHECK_OK(seL4_IRQHandler_Ack(s.rtc_handler));

    seL4_Word baseline = spin_one_second(s.rtc);
    CHECK(baseline > 0 && baseline < SPIN_LIMIT);

    /* The storm: the device asserts the line from now on. This thread
     * waits at a priority between the two. */
    uart_raise_tx(s.uart);
    CHECK_OK(seL4_IRQHandler_Ack(s.uart_handler));
    test_thread_new(env, &driver, env->priority - 10, env->fault_ep);
    test_thread_new(env, &bystander, env->priority + 10, env->fault_ep);
    test_thread_start(&driver, storm_driver, (seL4_Word)&s, 0);
    test_thread_start(&bystander, storm_bystander, (seL4_Word)&s, 0);
    seL4_Word word;
    seL4_Wait(s.done, &word);

    /* Stop the storm: quiet the device, stop the driver. */
    uart_quiet(s.uart);
    CHECK_OK(seL4_TCB_Suspend(driver.tcb));
    CHECK_OK(seL4_TCB_Suspend(bystander.tcb));
    printf("    storm: %u and %u acks during the bystander's sleeps; it counted to %u "
           "in a second (%u without the storm)\n",
           (unsigned)s.acks_while_asleep[0], (unsigned)s.acks_while_asleep[1], (unsigned)s.spins,
           (unsigned)baseline);
    for (unsigned r = 0; r < STORM_ROUNDS; r++) {
        CHECK_EQ(s.woken_by[r], 0x20);
        CHECK(s.acks_while_asleep[r] >= STORM_MIN_ACKS);
    }
    CHECK_EQ(s.acks_while_spinning, 0);
    CHECK(s.spins < SPIN_LIMIT);
    CHECK(s.spins >= baseline / 4);

    /* The kernel answers: the line, now quiet, delivers nothing more. */
    seL4_Poll(s.uart_ntfn, &word);
    CHECK_OK(seL4_IRQHandler_Ack(s.uart_handler));
    CHECK_EQ(poll_quiet(s.uart_ntfn), 0);
}
