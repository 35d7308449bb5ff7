#include "CHeap.h"

// Any libc header defines __GLIBC__ on glibc.
#include <stdint.h>
#include <stdlib.h>

#if defined(__GLIBC__)
#include <malloc.h>
#include <sys/mman.h>

#ifndef MADV_POPULATE_WRITE
#define MADV_POPULATE_WRITE 23
#endif

// glibc's largest allowed M_MMAP_THRESHOLD on 64-bit; larger blocks are mapped apart.
static const size_t piece = 32u << 20;

void graphgrad_heap_grow(size_t bytes, void **start, size_t *length) {
    *start = NULL;
    *length = 0;
    if (mallopt(M_MMAP_THRESHOLD, (int)piece) == 0 || mallopt(M_TRIM_THRESHOLD, INT32_MAX) == 0) return;
    // Allocated in pieces below the mapping threshold so that they come from the heap's
    // top, then freed: they merge back into the top chunk, which now stays that large.
    enum { max_pieces = 64 };
    void *pieces[max_pieces];
    size_t count = 0;
    uintptr_t low = UINTPTR_MAX, high = 0;
    for (size_t grown = 0; grown < bytes && count < max_pieces;) {
        size_t size = bytes - grown < piece - 4096 ? bytes - grown : piece - 4096;
        void *p = malloc(size);
        if (!p) break;
        pieces[count++] = p;
        grown += size;
        if ((uintptr_t)p < low) low = (uintptr_t)p;
        if ((uintptr_t)p + size > high) high = (uintptr_t)p + size;
    }
    for (size_t i = count; i > 0; i--) free(pieces[i - 1]);
    if (count == 0) return;
    // Only whole pages strictly inside the grown range.
    uintptr_t first = (low + 4095) & ~(uintptr_t)4095, last = high & ~(uintptr_t)4095;
    if (last <= first) return;
    *start = (void *)first;
    *length = last - first;
}

int graphgrad_heap_populate(void *start, size_t length) {
    if (!start || length == 0) return -1;
    return madvise(start, length, MADV_POPULATE_WRITE);
}

#else

void graphgrad_heap_grow(size_t bytes, void **start, size_t *length) {
    (void)bytes;
    *start = NULL;
    *length = 0;
}

int graphgrad_heap_populate(void *start, size_t length) {
    (void)start;
    (void)length;
    return -1;
}

#endif
