#ifndef WHITESPOT_CZLIB_SHIM_H
#define WHITESPOT_CZLIB_SHIM_H

/* zlib from Debian's zlib1g-dev (found through pkg-config "zlib"): reads .csv.gz order files. */
#include <zlib.h>

/* inflateInit2 is a macro passing the version and the stream size, which Swift cannot import. */
static inline int whitespot_inflate_init(z_stream *stream, int window_bits) {
    return inflateInit2(stream, window_bits);
}

#endif
