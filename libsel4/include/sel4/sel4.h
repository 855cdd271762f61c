/*
 * Keel's libsel4: seL4's user API for 32-bit ARM, source- and
 * binary-compatible with upstream seL4 16.0.0 (aarch32, non-MCS). Include this.
 */
#pragma once

#include <sel4/config.h>
#include <sel4/types.h>
#include <sel4/functions.h>
#include <sel4/syscalls.h>
#include <sel4/invocation.h>
#include <sel4/arch/invocation.h>
#include <interfaces/sel4_client.h>
#include <sel4/bootinfo.h>
#include <sel4/faults.h>
#include <sel4/deprecated.h>
#include <sel4/constants.h>
#include <sel4/sel4_arch/constants.h>
#include <sel4/arch/constants.h>
