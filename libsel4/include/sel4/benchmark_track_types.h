/*
 * Why the kernel was entered, as seL4's kernel-entry tracking records it
 * (upstream seL4 16.0.0; debug and track_kernel_entries builds), and the
 * kernel log entry of a track_kernel_entries build. Keel does not build
 * track_kernel_entries (tools/cmake/config.cmake refuses it); the types
 * are here so that programs written against seL4's headers compile.
 */
#pragma once

#include <sel4/config.h>
#include <sel4/macros.h>
#include <sel4/simple_types.h>

#if defined(CONFIG_BENCHMARK_TRACK_KERNEL_ENTRIES) || defined(CONFIG_DEBUG_BUILD)

typedef enum {
    Entry_Interrupt,
    Entry_UnknownSyscall,
    Entry_UserLevelFault,
    Entry_DebugFault,
    Entry_VMFault,
    Entry_Syscall,
    Entry_UnimplementedDevice,
    Entry_VCPUFault, /* ARM */
} entry_type_t;

/* One kernel entry in 32 bits: the path (entry_type_t), then either the
 * core and a word, or, for a system call, its number, the invoked cap's
 * type, whether the fast path took it and the invocation label. */
typedef struct SEL4_PACKED kernel_entry {
    seL4_Word path : 3;
    union {
        struct {
            seL4_Word core : 3;
            seL4_Word word : 26;
        };
        struct {
            seL4_Word syscall_no : 4;
            seL4_Word cap_type : 5;
            seL4_Word is_fastpath : 1;
            seL4_Word invocation_tag : 19;
        };
    };
} kernel_entry_t;

#endif /* CONFIG_BENCHMARK_TRACK_KERNEL_ENTRIES || CONFIG_DEBUG_BUILD */

#ifdef CONFIG_BENCHMARK_TRACK_KERNEL_ENTRIES
typedef struct benchmark_syscall_log_entry {
    seL4_Uint64 start_time;
    seL4_Uint32 duration;
    kernel_entry_t entry;
} benchmark_track_kernel_entry_t;
#endif /* CONFIG_BENCHMARK_TRACK_KERNEL_ENTRIES */
