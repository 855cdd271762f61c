/*
 * apps/hello: the main image's root task. The kernel cannot start a root
 * task yet (see README "Status"); when it can, this prints through the
 * debug console and halts.
 */
#include <sel4/sel4.h>

int main(void);

int main(void)
{
    for (const char *s = "hello from the root task\n"; *s; s++) {
        seL4_DebugPutChar(*s);
    }
    seL4_DebugHalt();
    return 0;
}
