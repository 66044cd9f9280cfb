/*
 * sha256.h — SHA-256 (FIPS 180-4), for the rule-set hash a run stores.
 */
#ifndef KAM_SHA256_H
#define KAM_SHA256_H

#include <stddef.h>
#include <stdint.h>

typedef struct sha256 {
  uint32_t state[8];
  uint64_t length;
  unsigned char block[64];
  size_t used;
} sha256;

void sha256_init(sha256 *h);
void sha256_update(sha256 *h, const void *data, size_t n);
/* Writes 64 lowercase hex digits and a NUL. */
void sha256_hex(sha256 *h, char out[65]);

#endif
