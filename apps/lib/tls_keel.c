/*
 * rootlib's TLS for new threads on Keel's C runtime (apps/runtime): the
 * only file of rootlib that uses more than libsel4. A program on another
 * runtime (seL4's sel4runtime, say) builds rootlib without this file and
 * defines rootlib_tls_default from its own TLS functions.
 */
#include <keel/runtime.h>
#include <rootlib/process.h>
#include <rootlib/thread.h>

/* A process built with keel_process reports its exit on its fault
 * endpoint's slot. */
_Static_assert(KEEL_PROCESS_EXIT_SLOT == ROOTLIB_PROCESS_FAULT_SLOT,
               "the runtime's exit slot is not rootlib's fault endpoint slot");

const struct rootlib_tls rootlib_tls_default = {
    .area_size = keel_tls_area_size,
    .area_align = keel_tls_area_align,
    .init = keel_tls_init,
};
