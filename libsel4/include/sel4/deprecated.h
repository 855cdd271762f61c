/*
 * Older spellings that upstream seL4 still accepts, kept so that existing
 * programs compile. Types and functions carry the deprecated attribute with
 * the replacement to use; macros cannot, so their comments say it instead.
 */
#pragma once

#include <sel4/macros.h>
#include <sel4/types.h>
#include <sel4/functions.h>
#include <sel4/faults.h>
#include <sel4/sel4_arch/deprecated.h>

/* VM-fault ("page fault IPC") label and message registers: seL4_VMFault_*. */
#define SEL4_PFIPC_LABEL SEL4_DEPRECATE_MACRO(seL4_Fault_VMFault)
#define SEL4_PFIPC_LENGTH SEL4_DEPRECATE_MACRO(seL4_VMFault_Length)
#define SEL4_PFIPC_FAULT_IP SEL4_DEPRECATE_MACRO(seL4_VMFault_IP)
#define SEL4_PFIPC_FAULT_ADDR SEL4_DEPRECATE_MACRO(seL4_VMFault_Addr)
#define SEL4_PFIPC_PREFETCH_FAULT SEL4_DEPRECATE_MACRO(seL4_VMFault_PrefetchFault)
#define SEL4_PFIPC_FSR SEL4_DEPRECATE_MACRO(seL4_VMFault_FSR)

/* Unknown-syscall ("exception IPC") and user-exception labels. */
#define SEL4_EXCEPT_IPC_LABEL SEL4_DEPRECATE_MACRO(seL4_Fault_UnknownSyscall)
#define SEL4_USER_EXCEPTION_LABEL SEL4_DEPRECATE_MACRO(seL4_Fault_UserException)
#define SEL4_USER_EXCEPTION_LENGTH SEL4_DEPRECATE_MACRO(seL4_UserException_Length)

/* Fault labels: seL4_Fault_*. */
#define seL4_NoFault SEL4_DEPRECATE_MACRO(seL4_Fault_NullFault)
#define seL4_CapFault SEL4_DEPRECATE_MACRO(seL4_Fault_CapFault)
#define seL4_UnknownSyscall SEL4_DEPRECATE_MACRO(seL4_Fault_UnknownSyscall)
#define seL4_UserException SEL4_DEPRECATE_MACRO(seL4_Fault_UserException)
#define seL4_VMFault SEL4_DEPRECATE_MACRO(seL4_Fault_VMFault)

#define seL4_CapInitThreadPD seL4_CapInitThreadVSpace

typedef seL4_Fault_tag_t seL4_FaultType SEL4_DEPRECATED("use seL4_Fault_tag_t");
typedef seL4_CapRights_t seL4_CapRights SEL4_DEPRECATED("use seL4_CapRights_t");
typedef seL4_Word seL4_CapData_t SEL4_DEPRECATED("badges and guards are plain seL4_Word values");

/* The four message registers of a VM fault, by name or by index. */
typedef union {
    struct {
        seL4_Word fault_ip;
        seL4_Word fault_addr;
        seL4_Word prefetch_fault;
        seL4_Word fsr;
    } regs;
    seL4_Word raw[4];
} seL4_PageFaultIpcRegisters SEL4_DEPRECATED("use seL4_Fault_VMFault_new()");

/* The tag of the last message, as the kernel left it in the IPC buffer. */
LIBSEL4_INLINE_FUNC SEL4_DEPRECATED("removed") seL4_MessageInfo_t seL4_GetTag(void)
{
    return seL4_GetIPCBuffer()->tag;
}

LIBSEL4_INLINE_FUNC SEL4_DEPRECATED("removed") void seL4_SetTag(seL4_MessageInfo_t tag)
{
    seL4_GetIPCBuffer()->tag = tag;
}

/* Reading a received VM-fault message. */
LIBSEL4_INLINE_FUNC SEL4_DEPRECATED("use seL4_GetMR(seL4_VMFault_IP)") seL4_Word seL4_PF_FIP(void)
{
    return seL4_GetMR(seL4_VMFault_IP);
}

LIBSEL4_INLINE_FUNC SEL4_DEPRECATED("use seL4_GetMR(seL4_VMFault_Addr)") seL4_Word
    seL4_PF_Addr(void)
{
    return seL4_GetMR(seL4_VMFault_Addr);
}

LIBSEL4_INLINE_FUNC SEL4_DEPRECATED("use seL4_isVMFault_tag") seL4_Word seL4_isPageFault_MSG(void)
{
    return seL4_isVMFault_tag(seL4_GetIPCBuffer()->tag);
}

LIBSEL4_INLINE_FUNC SEL4_DEPRECATED("use seL4_isVMFault_tag") seL4_Word
    seL4_isPageFault_Tag(seL4_MessageInfo_t tag)
{
    return seL4_isVMFault_tag(tag);
}

/* Reading and writing an unknown-syscall message (and its reply). */
LIBSEL4_INLINE_FUNC SEL4_DEPRECATED("use seL4_isUnknownSyscall_tag") seL4_Word
    seL4_isExceptIPC_Tag(seL4_MessageInfo_t tag)
{
    return seL4_isUnknownSyscall_tag(tag);
}

LIBSEL4_INLINE_FUNC SEL4_DEPRECATED("use seL4_GetMR") seL4_Word seL4_ExceptIPC_Get(seL4_Word mr)
{
    return seL4_GetMR((int)mr);
}

LIBSEL4_INLINE_FUNC SEL4_DEPRECATED("use seL4_SetMR") void seL4_ExceptIPC_Set(seL4_Word index,
                                                                              seL4_Word val)
{
    seL4_SetMR((int)index, val);
}

/* Both tell an unknown-syscall message by its length, as upstream's do. */
LIBSEL4_INLINE_FUNC SEL4_DEPRECATED("") seL4_Word seL4_IsArchSyscallFrom(seL4_MessageInfo_t tag)
{
    return seL4_MessageInfo_get_length(tag) == seL4_UnknownSyscall_Length;
}

LIBSEL4_INLINE_FUNC SEL4_DEPRECATED("") seL4_Word seL4_IsArchExceptionFrom(seL4_MessageInfo_t tag)
{
    return seL4_MessageInfo_get_length(tag) == seL4_UnknownSyscall_Length;
}

/* Cap data used to be a tagged word; a badge is now the word itself and a
 * CNode guard is seL4_CNode_CapData_t's word. */
LIBSEL4_INLINE_FUNC SEL4_DEPRECATED("a badge is a plain seL4_Word") seL4_Word
    seL4_CapData_Badge_new(seL4_Word badge)
{
    return badge;
}

LIBSEL4_INLINE_FUNC SEL4_DEPRECATED("use seL4_CNode_CapData_new().words[0]") seL4_Word
    seL4_CapData_Guard_new(seL4_Word guard, seL4_Word bits)
{
    return seL4_CNode_CapData_new(guard, bits).words[0];
}
