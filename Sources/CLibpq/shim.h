// libpq, PostgreSQL's reference client library (Debian: libpq-dev), used only by UppfoljPostgres.
#ifndef CLIBPQ_SHIM_H
#define CLIBPQ_SHIM_H
#include <libpq-fe.h>
#endif
