/*
 * The one kernel configuration Keel's libsel4 describes: upstream seL4's
 * aarch32 reference (DESIGN.md section 2). User code may test these CONFIG_
 * names as it would those of upstream's generated autoconf.h.
 */
#pragma once

#ifndef CONFIG_ARCH_ARM
#define CONFIG_ARCH_ARM 1
#endif
#ifndef CONFIG_ARCH_AARCH32
#define CONFIG_ARCH_AARCH32 1
#endif
#ifndef CONFIG_ARM_CORTEX_A15
#define CONFIG_ARM_CORTEX_A15 1
#endif
#ifndef CONFIG_WORD_SIZE
#define CONFIG_WORD_SIZE 32
#endif
#ifndef CONFIG_DEBUG_BUILD
#define CONFIG_DEBUG_BUILD 1
#endif
#ifndef CONFIG_PRINTING
#define CONFIG_PRINTING 1
#endif
#ifndef CONFIG_HAVE_FPU
#define CONFIG_HAVE_FPU 1
#endif
/* tpidruro is read-only at user level, so threads set it by system call. */
#ifndef CONFIG_SET_TLS_BASE_SELF
#define CONFIG_SET_TLS_BASE_SELF 1
#endif
#ifndef CONFIG_MAX_NUM_NODES
#define CONFIG_MAX_NUM_NODES 1
#endif
#ifndef CONFIG_NUM_DOMAINS
#define CONFIG_NUM_DOMAINS 1
#endif
#ifndef CONFIG_NUM_PRIORITIES
#define CONFIG_NUM_PRIORITIES 256
#endif
#ifndef CONFIG_ROOT_CNODE_SIZE_BITS
#define CONFIG_ROOT_CNODE_SIZE_BITS 13
#endif
#ifndef CONFIG_RETYPE_FAN_OUT_LIMIT
#define CONFIG_RETYPE_FAN_OUT_LIMIT 256
#endif
#ifndef CONFIG_MAX_NUM_BOOTINFO_UNTYPED_CAPS
#define CONFIG_MAX_NUM_BOOTINFO_UNTYPED_CAPS 230
#endif
