#ifndef WHITESPOT_CSQLITE_SHIM_H
#define WHITESPOT_CSQLITE_SHIM_H

/* SQLite from Debian's libsqlite3-dev (found through pkg-config "sqlite3"). */
#include <sqlite3.h>

/* SQLITE_TRANSIENT is a macro casting -1 to a function pointer, which Swift cannot import:
   bound text is copied by SQLite before sqlite3_bind_text returns. */
static inline sqlite3_destructor_type whitespot_sqlite_transient(void) { return SQLITE_TRANSIENT; }

#endif
