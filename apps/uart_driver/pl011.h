/*
 * The ARM PL011 UART's registers, as the driver uses them. Offsets and bits
 * from the PrimeCell UART (PL011) Technical Reference Manual, ARM DDI 0183,
 * chapter 3 "Programmers Model" (3.2 summary, 3.3 register descriptions).
 * All registers are 32 bits wide and sit in one 4 KiB page.
 */
#pragma once

#include <stdint.h>

#define PL011_DR 0x000u         /* UARTDR: data; reading pops the receive FIFO */
#define PL011_FR 0x018u         /* UARTFR: flags */
#define PL011_IMSC 0x038u       /* UARTIMSC: interrupt mask set/clear (1 = enabled) */
#define PL011_RIS 0x03cu        /* UARTRIS: raw interrupt status */
#define PL011_MIS 0x040u        /* UARTMIS: masked interrupt status (RIS & IMSC) */
#define PL011_ICR 0x044u        /* UARTICR: interrupt clear (write 1 to clear) */
#define PL011_PERIPH_ID0 0xfe0u /* UARTPeriphID0-3 at 0xfe0, 0xfe4, 0xfe8, 0xfec */
#define PL011_PCELL_ID0 0xff0u  /* UARTPCellID0-3 at 0xff0, 0xff4, 0xff8, 0xffc */

/* UARTDR: the received character, then its error bits (framing, parity,
 * break, overrun: bits 8-11). */
#define PL011_DR_DATA 0xffu
#define PL011_DR_ERRORS 0xf00u

/* UARTFR */
#define PL011_FR_RXFE (1u << 4) /* receive FIFO empty */
#define PL011_FR_TXFF (1u << 5) /* transmit FIFO full */

/* UARTIMSC, UARTRIS, UARTMIS and UARTICR share one bit layout. */
#define PL011_INT_RX (1u << 4) /* receive: FIFO at its trigger level */
#define PL011_INT_TX (1u << 5) /* transmit: FIFO at or below its trigger level */
#define PL011_INT_RT (1u << 6) /* receive timeout: data waiting, no new character */
#define PL011_INT_ALL 0x7ffu   /* bits 0-10: every interrupt the PL011 has */

/* The identification every PrimeCell shares (DDI 0183, "PrimeCell
 * Identification Registers"): the low byte of UARTPCellID0-3. */
#define PRIMECELL_ID               \
    {                              \
        0x0du, 0xf0u, 0x05u, 0xb1u \
    }

/* UARTPeriphID0 and bits 3:0 of UARTPeriphID1: part number 0x011. */
#define PL011_PART_NUMBER 0x011u

static inline uint32_t pl011_read(uintptr_t base, uint32_t offset)
{
    return *(volatile uint32_t *)(base + offset);
}

static inline void pl011_write(uintptr_t base, uint32_t offset, uint32_t value)
{
    *(volatile uint32_t *)(base + offset) = value;
}
