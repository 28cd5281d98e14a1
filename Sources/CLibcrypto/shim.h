// OpenSSL's libcrypto (Debian: libssl-dev, which libpq-dev already depends on; libpq already
// loads libcrypto into the program). Used only by UppfoljStore's BulkRecordSealer: AES-256-GCM
// with one key schedule for many records, which swift-crypto's API does not offer.
#ifndef CLIBCRYPTO_SHIM_H
#define CLIBCRYPTO_SHIM_H
#include <openssl/evp.h>

/// Seals `plain` under the key `ctx` was set up with (EVP_aes_256_gcm) and a 12-byte `nonce`,
/// authenticating `aad`: the ciphertext (as long as `plain`) then the 16-byte tag into `out`.
/// 1 on success, 0 on any failure.
static inline int uppfolj_aes_gcm_seal(EVP_CIPHER_CTX *ctx, const unsigned char *nonce,
                                       const unsigned char *aad, int aadLength,
                                       const unsigned char *plain, int plainLength, unsigned char *out) {
    int written = 0, last = 0;
    if (EVP_EncryptInit_ex(ctx, NULL, NULL, NULL, nonce) != 1) return 0;
    if (aadLength > 0 && EVP_EncryptUpdate(ctx, NULL, &written, aad, aadLength) != 1) return 0;
    written = 0;
    if (plainLength > 0 && EVP_EncryptUpdate(ctx, out, &written, plain, plainLength) != 1) return 0;
    if (EVP_EncryptFinal_ex(ctx, out + written, &last) != 1) return 0;
    if (written + last != plainLength) return 0;
    return EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_GET_TAG, 16, out + plainLength) == 1;
}
#endif
