// Bridges libsqlite3 to Swift: the destructor macros are casts of integer
// constants, which Swift cannot import, so they are wrapped as functions.
#ifndef OUTPOST_CSQLITE_SHIM_H
#define OUTPOST_CSQLITE_SHIM_H

#include <sqlite3.h>

/// SQLite copies the bound bytes before the bind call returns.
static inline sqlite3_destructor_type csqlite_transient(void) { return SQLITE_TRANSIENT; }

/// SQLite uses the bound bytes in place; the caller keeps them alive until the next step/reset.
static inline sqlite3_destructor_type csqlite_static(void) { return SQLITE_STATIC; }

#endif
