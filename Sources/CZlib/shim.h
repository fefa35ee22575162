// Bridges zlib to Swift: deflateInit2/inflateInit2 are macros (they pass the library version
// and the stream size), so they are wrapped as functions. Used by the compressed exports.
#ifndef OUTPOST_CZLIB_SHIM_H
#define OUTPOST_CZLIB_SHIM_H

#include <zlib.h>

/// windowBits 15 + 16 writes a gzip header and trailer; 15 alone a zlib stream; -15 raw deflate (zip entries).
static inline int czlib_deflate_init2(z_streamp stream, int level, int window_bits, int mem_level) {
    return deflateInit2(stream, level, Z_DEFLATED, window_bits, mem_level, Z_DEFAULT_STRATEGY);
}

/// windowBits 15 + 32 reads zlib or gzip, detecting which.
static inline int czlib_inflate_init2(z_streamp stream, int window_bits) {
    return inflateInit2(stream, window_bits);
}

#endif
