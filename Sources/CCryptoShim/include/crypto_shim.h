#ifndef OSM_CRYPTO_SHIM_H
#define OSM_CRYPTO_SHIM_H
#include <stddef.h>

/* OpenSSL and libcrypt behind a few fixed-signature calls for Sprig's certificate and password
   functions. Returned strings are malloc'd (free with osm_crypto_free); NULL means failure. */

void osm_crypto_free(void *pointer);

/* 1 when libcrypto.so.3 and libcrypt.so.1 could be loaded (they are opened on first use). */
int osm_crypto_available(void);

/* A new private key as PEM: "rsa" (4096 bits, PKCS#1), "ecdsa" (P-256, SEC1), "ed25519" (PKCS#8),
   "dsa" (2048/256). NULL for an unknown type or a failure. */
char *osm_generate_private_key(const char *type, int rsa_bits);

/* Whether PEM text holds a private key OpenSSL can read (RSA, EC, Ed25519, DSA; PKCS#1/SEC1/PKCS#8). */
int osm_private_key_valid(const char *pem);

/* An X.509 certificate for `cn`, valid from now for `days` days, with DNS and IP subject alternative
   names, server+client auth, signed with SHA-256 (Ed25519 signs plainly). The key is key_pem or a new
   RSA 2048 key; it is signed by ca_cert_pem/ca_key_pem, or self-signed when those are NULL.
   is_ca makes it a certificate authority. Writes malloc'd PEM to *cert_out and *key_out; returns 0 on
   success, 1 for an unreadable key, 2 for an unreadable CA, 3 for an invalid IP, 4 otherwise. */
int osm_generate_certificate(const char *cn, const char *const *ips, int ip_count, const char *const *dns, int dns_count,
                             int days, const char *key_pem, const char *ca_cert_pem, const char *ca_key_pem, int is_ca,
                             char **cert_out, char **key_out);

/* Facts about a PEM certificate for tests and buildCustomCert: returns 0 when readable.
   subject/issuer CN are written into the buffers; *is_ca and *valid_days are set. */
int osm_certificate_info(const char *pem, char *subject, size_t subject_len, char *issuer, size_t issuer_len,
                         char *sans, size_t sans_len, int *is_ca, int *valid_days);

/* 1 when cert_pem's signature verifies with ca_cert_pem's public key. */
int osm_certificate_signed_by(const char *cert_pem, const char *ca_cert_pem);

/* scrypt(password, salt, N, r, p) into out (length out_len); 0 on success. */
int osm_scrypt(const unsigned char *password, size_t password_len, const unsigned char *salt, size_t salt_len,
               unsigned long n, unsigned long r, unsigned long p, unsigned char *out, size_t out_len);

/* bcrypt of password with a fresh salt at the given cost, "$2a$" form; malloc'd, NULL on failure. */
char *osm_bcrypt(const char *password, int cost);
/* The crypt(3) hash of password using setting (e.g. an existing bcrypt hash); malloc'd. */
char *osm_crypt(const char *password, const char *setting);
#endif
