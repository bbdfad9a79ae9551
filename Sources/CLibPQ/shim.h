#ifndef WHITESPOT_CLIBPQ_SHIM_H
#define WHITESPOT_CLIBPQ_SHIM_H

/* The PostgreSQL client library from Debian's libpq-dev (found through pkg-config "libpq"). */
#include <libpq-fe.h>

#endif
