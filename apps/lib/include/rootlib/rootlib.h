/*
 * rootlib, everything at once: the environment, slots and objects, the
 * address-space helpers, threads, processes and the IPC server loop.
 */
#pragma once

#include <rootlib/env.h>
#include <rootlib/process.h>
#include <rootlib/server.h>
#include <rootlib/thread.h>
#include <rootlib/vspace.h>
