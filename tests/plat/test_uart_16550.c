/*
 * Host tests of the TK1 console driver (src/plat/tk1/uart_16550.c) against
 * a register model: a block of memory laid out as UART-D's registers, four
 * bytes apart (reg-shift 2). The driver must wait for THRE in LSR before
 * writing THR, put a CR before each LF, and touch no other register.
 */
#include <pthread.h>
#include <string.h>
#include <test.h>
#include <time.h>
#include <unistd.h>

#include <plat/machine_map.h>
#include <plat/platform.h>

#define REG(n) ((n) << PLAT_UART_REG_SHIFT)
#define THR REG(0)
#define LSR REG(5)
#define LSR_THRE 0x20

static volatile uint8_t regs[64];

static void model_reset(uint8_t lsr)
{
    memset((void *)regs, 0xee, sizeof(regs));
    regs[LSR] = lsr;
    plat_console_init((uintptr_t)regs);
}

TEST(uart_16550_registers_are_four_bytes_apart_on_tk1)
{
    CHECK_EQ(PLAT_UART_REG_SHIFT, 2);
    CHECK_EQ(PLAT_UART_PADDR, 0x70006300u);
}

TEST(uart_16550_writes_thr_when_the_transmitter_is_empty)
{
    model_reset(LSR_THRE);
    plat_console_putc('K');
    CHECK_EQ(regs[THR], 'K');
    for (unsigned i = 0; i < sizeof(regs); i++) {
        if (i != THR && i != LSR) {
            CHECK_EQ(regs[i], 0xee); /* no other register touched */
        }
    }
}

TEST(uart_16550_sends_cr_before_lf)
{
    model_reset(LSR_THRE);
    plat_console_putc('\n');
    CHECK_EQ(regs[THR], '\n'); /* the last write; '\r' went first */
}

static void *putc_thread(void *arg)
{
    (void)arg;
    plat_console_putc('Z');
    return NULL;
}

TEST(uart_16550_waits_for_thre_before_writing)
{
    model_reset(0); /* transmitter busy */
    pthread_t t;
    CHECK(pthread_create(&t, NULL, putc_thread, NULL) == 0);
    usleep(50 * 1000);
    CHECK_EQ(regs[THR], 0xee); /* still waiting */
    regs[LSR] = LSR_THRE;
    CHECK(pthread_join(t, NULL) == 0);
    CHECK_EQ(regs[THR], 'Z');
}

TEST(uart_16550_output_before_init_is_dropped)
{
    /* A fresh process (ctest runs each test alone): no base yet, so the
     * character goes nowhere, and certainly not into the model. */
    plat_console_putc('x');
    for (unsigned i = 0; i < sizeof(regs); i++) {
        CHECK_EQ(regs[i], 0);
    }
}
