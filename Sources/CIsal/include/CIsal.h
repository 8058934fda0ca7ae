#ifndef LOOKOUT_CISAL_H
#define LOOKOUT_CISAL_H
// ISA-L's streaming gzip inflate (isal_inflate), loaded at run time from libisal.so.2 so that
// Lookout neither needs ISA-L to build nor to run: without it, every function here says no
// (lookout_isal_create returns NULL) and GzipReader uses zlib.
#include <stdbool.h>
#include <stdint.h>

/// One ISA-L inflate state (a `struct inflate_state`, 85 KiB), owned by `IsalInflater`.
typedef struct lookout_isal lookout_isal;

/// What one call of `lookout_isal_inflate` ended with. The negative values are ISA-L's own.
enum {
    LOOKOUT_ISAL_MORE = 0,               // went as far as input and output allowed
    LOOKOUT_ISAL_MEMBER_END = 1,         // the member's trailer was read and its CRC32 and size match
    LOOKOUT_ISAL_INVALID_BLOCK = -1,
    LOOKOUT_ISAL_INVALID_SYMBOL = -2,
    LOOKOUT_ISAL_INVALID_LOOKBACK = -3,
    LOOKOUT_ISAL_INVALID_WRAPPER = -4,
    LOOKOUT_ISAL_UNSUPPORTED_METHOD = -5,
    LOOKOUT_ISAL_INCORRECT_CHECKSUM = -6,   // the header's CRC-16
    LOOKOUT_ISAL_TRAILER_MISMATCH = -100,   // the trailer's CRC-32 or length does not match the data
    LOOKOUT_ISAL_RESERVED_FLAGS = -101,     // the header sets reserved flag bits (zlib and gzip -d refuse it)
};

/// A new state, or NULL when libisal.so.2 cannot be loaded (or was not there to build with).
lookout_isal *lookout_isal_create(void);
void lookout_isal_destroy(lookout_isal *state);
/// Starts a gzip member at the next input byte: ISA-L parses its header and checks its trailer.
void lookout_isal_begin_member(lookout_isal *state);
/// One `isal_inflate` call: takes input from `in` (`*consumed` bytes of it) and writes up to
/// `out_count` bytes to `out` (`*produced`). `*held` is how many consumed bytes ISA-L holds
/// undecoded (its bit buffer and header bytes), so a fault's offset can leave them out
/// (after a trailer mismatch: 8, the trailer's length). After an error in the deflate data
/// the bytes inflated before it are handed out first, then the error is returned.
int lookout_isal_inflate(lookout_isal *state, const uint8_t *in, uint32_t in_count, uint32_t *consumed,
                         uint8_t *out, uint32_t out_count, uint32_t *produced, uint32_t *held);

#endif
