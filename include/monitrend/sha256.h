/*
 * sha256.h - SHA-256 (FIPS 180-4) of memory and of files, for the manifest.
 */
#ifndef MONITREND_SHA256_H
#define MONITREND_SHA256_H

#include <stddef.h>
#include <stdint.h>
#include "monitrend/status.h"

#define MT_SHA256_HEX_SIZE 65   /* 64 hex digits and the terminating NUL */

typedef struct {
    uint32_t h[8];
    uint64_t n_bytes;
    unsigned char block[64];
    size_t used;
} mt_sha256_ctx;

void mt_sha256_init(mt_sha256_ctx *c);
void mt_sha256_update(mt_sha256_ctx *c, const void *data, size_t n);
/* Finish and write the 32-byte digest. */
void mt_sha256_final(mt_sha256_ctx *c, unsigned char digest[32]);

/* Lower-case hex digest of n bytes at data. */
void mt_sha256_hex(const void *data, size_t n, char hex[MT_SHA256_HEX_SIZE]);

/* Lower-case hex digest of the file at path, read in binary.  MT_EIO with a
 * message naming the file when it cannot be opened or read. */
mt_status mt_sha256_file(const char *path, char hex[MT_SHA256_HEX_SIZE], mt_error *err);

#endif
