/*
 * Code a child thread may be started at (the actor's TCB_WriteRegisters
 * points some children here). A child has no TLS and may have no IPC
 * buffer, so it makes only calls whose message stays in registers (the
 * WithMRs forms, length at most 4), on cptrs derived from its arguments,
 * and then executes an undefined instruction: its fault goes to whatever
 * fault endpoint the actor gave it.
 */
#include <sel4/sel4.h>
#include "fuzz.h"

void child_entry(seL4_Word seed, seL4_Word count, seL4_Word cptr)
{
    seL4_Word m0 = seed, m1 = cptr, m2 = 0, m3 = 0, badge = 0;
    for (seL4_Word i = 0; i < (count & 31u); i++) {
        seed = seed * 1103515245u + 12345u; /* a small LCG: no shared state */
        seL4_CPtr c = (seed >> 8) & 1u ? cptr : (seed >> 16) & 0xffu;
        seL4_MessageInfo_t info = seL4_MessageInfo_new((seed >> 4) & 0xfu, 0, 0, (seed >> 12) % 5u);
        switch ((seed >> 24) % 8u) {
        case 0:
            seL4_Signal(c);
            break;
        case 1:
            seL4_Poll(c, &badge);
            break;
        case 2:
            seL4_NBSendWithMRs(c, info, &m0, &m1, &m2, &m3);
            break;
        case 3:
            seL4_CallWithMRs(c, info, &m0, &m1, &m2, &m3);
            break;
        case 4:
            seL4_RecvWithMRs(c, &badge, &m0, &m1, &m2, &m3);
            break;
        case 5:
            seL4_ReplyWithMRs(info, &m0, &m1, &m2, &m3);
            break;
        case 6:
            seL4_SendWithMRs(c, info, &m0, &m1, &m2, &m3);
            break;
        default:
            seL4_Yield();
            break;
        }
    }
    __builtin_trap();
}
