/*
 * Exception vectors and the user/kernel boundary. While a user thread runs,
 * SP_svc points at &context->regs[REG_PC] of that thread (see
 * arm_return_to_user), so an exception from user mode saves the pc and cpsr
 * with `srsia` and r0-r14 with `stmdb sp, {r0-lr}^` straight into the
 * thread's TCB, then moves onto the kernel stack. Exceptions taken in a
 * kernel mode are unexpected: their registers go on the mode's own stack
 * and arch_unexpected_exception reports them.
 */
#include <config.h>
#include <arch/cpu.h>
#include <arch/machine/registerset.h>
#include <arch/smp.h>

#define MODE_STACKS_PER_CORE 8192 /* four 2 KiB exception-mode stacks */

    .arch armv7ve
    .arm
    .section .text.vectors, "ax"
    .balign 32
    .global arm_vector_table
arm_vector_table:
    b       vector_reset
    b       vector_undefined
    b       vector_svc
    b       vector_prefetch_abort
    b       vector_data_abort
    b       vector_reserved
    b       vector_irq
    b       vector_fiq

/* Kernel-mode exception. lr_adjust: how far lr is past the interrupted
 * instruction (ARM ARM B1.8.3). */
.macro unexpected kind, lr_adjust
    sub     lr, lr, #\lr_adjust
    push    {lr}
    push    {r0-r12}
    mov     r0, #\kind
    mov     r1, sp
    mrs     r2, spsr
    bl      arch_unexpected_exception
.endm

/* Branches to `label` unless the exception came from user mode; uses the
 * mode's own stack for one scratch register. */
.macro if_not_from_user label
    push    {r0}
    mrs     r0, spsr
    and     r0, r0, #CPSR_MODE_MASK
    cmp     r0, #CPSR_MODE_USR
    pop     {r0}
    bne     \label
.endm

/* Utilisation tracking (KernelBenchmarks=track_utilisation): stamp the
 * kernel entry (src/api/benchmark.c). r0 and r1 survive, for the fast path;
 * other builds assemble nothing here. */
.macro benchmark_entry
#ifdef CONFIG_BENCHMARK_TRACK_UTILISATION
    push    {r0, r1}
    bl      benchmark_utilisation_kernel_entry
    pop     {r0, r1}
#endif
.endm

/* This core's kernel stack: with several cores, each keeps the top of its
 * own in TPIDRPRW (PL1-only; src/arch/arm/smp.c sets it). */
.macro load_kernel_stack
#if CONFIG_MAX_NUM_NODES > 1
    mrc     p15, 0, sp, c13, c0, 4
#else
    ldr     sp, =kernel_stack_top
#endif
.endm

/* Multicore: take the big kernel lock for an entry of `kind` (SMP_ENTRY_*);
 * if a remote stall took the thread away while we waited, the handler is
 * skipped (smp_kernel_enter). Nothing on one core. */
.macro smp_enter kind
#if CONFIG_MAX_NUM_NODES > 1
    mov     r0, #\kind
    bl      smp_kernel_enter
    cmp     r0, #0
    beq     smp_entry_dropped
#endif
.endm

/* Save the user context into the current TCB (pc and cpsr already adjusted
 * in lr and spsr of the current mode), switch to SVC on the kernel stack. */
.macro save_user_context kind
    srsia   sp, #CPSR_MODE_SVC
    cps     #CPSR_MODE_SVC
    stmdb   sp, {r0-lr}^
    mrc     p15, 0, r0, c13, c0, 2      /* TPIDRURW: user-writable */
    str     r0, [sp, #CONTEXT_TPIDRURW_FROM_PC]
    load_kernel_stack
    smp_enter \kind
    benchmark_entry
.endm

vector_svc:
    if_not_from_user kernel_svc
    srsia   sp, #CPSR_MODE_SVC      /* pc after the swi, cpsr */
    stmdb   sp, {r0-lr}^
    sub     r8, lr, #4              /* the swi itself, for a restart */
    str     r8, [sp, #(REG_FAULT_IP - REG_PC) * 4]
    mrc     p15, 0, r8, c13, c0, 2  /* TPIDRURW: user-writable */
    str     r8, [sp, #CONTEXT_TPIDRURW_FROM_PC]
    load_kernel_stack
#if CONFIG_MAX_NUM_NODES > 1
    smp_enter SMP_ENTRY_SYSCALL
    ldr     r0, =arm_current_context /* the cptr and message info again */
    ldr     r0, [r0]
    ldr     r1, [r0, #4]
    ldr     r0, [r0]
#endif
    benchmark_entry
#ifdef CONFIG_FASTPATH
    /* Call and ReplyRecv go to the fast path with r0 (cptr) and r1
     * (message info) as the user left them; it leaves the kernel itself,
     * through the general path if it cannot do the call. */
    cmn     r7, #1                  /* seL4_SysCall */
    beq     fastpath_call
    cmn     r7, #2                  /* seL4_SysReplyRecv */
    beq     fastpath_reply_recv
#endif
    mov     r0, r7                  /* the syscall number */
    bl      handle_syscall
    b       arm_return_to_user

vector_undefined:
    if_not_from_user kernel_undefined
    sub     lr, lr, #4
    save_user_context SMP_ENTRY_FAULT
    bl      arm_handle_undefined
    b       arm_return_to_user

vector_prefetch_abort:
    if_not_from_user kernel_prefetch_abort
    sub     lr, lr, #4
    save_user_context SMP_ENTRY_FAULT
    bl      arm_handle_prefetch_abort
    b       arm_return_to_user

vector_data_abort:
    if_not_from_user kernel_data_abort
    sub     lr, lr, #8
    save_user_context SMP_ENTRY_FAULT
    bl      arm_handle_data_abort
    b       arm_return_to_user

/* An IRQ from user mode, or from the idle thread (the only code that runs
 * in a kernel mode with IRQs enabled): nothing of the idle loop needs
 * saving. */
vector_irq:
    sub     lr, lr, #4
    if_not_from_user irq_from_idle
    save_user_context SMP_ENTRY_IRQ
    bl      arm_handle_irq
    b       arm_return_to_user
irq_from_idle:
    cps     #CPSR_MODE_SVC
    load_kernel_stack
    smp_enter SMP_ENTRY_IRQ
    benchmark_entry
    bl      arm_handle_irq
    b       arm_return_to_user

#if CONFIG_MAX_NUM_NODES > 1
/* The thread that entered was taken off this core meanwhile: choose what
 * runs now (smp.c queued the thread again if it can still run). */
smp_entry_dropped:
    bl      thread_activate_current
    b       arm_return_to_user
#endif

kernel_svc:             unexpected 2, 4
kernel_undefined:       unexpected 1, 4
kernel_prefetch_abort:  unexpected 3, 4
kernel_data_abort:      unexpected 4, 8
vector_reset:           unexpected 0, 0
vector_reserved:        unexpected 5, 0
vector_fiq:             unexpected 7, 4

/*
 * arm_return_to_user(): resume the thread whose context arm_current_context
 * names. Never returns. The thread's cpsr is trusted: the kernel only ever
 * stores user-mode values there.
 */
    .text
    .global arm_return_to_user
    .global arch_restore_user_context
arm_return_to_user:
arch_restore_user_context:
#ifdef CONFIG_KEEL_CHECKED
    /* The checked kernel (docs/reliability.md): every exit, the fast
     * path's included, passes here with the user context saved; restart
     * the kernel stack, which nothing on it is needed any more. */
    load_kernel_stack
    bl      kernel_check_invariants
#endif
#ifdef CONFIG_BENCHMARK_TRACK_UTILISATION
    /* charge the kernel's time since benchmark_entry */
    load_kernel_stack
    bl      benchmark_utilisation_kernel_exit
#endif
#if CONFIG_MAX_NUM_NODES > 1
    /* store this core's state, release the lock: the context is ours alone
     * until we next enter (a remote stall waits for that) */
    load_kernel_stack
    bl      smp_kernel_exit
    mov     sp, r0
#else
    ldr     r0, =arm_current_context
    ldr     sp, [r0]
#endif
    ldr     r1, [sp, #CONTEXT_TPIDRURO_OFFSET]
    mcr     p15, 0, r1, c13, c0, 3  /* TPIDRURO */
    ldr     r1, [sp, #CONTEXT_TPIDRURW_OFFSET]
    mcr     p15, 0, r1, c13, c0, 2  /* TPIDRURW */
    ldmia   sp, {r0-lr}^
    nop                             /* no banked access right after ldm ^ */
    add     sp, sp, #CONTEXT_PC_OFFSET
    rfeia   sp

/* The idle thread: SVC mode, IRQs on, no stack. */
    .global arm_idle_loop
arm_idle_loop:
    dsb
    wfi
    b       arm_idle_loop

/* arch_init_mode_stacks(core): a stack for each exception mode of this
 * core (2 KiB each, in core `core`'s block of mode_stacks), back in SVC. */
    .global arch_init_mode_stacks
arch_init_mode_stacks:
    ldr     r1, =mode_stacks
    mov     r2, #MODE_STACKS_PER_CORE
    mla     r1, r0, r2, r1
    cps     #CPSR_MODE_ABT
    add     sp, r1, #2048
    cps     #CPSR_MODE_UND
    add     sp, r1, #4096
    cps     #CPSR_MODE_IRQ
    add     sp, r1, #6144
    cps     #CPSR_MODE_FIQ
    add     sp, r1, #8192
    cps     #CPSR_MODE_SVC
    bx      lr

/* arch_read_banked_sp_lr(mode, out[2]): sp and lr of `mode` (user mode's
 * through system mode, which shares them), interrupts kept masked. */
    .global arch_read_banked_sp_lr
arch_read_banked_sp_lr:
    mrs     r2, cpsr
    cmp     r0, #CPSR_MODE_USR
    moveq   r0, #CPSR_MODE_SYS
    orr     r0, r0, #(CPSR_I | CPSR_F | CPSR_A)
    msr     cpsr_c, r0
    str     sp, [r1]
    str     lr, [r1, #4]
    msr     cpsr_c, r2
    bx      lr

    .section .bss
    .balign 8
mode_stacks:
    .space  MODE_STACKS_PER_CORE * CONFIG_MAX_NUM_NODES
