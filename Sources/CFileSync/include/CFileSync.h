#ifndef CFILESYNC_H
#define CFILESYNC_H

/// Starts writing the dirty pages of `fd` to disk without waiting for them (Linux
/// sync_file_range with SYNC_FILE_RANGE_WRITE), so that a later fsync finds them written.
/// Swift's Glibc module does not export sync_file_range (a GNU extension). Elsewhere it does
/// nothing. Returns 0, or -1 with errno set.
int cfilesync_start_writeback(int fd);

#endif
