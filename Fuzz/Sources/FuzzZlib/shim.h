#ifndef LOOKOUT_FUZZ_ZLIB_SHIM_H
#define LOOKOUT_FUZZ_ZLIB_SHIM_H
#include <zlib.h>
/* inflateInit2 / deflateInit2 are macros, which Swift cannot import. */
static inline int fuzz_inflate_init_gzip(z_streamp s) { return inflateInit2(s, 16 + MAX_WBITS); }
static inline int fuzz_deflate_init_gzip(z_streamp s, int level, int strategy) {
    return deflateInit2(s, level, Z_DEFLATED, 16 + MAX_WBITS, 8, strategy);
}
#endif
