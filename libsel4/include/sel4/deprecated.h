/*
 * Older spellings that upstream still accepts and existing programs still
 * use. New code should use the names on the right.
 */
#pragma once

#include <sel4/types.h>

#define seL4_NoFault seL4_Fault_NullFault
#define seL4_CapFault seL4_Fault_CapFault
#define seL4_UnknownSyscall seL4_Fault_UnknownSyscall
#define seL4_UserException seL4_Fault_UserException
#define seL4_VMFault seL4_Fault_VMFault

#define seL4_CapInitThreadPD seL4_CapInitThreadVSpace

typedef seL4_Fault_tag_t seL4_FaultType;
typedef seL4_Word seL4_CapData_t;
typedef seL4_CapRights_t seL4_CapRights;
