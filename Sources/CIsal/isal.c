#include "CIsal.h"

#if __has_include(<isa-l/igzip_lib.h>)
#include <isa-l/igzip_lib.h>
#include <dlfcn.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

_Static_assert(LOOKOUT_ISAL_INVALID_BLOCK == ISAL_INVALID_BLOCK && LOOKOUT_ISAL_INVALID_SYMBOL == ISAL_INVALID_SYMBOL &&
               LOOKOUT_ISAL_INVALID_LOOKBACK == ISAL_INVALID_LOOKBACK && LOOKOUT_ISAL_INVALID_WRAPPER == ISAL_INVALID_WRAPPER &&
               LOOKOUT_ISAL_UNSUPPORTED_METHOD == ISAL_UNSUPPORTED_METHOD &&
               LOOKOUT_ISAL_INCORRECT_CHECKSUM == ISAL_INCORRECT_CHECKSUM, "ISA-L's error codes");

struct lookout_isal {
    struct inflate_state state;
    /// After an error in the deflate data: the error, returned once the inflated bytes ISA-L
    /// withheld (in its tmp_out_buffer) have been handed out, and its `held`.
    int failed;
    uint32_t failed_held;
    /// Header bytes seen of the current member (up to its flags byte), and its method byte.
    uint32_t header_seen;
    uint8_t method;
};

// What every buffer ISA-L writes into holds before it writes. On bad data ISA-L has been
// seen to hand out bytes it never wrote (see the drop in lookout_isal_inflate); should any
// other path do so, those bytes are this value, never stale memory from an earlier file or
// allocation, and not NUL (which would make a damaged file look binary). Filling costs
// less than the noise of measuring it (well under 1% of inflating).
#define UNWRITTEN 0xFF

static void (*isal_init)(struct inflate_state *);
static int (*isal_run)(struct inflate_state *);
static pthread_once_t loaded = PTHREAD_ONCE_INIT;

// Once per process; the library stays loaded.
static void load(void) {
    void *library = dlopen("libisal.so.2", RTLD_NOW | RTLD_LOCAL);
    if (library == NULL) return;
    void *init = dlsym(library, "isal_inflate_init");
    void *run = dlsym(library, "isal_inflate");
    if (init == NULL || run == NULL) return;
    isal_init = (void (*)(struct inflate_state *))init;
    isal_run = (int (*)(struct inflate_state *))run;
}

lookout_isal *lookout_isal_create(void) {
    pthread_once(&loaded, load);
    if (isal_run == NULL) return NULL;
    void *memory = NULL;
    if (posix_memalign(&memory, 64, sizeof(lookout_isal)) != 0) return NULL;
    memset(memory, 0, sizeof(lookout_isal));
    memset(((lookout_isal *)memory)->state.tmp_out_buffer, UNWRITTEN, sizeof ((lookout_isal *)memory)->state.tmp_out_buffer);
    return memory;
}

void lookout_isal_destroy(lookout_isal *state) { free(state); }

void lookout_isal_begin_member(lookout_isal *s) {
    isal_init(&s->state);
    s->state.crc_flag = ISAL_GZIP;
    s->failed = 0;
    s->header_seen = 0;
}

/// Hands out inflated bytes ISA-L withheld when it met an error.
static uint32_t drain(struct inflate_state *state, uint8_t *out, uint32_t out_count) {
    int32_t left = state->tmp_out_valid - state->tmp_out_processed;
    uint32_t n = left > 0 ? ((uint32_t)left < out_count ? (uint32_t)left : out_count) : 0;
    memcpy(out, state->tmp_out_buffer + state->tmp_out_processed, n);
    state->tmp_out_processed += (int32_t)n;
    return n;
}

int lookout_isal_inflate(lookout_isal *s, const uint8_t *in, uint32_t in_count, uint32_t *consumed,
                         uint8_t *out, uint32_t out_count, uint32_t *produced, uint32_t *held) {
    struct inflate_state *state = &s->state;
    if (s->failed) {
        *consumed = 0;
        *produced = drain(state, out, out_count);
        *held = s->failed_held;
        return *produced > 0 ? LOOKOUT_ISAL_MORE : s->failed;
    }
    // The method and flags bytes are checked as zlib checks them, once the 4th byte is in:
    // ISA-L reads 10 bytes before it checks the method, and ignores reserved flags (zlib and
    // gzip -d refuse them).
    for (uint32_t i = 0; s->header_seen < 4 && i < in_count; i++) {
        s->header_seen++;
        if (s->header_seen == 3) s->method = in[i];
        if (s->header_seen == 4 && (s->method != 8 || (in[i] & 0xE0) != 0)) {
            *consumed = i + 1;
            *produced = 0;
            *held = 0;
            return s->method != 8 ? LOOKOUT_ISAL_UNSUPPORTED_METHOD : LOOKOUT_ISAL_RESERVED_FLAGS;
        }
    }
    memset(out, UNWRITTEN, out_count);
    state->next_in = (uint8_t *)in;
    state->avail_in = in_count;
    state->next_out = out;
    state->avail_out = out_count;
    int rc = isal_run(state);
    // On bad data ISA-L may have taken a byte more than it was given: never count it.
    *consumed = state->avail_in <= in_count ? in_count - state->avail_in : in_count;
    *produced = out_count - state->avail_out;
    *held = (uint32_t)state->tmp_in_size + (uint32_t)(state->read_in_length > 0 ? state->read_in_length / 8 : 0);
    if (rc == ISAL_INCORRECT_CHECKSUM && state->block_state == ISAL_BLOCK_FINISH) {
        *held = 8;   // the trailer just read: the fault is where it begins
        return LOOKOUT_ISAL_TRAILER_MISMATCH;
    }
    if (rc == ISAL_INVALID_BLOCK || rc == ISAL_INVALID_SYMBOL || rc == ISAL_INVALID_LOOKBACK) {
        if (rc != ISAL_INVALID_BLOCK) {
            // ISA-L's fast decoder moves its output pointer past a match before it checks the
            // match's distance code and distance: the last bytes of the output, up to a
            // match's length, were never written. They are dropped (from what it holds back
            // first, then from `out`), so only inflated bytes ever go out.
            uint32_t drop = ISAL_DEF_MAX_MATCH;
            int32_t held_back = state->tmp_out_valid - state->tmp_out_processed;
            uint32_t from_held = held_back > 0 ? ((uint32_t)held_back < drop ? (uint32_t)held_back : drop) : 0;
            state->tmp_out_valid -= (int32_t)from_held;
            drop -= from_held;
            *produced -= *produced < drop ? *produced : drop;
        }
        // Bytes inflated before the error may still sit in ISA-L's buffer: they go out first
        // (zlib hands out every byte before the fault; so does this).
        s->failed = rc;
        s->failed_held = *held;
        *produced += drain(state, out + *produced, out_count - *produced);
        return *produced > 0 ? LOOKOUT_ISAL_MORE : rc;
    }
    if (rc < 0) return rc;
    return state->block_state == ISAL_BLOCK_FINISH ? LOOKOUT_ISAL_MEMBER_END : LOOKOUT_ISAL_MORE;
}

#else   // built without ISA-L's header: zlib only

lookout_isal *lookout_isal_create(void) { return 0; }
void lookout_isal_destroy(lookout_isal *state) { (void)state; }
void lookout_isal_begin_member(lookout_isal *state) { (void)state; }
int lookout_isal_inflate(lookout_isal *state, const uint8_t *in, uint32_t in_count, uint32_t *consumed,
                         uint8_t *out, uint32_t out_count, uint32_t *produced, uint32_t *held) {
    (void)state; (void)in; (void)in_count; (void)out; (void)out_count;
    *consumed = 0; *produced = 0; *held = 0;
    return LOOKOUT_ISAL_INVALID_WRAPPER;
}

#endif
