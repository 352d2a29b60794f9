/*
 * The PDP tree's hashes (docs/proofs.md) for a whole block in one call. Every hash input is 33
 * bytes (a prefix byte and a 32-byte leaf or two 16-byte nodes), less than keccak256's 136-byte
 * rate, so each hash is one keccak-f[1600] permutation on a state built straight from the input:
 * no sponge bookkeeping and no call across the JS boundary per hash, which is where hash-wasm's
 * time goes. Plain portable C (byte-wise little-endian lanes); no global state, so it loads in
 * worker threads.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdbool.h>
#include <string.h>
#include <node_api.h>

#define LEAF_SIZE 32
#define NODE_SIZE 16
/* Output is about as large as the input; 1 GiB is far above any block size and keeps sizes in 32 bits. */
#define MAX_INPUT ((size_t)1 << 30)

static const uint64_t RC[24] = {
  0x0000000000000001ULL, 0x0000000000008082ULL, 0x800000000000808AULL, 0x8000000080008000ULL,
  0x000000000000808BULL, 0x0000000080000001ULL, 0x8000000080008081ULL, 0x8000000000008009ULL,
  0x000000000000008AULL, 0x0000000000000088ULL, 0x0000000080008009ULL, 0x000000008000000AULL,
  0x000000008000808BULL, 0x800000000000008BULL, 0x8000000000008089ULL, 0x8000000000008003ULL,
  0x8000000000008002ULL, 0x8000000000000080ULL, 0x000000000000800AULL, 0x800000008000000AULL,
  0x8000000080008081ULL, 0x8000000000008080ULL, 0x0000000080000001ULL, 0x8000000080008008ULL,
};

#define ROTL(x, n) (((x) << (n)) | ((x) >> (64 - (n))))

/* keccak-f[1600], one round per iteration with the 25 lanes in locals (A[x,y] is axy), so the
 * compiler keeps them in registers instead of indexing an array (twice as fast as the loop form). */
static void keccak_f1600(uint64_t st[25]) {
  uint64_t a00 = st[0], a10 = st[1], a20 = st[2], a30 = st[3], a40 = st[4], a01 = st[5], a11 = st[6], a21 = st[7], a31 = st[8], a41 = st[9], a02 = st[10], a12 = st[11], a22 = st[12], a32 = st[13], a42 = st[14], a03 = st[15], a13 = st[16], a23 = st[17], a33 = st[18], a43 = st[19], a04 = st[20], a14 = st[21], a24 = st[22], a34 = st[23], a44 = st[24];
  uint64_t b00, b10, b20, b30, b40, b01, b11, b21, b31, b41, b02, b12, b22, b32, b42, b03, b13, b23, b33, b43, b04, b14, b24, b34, b44;
  uint64_t c0, c1, c2, c3, c4, d0, d1, d2, d3, d4;
  for (int round = 0; round < 24; round++) {
    c0 = a00 ^ a01 ^ a02 ^ a03 ^ a04;
    c1 = a10 ^ a11 ^ a12 ^ a13 ^ a14;
    c2 = a20 ^ a21 ^ a22 ^ a23 ^ a24;
    c3 = a30 ^ a31 ^ a32 ^ a33 ^ a34;
    c4 = a40 ^ a41 ^ a42 ^ a43 ^ a44;
    d0 = c4 ^ ROTL(c1, 1);
    d1 = c0 ^ ROTL(c2, 1);
    d2 = c1 ^ ROTL(c3, 1);
    d3 = c2 ^ ROTL(c4, 1);
    d4 = c3 ^ ROTL(c0, 1);
    b00 = a00 ^ d0;
    b13 = ROTL(a01 ^ d0, 36);
    b21 = ROTL(a02 ^ d0, 3);
    b34 = ROTL(a03 ^ d0, 41);
    b42 = ROTL(a04 ^ d0, 18);
    b02 = ROTL(a10 ^ d1, 1);
    b10 = ROTL(a11 ^ d1, 44);
    b23 = ROTL(a12 ^ d1, 10);
    b31 = ROTL(a13 ^ d1, 45);
    b44 = ROTL(a14 ^ d1, 2);
    b04 = ROTL(a20 ^ d2, 62);
    b12 = ROTL(a21 ^ d2, 6);
    b20 = ROTL(a22 ^ d2, 43);
    b33 = ROTL(a23 ^ d2, 15);
    b41 = ROTL(a24 ^ d2, 61);
    b01 = ROTL(a30 ^ d3, 28);
    b14 = ROTL(a31 ^ d3, 55);
    b22 = ROTL(a32 ^ d3, 25);
    b30 = ROTL(a33 ^ d3, 21);
    b43 = ROTL(a34 ^ d3, 56);
    b03 = ROTL(a40 ^ d4, 27);
    b11 = ROTL(a41 ^ d4, 20);
    b24 = ROTL(a42 ^ d4, 39);
    b32 = ROTL(a43 ^ d4, 8);
    b40 = ROTL(a44 ^ d4, 14);
    a00 = b00 ^ (~b10 & b20);
    a01 = b01 ^ (~b11 & b21);
    a02 = b02 ^ (~b12 & b22);
    a03 = b03 ^ (~b13 & b23);
    a04 = b04 ^ (~b14 & b24);
    a10 = b10 ^ (~b20 & b30);
    a11 = b11 ^ (~b21 & b31);
    a12 = b12 ^ (~b22 & b32);
    a13 = b13 ^ (~b23 & b33);
    a14 = b14 ^ (~b24 & b34);
    a20 = b20 ^ (~b30 & b40);
    a21 = b21 ^ (~b31 & b41);
    a22 = b22 ^ (~b32 & b42);
    a23 = b23 ^ (~b33 & b43);
    a24 = b24 ^ (~b34 & b44);
    a30 = b30 ^ (~b40 & b00);
    a31 = b31 ^ (~b41 & b01);
    a32 = b32 ^ (~b42 & b02);
    a33 = b33 ^ (~b43 & b03);
    a34 = b34 ^ (~b44 & b04);
    a40 = b40 ^ (~b00 & b10);
    a41 = b41 ^ (~b01 & b11);
    a42 = b42 ^ (~b02 & b12);
    a43 = b43 ^ (~b03 & b13);
    a44 = b44 ^ (~b04 & b14);
    a00 ^= RC[round];
  }
  st[0] = a00; st[1] = a10; st[2] = a20; st[3] = a30; st[4] = a40; st[5] = a01; st[6] = a11; st[7] = a21; st[8] = a31; st[9] = a41; st[10] = a02; st[11] = a12; st[12] = a22; st[13] = a32; st[14] = a42; st[15] = a03; st[16] = a13; st[17] = a23; st[18] = a33; st[19] = a43; st[20] = a04; st[21] = a14; st[22] = a24; st[23] = a34; st[24] = a44;
}

static uint64_t load64(const uint8_t *p) {
  uint64_t v = 0;
  for (int i = 7; i >= 0; i--) v = (v << 8) | p[i];
  return v;
}

static void store64(uint8_t *p, uint64_t v) {
  for (int i = 0; i < 8; i++) p[i] = (uint8_t)(v >> (8 * i));
}

/* out = keccak256(prefix || body[0:32])[0:16]; keccak's padding (0x01 ... 0x80) fits in the first block. */
static void hash33(uint8_t prefix, const uint8_t body[32], uint8_t out[NODE_SIZE]) {
  uint8_t msg[40];
  uint64_t st[25] = {0};
  msg[0] = prefix;
  memcpy(msg + 1, body, 32);
  msg[33] = 0x01;
  memset(msg + 34, 0, 6);
  for (int i = 0; i < 5; i++) st[i] = load64(msg + 8 * i);
  st[16] = 0x8000000000000000ULL;
  keccak_f1600(st);
  store64(out, st[0]);
  store64(out + 8, st[1]);
}

static const uint8_t ZERO_NODE[NODE_SIZE] = {0};

/* Pairs `width` packed nodes at `below` into the next level at `out`; returns the new width. */
static size_t hash_level(const uint8_t *below, size_t width, uint8_t *out) {
  size_t next = (width + 1) / 2;
  uint8_t pair[2 * NODE_SIZE];
  for (size_t i = 0; i < next; i++) {
    memcpy(pair, below + 2 * i * NODE_SIZE, NODE_SIZE);
    memcpy(pair + NODE_SIZE, 2 * i + 1 < width ? below + (2 * i + 1) * NODE_SIZE : ZERO_NODE, NODE_SIZE);
    hash33(0x01, pair, out + i * NODE_SIZE);
  }
  return next;
}

/* Nodes in all levels above a level of `width` nodes, up to the root. */
static size_t nodes_above(size_t width) {
  size_t n = 0;
  while (width > 1) {
    width = (width + 1) / 2;
    n += width;
  }
  return n;
}

/* Hashes every level above `level` (width nodes) into `out`, one level after another. */
static void hash_up(const uint8_t *level, size_t width, uint8_t *out) {
  while (width > 1) {
    size_t next = hash_level(level, width, out);
    level = out;
    out += next * NODE_SIZE;
    width = next;
  }
}

static napi_value fail(napi_env env, int range, const char *code, const char *msg) {
  if (range) napi_throw_range_error(env, code, msg);
  else napi_throw_type_error(env, code, msg);
  return NULL;
}

/* The one argument as bytes, or NULL with a JS error thrown. */
static napi_value bytes_arg(napi_env env, napi_callback_info info, const char *fn, const uint8_t **data, size_t *len) {
  size_t argc = 1;
  napi_value arg;
  bool is_ta = false;
  napi_typedarray_type type;
  void *p = NULL;
  char msg[160];
  if (napi_get_cb_info(env, info, &argc, &arg, NULL, NULL) != napi_ok) return fail(env, 0, "ERR_INVALID_ARG_TYPE", "pdp-keccak: cannot read the arguments");
  if (argc < 1 || napi_is_typedarray(env, arg, &is_ta) != napi_ok || !is_ta ||
      napi_get_typedarray_info(env, arg, &type, len, &p, NULL, NULL) != napi_ok || type != napi_uint8_array) {
    snprintf(msg, sizeof msg, "pdp-keccak: %s expects a Uint8Array", fn);
    return fail(env, 0, "ERR_INVALID_ARG_TYPE", msg);
  }
  if (*len > MAX_INPUT) {
    snprintf(msg, sizeof msg, "pdp-keccak: %s takes at most %zu bytes, not %zu", fn, MAX_INPUT, *len);
    return fail(env, 1, "ERR_OUT_OF_RANGE", msg);
  }
  *data = p;
  return arg;
}

/* A new Uint8Array of `len` bytes; *out is its memory. NULL with a JS error thrown if allocation fails. */
static napi_value new_bytes(napi_env env, size_t len, uint8_t **out) {
  napi_value ab, ta;
  void *p = NULL;
  if (napi_create_arraybuffer(env, len, &p, &ab) != napi_ok || napi_create_typedarray(env, napi_uint8_array, len, ab, 0, &ta) != napi_ok) {
    bool pending = false;
    napi_is_exception_pending(env, &pending);
    if (!pending) napi_throw_range_error(env, "ERR_OUT_OF_RANGE", "pdp-keccak: cannot allocate the output");
    return NULL;
  }
  *out = p;
  return ta;
}

static napi_value leaf_levels(napi_env env, napi_callback_info info) {
  const uint8_t *block = NULL;
  size_t len = 0;
  uint8_t *out, leaf[LEAF_SIZE];
  if (!bytes_arg(env, info, "leafLevels", &block, &len)) return NULL;
  size_t leaves = len == 0 ? 1 : (len + LEAF_SIZE - 1) / LEAF_SIZE;
  napi_value result = new_bytes(env, (leaves + nodes_above(leaves)) * NODE_SIZE, &out);
  if (!result) return NULL;
  for (size_t i = 0; i < leaves; i++) {
    size_t at = i * LEAF_SIZE, n = len - at < LEAF_SIZE ? len - at : LEAF_SIZE;
    if (len == 0) n = 0;
    if (n > 0) memcpy(leaf, block + at, n);
    memset(leaf + n, 0, LEAF_SIZE - n);
    hash33(0x00, leaf, out + i * NODE_SIZE);
  }
  hash_up(out, leaves, out + leaves * NODE_SIZE);
  return result;
}

static napi_value node_levels(napi_env env, napi_callback_info info) {
  const uint8_t *nodes = NULL;
  size_t len = 0;
  uint8_t *out;
  char msg[160];
  if (!bytes_arg(env, info, "nodeLevels", &nodes, &len)) return NULL;
  if (len == 0 || len % NODE_SIZE != 0) {
    snprintf(msg, sizeof msg, "pdp-keccak: nodeLevels expects one or more 16-byte nodes, not %zu bytes", len);
    return fail(env, 1, "ERR_OUT_OF_RANGE", msg);
  }
  size_t width = len / NODE_SIZE;
  napi_value result = new_bytes(env, nodes_above(width) * NODE_SIZE, &out);
  if (!result) return NULL;
  hash_up(nodes, width, out);
  return result;
}

NAPI_MODULE_INIT() {
  napi_value fn, max;
  if (napi_create_function(env, "leafLevels", NAPI_AUTO_LENGTH, leaf_levels, NULL, &fn) != napi_ok ||
      napi_set_named_property(env, exports, "leafLevels", fn) != napi_ok ||
      napi_create_function(env, "nodeLevels", NAPI_AUTO_LENGTH, node_levels, NULL, &fn) != napi_ok ||
      napi_set_named_property(env, exports, "nodeLevels", fn) != napi_ok ||
      napi_create_double(env, (double)MAX_INPUT, &max) != napi_ok ||
      napi_set_named_property(env, exports, "maxInput", max) != napi_ok)
    return NULL;
  return exports;
}
