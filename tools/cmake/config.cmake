# Keel's build configuration: the one place where options become CONFIG_*
# values. Options use seL4's names and are set on the init-build.sh command
# line as seL4 users set theirs (-DRELEASE=TRUE, -DKernelNumDomains=4, ...).
# keel_config_write() turns them into one header, <autoconf.h>, which the
# kernel (through include/config.h), the ELF loader and libsel4 (through
# <sel4/config.h>) all include; nothing else passes CONFIG_* on a compiler
# command line. Adding an option (MCS, ...) is one more block below.
#
# Used by the top-level CMakeLists.txt (the target build) and by
# tests/CMakeLists.txt (the host unit tests, which pick their own values).

include_guard(GLOBAL)

# keel_config(<CMake variable> <CONFIG_ name> <value>): record one value.
# A boolean that is off is left undefined, as in seL4's generated headers.
set(KEEL_CONFIG_LINES "")
set(KEEL_CONFIG_SUMMARY "")
# <var> names the option it comes from, or is "fixed" (not an option).
function(keel_config var name value)
    if(var STREQUAL "fixed")
        set(from "")
        set(why "")
    else()
        set(from " /* ${var} */")
        set(why " (${var})")
        set(KEEL_CONFIG_SUMMARY "${KEEL_CONFIG_SUMMARY} ${var}=${value}" PARENT_SCOPE)
    endif()
    if(value STREQUAL "ON" OR value STREQUAL "TRUE")
        set(line "#define CONFIG_${name} 1${from}")
    elseif(value STREQUAL "OFF" OR value STREQUAL "FALSE")
        set(line "/* CONFIG_${name} is not set${why} */")
    else()
        set(line "#define CONFIG_${name} ${value}${from}")
    endif()
    set(KEEL_CONFIG_LINES "${KEEL_CONFIG_LINES}${line}\n" PARENT_SCOPE)
endfunction()

# Checks that a cache variable holds an integer in [lo, hi].
function(keel_config_check_range var lo hi)
    if(NOT ${var} MATCHES "^[0-9]+$" OR ${var} LESS ${lo} OR ${var} GREATER ${hi})
        message(FATAL_ERROR "${var}=${${var}}: expected an integer from ${lo} to ${hi}")
    endif()
endfunction()

# --- Build type (sel4test's RELEASE switch) ------------------------------
# A release build drops assertions and the debug system calls where seL4's
# does: CONFIG_DEBUG_BUILD guards DebugHalt, DebugCapIdentify,
# DebugNameThread and DebugSnapshot; CONFIG_PRINTING guards DebugPutChar and
# DebugDumpScheduler and kernel output after boot.
option(RELEASE "Release build: no assertions, no debug system calls" OFF)
if(RELEASE)
    set(keel_debug OFF)
else()
    set(keel_debug ON)
endif()
set(KernelDebugBuild ${keel_debug})
# seL4 derives printing from the build type; a release build may turn it
# back on (-DKernelPrinting=ON) to keep seL4_DebugPutChar and kernel output.
set(KernelPrinting AUTO CACHE STRING "seL4_DebugPutChar and kernel output: AUTO (= debug build), ON, OFF")
if(KernelPrinting STREQUAL "AUTO")
    set(keel_printing ${keel_debug})
elseif(KernelPrinting)
    set(keel_printing ON)
else()
    set(keel_printing OFF)
endif()

# --- Scheduler ------------------------------------------------------------
set(KernelNumDomains 1 CACHE STRING "Number of scheduling domains (1..256)")
keel_config_check_range(KernelNumDomains 1 256)
set(KernelNumDomainSchedules 256 CACHE STRING
    "Entries of the runtime domain schedule (seL4 15.0's DomainSet_ScheduleConfigure)")
keel_config_check_range(KernelNumDomainSchedules 1 1024)

# --- IPC fast path -----------------------------------------------------
option(KernelFastpath "Call and ReplyRecv take the IPC fast path when they can (src/fastpath)" ON)

# --- Benchmarks ------------------------------------------------------------
# seL4's KernelBenchmarks choice (seL4 16.0.0 config.cmake): every value but
# `none` gives CONFIG_ENABLE_BENCHMARKS, the benchmark system calls and a
# cycle counter running at PL0 (src/api/benchmark.c, src/arch/arm/benchmark.c);
# track_utilisation adds per-thread cycle counts; tracepoints adds the
# kernel log buffer (CONFIG_KERNEL_LOG_BUFFER, seL4_BenchmarkSetLogBuffer).
# track_kernel_entries needs a stamp on every kernel entry and exit, which
# Keel's trap path does not take yet.
set(keel_benchmarks_seL4 none generic track_kernel_entries tracepoints track_utilisation)
set(keel_benchmarks_implemented none generic tracepoints track_utilisation)
set(KernelBenchmarks none CACHE STRING
    "seL4 benchmark configuration: none, generic, tracepoints, track_utilisation")
set_property(CACHE KernelBenchmarks PROPERTY STRINGS ${keel_benchmarks_implemented})
string(REPLACE ";" ", " keel_seL4_values "${keel_benchmarks_seL4}")
string(REPLACE ";" ", " keel_values "${keel_benchmarks_implemented}")
# (list(FIND): write-config.cmake runs this in script mode, without IN_LIST)
list(FIND keel_benchmarks_seL4 "${KernelBenchmarks}" keel_seL4_index)
list(FIND keel_benchmarks_implemented "${KernelBenchmarks}" keel_index)
if(keel_seL4_index LESS 0)
    message(FATAL_ERROR "KernelBenchmarks=${KernelBenchmarks}: seL4's values are "
                        "${keel_seL4_values}")
elseif(keel_index LESS 0)
    message(FATAL_ERROR "KernelBenchmarks=${KernelBenchmarks} is one of seL4's values, but "
                        "Keel does not implement it; choose one of ${keel_values}")
endif()
if(KernelBenchmarks STREQUAL "none")
    set(keel_enable_benchmarks OFF)
else()
    set(keel_enable_benchmarks ON)
endif()
# seL4: the tracepoints' log keeps at most this many distinct trace point ids.
set(KernelMaxNumTracePoints 1 CACHE STRING
    "Trace point ids the kernel may use (tracepoints only; seL4's default 1)")
if(KernelBenchmarks STREQUAL "tracepoints")
    keel_config_check_range(KernelMaxNumTracePoints 1 256)
    set(keel_trace_points ${KernelMaxNumTracePoints})
else()
    set(keel_trace_points 0)
endif()
# seL4's KernelArmExportPMUUser: user level may read (and program) the PMU,
# PMUSERENR.EN. Keel also starts the cycle counter so that a PL0 read of
# PMCCNTR counts; seL4 does so in benchmark builds, which set EN as well.
option(KernelArmExportPMUUser "PL0 access to the PMU cycle counter (PMUSERENR.EN)" OFF)

# --- Multicore (docs/smp.md) ------------------------------------------------
# seL4's KernelMaxNumNodes: the cores the kernel runs on; more than one gives
# CONFIG_ENABLE_SMP_SUPPORT (seL4's name), the big kernel lock, per-core
# scheduling and the SMP libsel4 ABI. sel4test's SMP=TRUE sets it to 4.
option(SMP "Multicore build (sel4test's SMP=TRUE): KernelMaxNumNodes defaults to 4" OFF)
set(KernelMaxNumNodes AUTO CACHE STRING "Cores the kernel runs on, 1..8 (AUTO: 4 with SMP=TRUE, else 1)")
if(KernelMaxNumNodes STREQUAL "AUTO")
    if(SMP)
        set(keel_max_num_nodes 4)
    else()
        set(keel_max_num_nodes 1)
    endif()
else()
    # (GICv2 has eight CPU interfaces.)
    keel_config_check_range(KernelMaxNumNodes 1 8)
    set(keel_max_num_nodes ${KernelMaxNumNodes})
endif()
if(keel_max_num_nodes GREATER 1)
    set(keel_smp ON)
    # tools/simulate.in: QEMU gives the machine as many cores, emulated by
    # one host thread in turn: with a thread per core (MTTCG) on a busy
    # 2-CPU host, cores spinning for the kernel lock starve the core that
    # holds it (docs/smp.md).
    set(KEEL_QEMU_SMP_OPTION "-smp ${keel_max_num_nodes} -accel tcg,thread=single")
else()
    set(keel_smp OFF)
    set(KEEL_QEMU_SMP_OPTION "")
endif()

# --- Checked kernel (docs/reliability.md) ----------------------------------
# Keel's own option, not seL4's: before every return to user level the
# kernel checks its invariants (src/kernel/invariants.c) and halts with a
# report on a violation. It builds on the debug build's checker.
option(KEEL_CHECKED "Check kernel invariants on every kernel exit (debug builds)" OFF)
if(KEEL_CHECKED AND RELEASE)
    message(FATAL_ERROR "KEEL_CHECKED=TRUE needs a debug build (not RELEASE=TRUE)")
endif()

# --- Write <autoconf.h> ---------------------------------------------------
# keel_config_write(<directory>): the header goes to <directory>/autoconf.h
# and is rewritten only when its text changes.
function(keel_config_write dir)
    set(KEEL_CONFIG_LINES "")
    set(KEEL_CONFIG_SUMMARY "")
    # Fixed by the architecture and the reference configuration (DESIGN.md 2).
    keel_config(fixed ARCH_ARM ON)
    keel_config(fixed ARCH_AARCH32 ON)
    keel_config(fixed ARM_CORTEX_A15 ON)
    keel_config(fixed WORD_SIZE 32)
    keel_config(fixed HAVE_FPU ON)
    keel_config(fixed SET_TLS_BASE_SELF ON)
    keel_config(fixed NUM_PRIORITIES 256)
    keel_config(fixed TIMER_TICK_MS 2)
    keel_config(fixed TIME_SLICE 5)
    keel_config(fixed ROOT_CNODE_SIZE_BITS 13)
    keel_config(fixed RETYPE_FAN_OUT_LIMIT 256)
    keel_config(fixed MAX_NUM_BOOTINFO_UNTYPED_CAPS 230)
    keel_config(fixed RESET_CHUNK_BITS 8)
    if(DEFINED KEEL_HOST_WORK_UNITS)
        keel_config(fixed MAX_NUM_WORK_UNITS_PER_PREEMPTION ${KEEL_HOST_WORK_UNITS})
    else()
        keel_config(fixed MAX_NUM_WORK_UNITS_PER_PREEMPTION 100)
    endif()
    # Chosen on the command line.
    keel_config(fixed DEBUG_BUILD ${KernelDebugBuild})
    set(KEEL_CONFIG_SUMMARY "${KEEL_CONFIG_SUMMARY} RELEASE=${RELEASE}")
    keel_config(KernelPrinting PRINTING ${keel_printing})
    keel_config(KernelNumDomains NUM_DOMAINS ${KernelNumDomains})
    keel_config(KernelNumDomainSchedules NUM_DOMAIN_SCHEDULES ${KernelNumDomainSchedules})
    keel_config(KernelFastpath FASTPATH ${KernelFastpath})
    keel_config(KernelMaxNumNodes MAX_NUM_NODES ${keel_max_num_nodes})
    keel_config(fixed ENABLE_SMP_SUPPORT ${keel_smp})
    # seL4's config_choice: one CONFIG_ per value, and the value itself.
    foreach(choice none:NO_BENCHMARKS generic:BENCHMARK_GENERIC
                   track_kernel_entries:BENCHMARK_TRACK_KERNEL_ENTRIES
                   tracepoints:BENCHMARK_TRACEPOINTS
                   track_utilisation:BENCHMARK_TRACK_UTILISATION)
        string(REPLACE ":" ";" choice ${choice})
        list(GET choice 0 value)
        list(GET choice 1 name)
        if(KernelBenchmarks STREQUAL value)
            keel_config(fixed ${name} ON)
        else()
            keel_config(fixed ${name} OFF)
        endif()
    endforeach()
    keel_config(KernelBenchmarks KERNEL_BENCHMARK ${KernelBenchmarks})
    keel_config(fixed ENABLE_BENCHMARKS ${keel_enable_benchmarks})
    if(KernelBenchmarks STREQUAL "tracepoints")
        keel_config(fixed KERNEL_LOG_BUFFER ON)
    else()
        keel_config(fixed KERNEL_LOG_BUFFER OFF)
    endif()
    if(KernelBenchmarks STREQUAL "tracepoints")
        keel_config(KernelMaxNumTracePoints MAX_NUM_TRACE_POINTS ${keel_trace_points})
    else()
        keel_config(fixed MAX_NUM_TRACE_POINTS 0)
    endif()
    keel_config(KernelArmExportPMUUser EXPORT_PMU_USER ${KernelArmExportPMUUser})
    keel_config(KEEL_CHECKED KEEL_CHECKED ${KEEL_CHECKED})
    if(DEFINED PLATFORM)
        string(TOUPPER "${PLATFORM}" plat)
        string(REPLACE "-" "_" plat "${plat}")
        keel_config(fixed PLAT_${plat} ON)
    endif()
    file(CONFIGURE OUTPUT ${dir}/autoconf.h CONTENT
"/* Generated by tools/cmake/config.cmake from the build's options: do not edit. */
#pragma once

${KEEL_CONFIG_LINES}")
    set(KEEL_CONFIG_SUMMARY "${KEEL_CONFIG_SUMMARY}" PARENT_SCOPE)
endfunction()
