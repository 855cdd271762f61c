# Writes <autoconf.h> outside a CMake build, for tools and tests that compile
# against libsel4 on their own:
#   cmake -DOUT=<dir> [-DRELEASE=ON -DKernelNumDomains=4 ...] -P tools/cmake/write-config.cmake
# Options and defaults are those of tools/cmake/config.cmake.
if(NOT DEFINED OUT)
    message(FATAL_ERROR "usage: cmake -DOUT=<dir> [-D<option>=<value>...] -P write-config.cmake")
endif()
include(${CMAKE_CURRENT_LIST_DIR}/config.cmake)
keel_config_write(${OUT})
