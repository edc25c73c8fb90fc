#ifndef CFILEIO_H
#define CFILEIO_H

#include <stddef.h>
#include <stdint.h>

// Two Linux calls that Swift's Glibc module does not export (GNU extensions). Elsewhere they
// report ENOSYS and callers fall back to portable code.

/// Starts writing the dirty pages of `fd` to disk without waiting for them (sync_file_range with
/// SYNC_FILE_RANGE_WRITE), so that a later fsync finds them written. Returns 0, or -1 with errno.
int cfileio_start_writeback(int fd);

/// Copies up to `length` bytes from `source` at `*offset` (advanced by the bytes copied) to the
/// current position of `destination`, inside the kernel (copy_file_range). Returns the bytes
/// copied (0 at the end of the source), or -1 with errno set.
int64_t cfileio_copy_range(int source, int64_t *offset, int destination, size_t length);

#endif
