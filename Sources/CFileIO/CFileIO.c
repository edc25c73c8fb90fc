#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include "CFileIO.h"

int cfileio_start_writeback(int fd) {
#if defined(__linux__)
    return sync_file_range(fd, 0, 0, SYNC_FILE_RANGE_WRITE);
#else
    (void)fd;
    errno = ENOSYS;
    return -1;
#endif
}

int64_t cfileio_copy_range(int source, int64_t *offset, int destination, size_t length) {
#if defined(__linux__)
    off64_t position = (off64_t)*offset;
    ssize_t copied = copy_file_range(source, &position, destination, NULL, length, 0);
    if (copied > 0) *offset = (int64_t)position;
    return (int64_t)copied;
#else
    (void)source; (void)offset; (void)destination; (void)length;
    errno = ENOSYS;
    return -1;
#endif
}
