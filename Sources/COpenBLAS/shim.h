#ifndef WHITESPOT_COPENBLAS_SHIM_H
#define WHITESPOT_COPENBLAS_SHIM_H

/* CBLAS comes from Debian's libopenblas-dev (found through pkg-config "openblas"). */
#include <cblas.h>

/* Debian ships no LAPACK header: declare the few Fortran entry points Whitespot uses.
   They are exported by libopenblas. All arguments are passed by reference (Fortran ABI);
   the trailing size_t is the hidden length of the character argument. */
void spotrf_(const char *uplo, const int *n, float *a, const int *lda, int *info, size_t uplo_len);
void spotri_(const char *uplo, const int *n, float *a, const int *lda, int *info, size_t uplo_len);
void sposv_(const char *uplo, const int *n, const int *nrhs, float *a, const int *lda,
            float *b, const int *ldb, int *info, size_t uplo_len);

/* A software prefetch hint for the ALS gather loop. Not part of OpenBLAS: it lives here so that
   all C interop stays in this one module (wrapped by BLAS.prefetch). */
static inline void whitespot_prefetch(const void *address) { __builtin_prefetch(address, 0, 3); }

/* openblas_set_num_threads / openblas_get_num_threads come from cblas.h. */

#endif
