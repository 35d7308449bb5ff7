#ifndef GRAPHGRAD_CHEAP_H
#define GRAPHGRAD_CHEAP_H
#include <stddef.h>

/// Grows the C heap by about `bytes` that later allocations will be carved from, keeps
/// freed memory in the heap instead of returning it to the kernel, and asks the kernel to
/// map the new pages (`MADV_POPULATE_WRITE`) so that first touches do not fault one page
/// at a time. Blocks while the kernel maps the pages: call it on a thread that is otherwise
/// idle, after `graphgrad_heap_grow` returned on the thread whose heap is to grow.
/// Returns 0, or -1 where the platform (not glibc, or a kernel before 5.14) cannot.
int graphgrad_heap_populate(void *start, size_t length);

/// Sets glibc's allocator to keep freed memory and to serve blocks up to 32 MB from the
/// heap, then grows the calling thread's heap by about `bytes` without touching the pages.
/// Writes the grown range to `start` and `length` (0 when nothing was grown). Cheap: the
/// pages are only reserved.
void graphgrad_heap_grow(size_t bytes, void **start, size_t *length);

#endif
