#ifndef LOOKOUT_CFILESPACE_SHIM_H
#define LOOKOUT_CFILESPACE_SHIM_H
#include <errno.h>
#include <sys/types.h>
#ifdef __linux__
#include <sys/vfs.h>
#endif

/// Linux's fallocate(2), which Swift's Glibc module does not declare (it is a GNU
/// extension). Its flags are the kernel's (<linux/falloc.h>). Elsewhere the wrappers say
/// ENOSYS, and the callers go on without.
#ifdef __linux__
extern int fallocate(int fd, int mode, off_t offset, off_t len);
#endif

/// Reserves the file's blocks for [offset, offset + length) without changing its size.
static inline int lookout_reserve_space(int fd, off_t offset, off_t length) {
#ifdef __linux__
    return fallocate(fd, 0x01 /* FALLOC_FL_KEEP_SIZE */, offset, length);
#else
    errno = ENOSYS;
    return -1;
#endif
}

/// Frees the file's blocks (and their pages in the page cache) for [offset, offset + length),
/// which then read as zeros; the size stays.
static inline int lookout_release_space(int fd, off_t offset, off_t length) {
#ifdef __linux__
    return fallocate(fd, 0x01 | 0x02 /* FALLOC_FL_KEEP_SIZE | FALLOC_FL_PUNCH_HOLE */, offset, length);
#else
    errno = ENOSYS;
    return -1;
#endif
}

/// Whether the file lies on a file system kept in memory (tmpfs, ramfs), where reserving
/// space ahead would take memory and save nothing.
static inline int lookout_is_in_memory(int fd) {
#ifdef __linux__
    struct statfs fs;
    if (fstatfs(fd, &fs) != 0) return 0;
    return fs.f_type == 0x01021994 /* TMPFS_MAGIC */ || fs.f_type == (long)0x858458f6 /* RAMFS_MAGIC */;
#else
    return 0;
#endif
}
#endif
