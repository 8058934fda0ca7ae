#ifndef LOOKOUT_CZLIB_SHIM_H
#define LOOKOUT_CZLIB_SHIM_H
#include <zlib.h>

/// `inflateInit2` is a macro, which Swift cannot import; this wraps it.
/// windowBits 16 + 15 selects gzip framing with the largest window.
static inline int lookout_inflate_init_gzip(z_streamp stream) {
    return inflateInit2(stream, 16 + MAX_WBITS);
}
#endif
