#ifndef LOOKOUT_CPCRE2_SHIM_H
#define LOOKOUT_CPCRE2_SHIM_H
/* 8-bit code units: patterns and subjects are UTF-8 bytes, lengths are byte counts. */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#endif
