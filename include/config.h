/*
 * The build configuration: <autoconf.h>, generated from the build's options
 * by tools/cmake/config.cmake (seL4's CONFIG_* names), plus config_set(),
 * which lets C code test a boolean option in an ordinary `if`, so both
 * branches are compiled and checked in every configuration.
 */
#pragma once

#include <autoconf.h>

/* config_set(CONFIG_X) is 1 when CONFIG_X is defined as 1, else 0. The
 * argument expands to 1 or stays a bare name; only "1" pastes into a macro
 * that supplies the extra comma which shifts the 1 into place. The probe is
 * taken as `...` because cppcheck's preprocessor counts it as two arguments
 * once it has expanded to the comma (C counts one). */
#define KEEL_CONFIG_PROBE_1 ,
#define config_set(option) keel_config_set_(option)
#define keel_config_set_(value) keel_config_set__(KEEL_CONFIG_PROBE_##value)
#define keel_config_set__(...) keel_config_pick_(__VA_ARGS__ 1, 0, 0)
#define keel_config_pick_(ignored, value, ...) value
