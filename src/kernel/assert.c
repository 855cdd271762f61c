/*
 * What a failed kernel assertion does: say where on the console and stop.
 * Only debug builds (CONFIG_DEBUG_BUILD) assert; see <kernel/assert.h>.
 */
#include <kernel/assert.h>
#include <kernel/boot.h>
#include <kernel/printf.h>

#ifdef CONFIG_DEBUG_BUILD
NORETURN void kernel_assert_failed(const char *expr, const char *file, int line)
{
    kprintf("Keel: assertion '%s' failed at %s:%d\n", expr, file, line);
    kernel_stop();
}
#endif
