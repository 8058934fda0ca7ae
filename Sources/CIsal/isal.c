#include "CIsal.h"

#if __has_include(<isa-l/igzip_lib.h>)
#include <isa-l/igzip_lib.h>
#include <dlfcn.h>
#include <pthread.h>
#include <stdlib.h>

_Static_assert(LOOKOUT_ISAL_INVALID_BLOCK == ISAL_INVALID_BLOCK && LOOKOUT_ISAL_INVALID_SYMBOL == ISAL_INVALID_SYMBOL &&
               LOOKOUT_ISAL_INVALID_LOOKBACK == ISAL_INVALID_LOOKBACK && LOOKOUT_ISAL_INVALID_WRAPPER == ISAL_INVALID_WRAPPER &&
               LOOKOUT_ISAL_UNSUPPORTED_METHOD == ISAL_UNSUPPORTED_METHOD &&
               LOOKOUT_ISAL_INCORRECT_CHECKSUM == ISAL_INCORRECT_CHECKSUM, "ISA-L's error codes");

struct lookout_isal { struct inflate_state state; };

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
    return memory;
}

void lookout_isal_destroy(lookout_isal *state) { free(state); }

void lookout_isal_begin_member(lookout_isal *s) {
    isal_init(&s->state);
    s->state.crc_flag = ISAL_GZIP;
}

int lookout_isal_inflate(lookout_isal *s, const uint8_t *in, uint32_t in_count, uint32_t *consumed,
                         uint8_t *out, uint32_t out_count, uint32_t *produced, uint32_t *held) {
    struct inflate_state *state = &s->state;
    state->next_in = (uint8_t *)in;
    state->avail_in = in_count;
    state->next_out = out;
    state->avail_out = out_count;
    int rc = isal_run(state);
    *consumed = in_count - state->avail_in;
    *produced = out_count - state->avail_out;
    *held = (uint32_t)state->tmp_in_size + (uint32_t)(state->read_in_length > 0 ? state->read_in_length / 8 : 0);
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
