#include "crypto_shim.h"
#include <arpa/inet.h>
#include <crypt.h>
#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/kdf.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* libcrypto and libcrypt are opened on first use (dlopen), not linked: most osm runs never make a
   key or a certificate, and loading libcrypto would slow every start-up. Each function used below
   goes through a pointer filled from the library. */
#include <dlfcn.h>
#include <pthread.h>

static __typeof__(&ASN1_OCTET_STRING_free) osm_p_ASN1_OCTET_STRING_free;
static __typeof__(&ASN1_STRING_get0_data) osm_p_ASN1_STRING_get0_data;
static __typeof__(&ASN1_STRING_length) osm_p_ASN1_STRING_length;
static __typeof__(&ASN1_TIME_diff) osm_p_ASN1_TIME_diff;
static __typeof__(&BIO_ctrl) osm_p_BIO_ctrl;
static __typeof__(&BIO_free) osm_p_BIO_free;
static __typeof__(&BIO_new) osm_p_BIO_new;
static __typeof__(&BIO_new_mem_buf) osm_p_BIO_new_mem_buf;
static __typeof__(&BIO_s_mem) osm_p_BIO_s_mem;
static __typeof__(&BN_free) osm_p_BN_free;
static __typeof__(&BN_new) osm_p_BN_new;
static __typeof__(&BN_rand) osm_p_BN_rand;
static __typeof__(&BN_to_ASN1_INTEGER) osm_p_BN_to_ASN1_INTEGER;
static __typeof__(&ERR_clear_error) osm_p_ERR_clear_error;
static __typeof__(&EVP_PBE_scrypt) osm_p_EVP_PBE_scrypt;
static __typeof__(&EVP_PKEY_CTX_free) osm_p_EVP_PKEY_CTX_free;
static __typeof__(&EVP_PKEY_CTX_new_from_name) osm_p_EVP_PKEY_CTX_new_from_name;
static __typeof__(&EVP_PKEY_CTX_new_from_pkey) osm_p_EVP_PKEY_CTX_new_from_pkey;
static __typeof__(&EVP_PKEY_CTX_set_dsa_paramgen_bits) osm_p_EVP_PKEY_CTX_set_dsa_paramgen_bits;
static __typeof__(&EVP_PKEY_CTX_set_dsa_paramgen_q_bits) osm_p_EVP_PKEY_CTX_set_dsa_paramgen_q_bits;
static __typeof__(&EVP_PKEY_Q_keygen) osm_p_EVP_PKEY_Q_keygen;
static __typeof__(&EVP_PKEY_free) osm_p_EVP_PKEY_free;
static __typeof__(&EVP_PKEY_get_base_id) osm_p_EVP_PKEY_get_base_id;
static __typeof__(&EVP_PKEY_keygen) osm_p_EVP_PKEY_keygen;
static __typeof__(&EVP_PKEY_keygen_init) osm_p_EVP_PKEY_keygen_init;
static __typeof__(&EVP_PKEY_paramgen) osm_p_EVP_PKEY_paramgen;
static __typeof__(&EVP_PKEY_paramgen_init) osm_p_EVP_PKEY_paramgen_init;
static __typeof__(&EVP_sha256) osm_p_EVP_sha256;
static __typeof__(&GENERAL_NAMES_free) osm_p_GENERAL_NAMES_free;
static __typeof__(&OPENSSL_sk_num) osm_p_OPENSSL_sk_num;
static __typeof__(&OPENSSL_sk_value) osm_p_OPENSSL_sk_value;
static __typeof__(&PEM_read_bio_PrivateKey) osm_p_PEM_read_bio_PrivateKey;
static __typeof__(&PEM_read_bio_X509) osm_p_PEM_read_bio_X509;
static __typeof__(&PEM_write_bio_PrivateKey) osm_p_PEM_write_bio_PrivateKey;
static __typeof__(&PEM_write_bio_PrivateKey_traditional) osm_p_PEM_write_bio_PrivateKey_traditional;
static __typeof__(&PEM_write_bio_X509) osm_p_PEM_write_bio_X509;
static __typeof__(&X509V3_EXT_conf_nid) osm_p_X509V3_EXT_conf_nid;
static __typeof__(&X509V3_set_ctx) osm_p_X509V3_set_ctx;
static __typeof__(&X509_EXTENSION_free) osm_p_X509_EXTENSION_free;
static __typeof__(&X509_NAME_add_entry_by_txt) osm_p_X509_NAME_add_entry_by_txt;
static __typeof__(&X509_NAME_get_text_by_NID) osm_p_X509_NAME_get_text_by_NID;
static __typeof__(&X509_add_ext) osm_p_X509_add_ext;
static __typeof__(&X509_check_ca) osm_p_X509_check_ca;
static __typeof__(&X509_free) osm_p_X509_free;
static __typeof__(&X509_get0_notAfter) osm_p_X509_get0_notAfter;
static __typeof__(&X509_get0_notBefore) osm_p_X509_get0_notBefore;
static __typeof__(&X509_get0_pubkey) osm_p_X509_get0_pubkey;
static __typeof__(&X509_get_ext_d2i) osm_p_X509_get_ext_d2i;
static __typeof__(&X509_get_issuer_name) osm_p_X509_get_issuer_name;
static __typeof__(&X509_get_serialNumber) osm_p_X509_get_serialNumber;
static __typeof__(&X509_get_subject_name) osm_p_X509_get_subject_name;
static __typeof__(&X509_getm_notAfter) osm_p_X509_getm_notAfter;
static __typeof__(&X509_getm_notBefore) osm_p_X509_getm_notBefore;
static __typeof__(&X509_gmtime_adj) osm_p_X509_gmtime_adj;
static __typeof__(&X509_new) osm_p_X509_new;
static __typeof__(&X509_set_issuer_name) osm_p_X509_set_issuer_name;
static __typeof__(&X509_set_pubkey) osm_p_X509_set_pubkey;
static __typeof__(&X509_set_version) osm_p_X509_set_version;
static __typeof__(&X509_sign) osm_p_X509_sign;
static __typeof__(&X509_verify) osm_p_X509_verify;
static __typeof__(&a2i_IPADDRESS) osm_p_a2i_IPADDRESS;
static __typeof__(&crypt_gensalt_rn) osm_p_crypt_gensalt_rn;
static __typeof__(&crypt_r) osm_p_crypt_r;

static int osm_crypto_loaded;
static pthread_once_t osm_crypto_once = PTHREAD_ONCE_INIT;

static void osm_crypto_load_once(void) {
    void *crypto = dlopen("libcrypto.so.3", RTLD_NOW | RTLD_LOCAL);
    void *crypt_library = dlopen("libcrypt.so.1", RTLD_NOW | RTLD_LOCAL);
    if (!crypto || !crypt_library) return;
    if (!(*(void **)&osm_p_ASN1_OCTET_STRING_free = dlsym(crypto, "ASN1_OCTET_STRING_free"))) return;
    if (!(*(void **)&osm_p_ASN1_STRING_get0_data = dlsym(crypto, "ASN1_STRING_get0_data"))) return;
    if (!(*(void **)&osm_p_ASN1_STRING_length = dlsym(crypto, "ASN1_STRING_length"))) return;
    if (!(*(void **)&osm_p_ASN1_TIME_diff = dlsym(crypto, "ASN1_TIME_diff"))) return;
    if (!(*(void **)&osm_p_BIO_ctrl = dlsym(crypto, "BIO_ctrl"))) return;
    if (!(*(void **)&osm_p_BIO_free = dlsym(crypto, "BIO_free"))) return;
    if (!(*(void **)&osm_p_BIO_new = dlsym(crypto, "BIO_new"))) return;
    if (!(*(void **)&osm_p_BIO_new_mem_buf = dlsym(crypto, "BIO_new_mem_buf"))) return;
    if (!(*(void **)&osm_p_BIO_s_mem = dlsym(crypto, "BIO_s_mem"))) return;
    if (!(*(void **)&osm_p_BN_free = dlsym(crypto, "BN_free"))) return;
    if (!(*(void **)&osm_p_BN_new = dlsym(crypto, "BN_new"))) return;
    if (!(*(void **)&osm_p_BN_rand = dlsym(crypto, "BN_rand"))) return;
    if (!(*(void **)&osm_p_BN_to_ASN1_INTEGER = dlsym(crypto, "BN_to_ASN1_INTEGER"))) return;
    if (!(*(void **)&osm_p_ERR_clear_error = dlsym(crypto, "ERR_clear_error"))) return;
    if (!(*(void **)&osm_p_EVP_PBE_scrypt = dlsym(crypto, "EVP_PBE_scrypt"))) return;
    if (!(*(void **)&osm_p_EVP_PKEY_CTX_free = dlsym(crypto, "EVP_PKEY_CTX_free"))) return;
    if (!(*(void **)&osm_p_EVP_PKEY_CTX_new_from_name = dlsym(crypto, "EVP_PKEY_CTX_new_from_name"))) return;
    if (!(*(void **)&osm_p_EVP_PKEY_CTX_new_from_pkey = dlsym(crypto, "EVP_PKEY_CTX_new_from_pkey"))) return;
    if (!(*(void **)&osm_p_EVP_PKEY_CTX_set_dsa_paramgen_bits = dlsym(crypto, "EVP_PKEY_CTX_set_dsa_paramgen_bits"))) return;
    if (!(*(void **)&osm_p_EVP_PKEY_CTX_set_dsa_paramgen_q_bits = dlsym(crypto, "EVP_PKEY_CTX_set_dsa_paramgen_q_bits"))) return;
    if (!(*(void **)&osm_p_EVP_PKEY_Q_keygen = dlsym(crypto, "EVP_PKEY_Q_keygen"))) return;
    if (!(*(void **)&osm_p_EVP_PKEY_free = dlsym(crypto, "EVP_PKEY_free"))) return;
    if (!(*(void **)&osm_p_EVP_PKEY_get_base_id = dlsym(crypto, "EVP_PKEY_get_base_id"))) return;
    if (!(*(void **)&osm_p_EVP_PKEY_keygen = dlsym(crypto, "EVP_PKEY_keygen"))) return;
    if (!(*(void **)&osm_p_EVP_PKEY_keygen_init = dlsym(crypto, "EVP_PKEY_keygen_init"))) return;
    if (!(*(void **)&osm_p_EVP_PKEY_paramgen = dlsym(crypto, "EVP_PKEY_paramgen"))) return;
    if (!(*(void **)&osm_p_EVP_PKEY_paramgen_init = dlsym(crypto, "EVP_PKEY_paramgen_init"))) return;
    if (!(*(void **)&osm_p_EVP_sha256 = dlsym(crypto, "EVP_sha256"))) return;
    if (!(*(void **)&osm_p_GENERAL_NAMES_free = dlsym(crypto, "GENERAL_NAMES_free"))) return;
    if (!(*(void **)&osm_p_OPENSSL_sk_num = dlsym(crypto, "OPENSSL_sk_num"))) return;
    if (!(*(void **)&osm_p_OPENSSL_sk_value = dlsym(crypto, "OPENSSL_sk_value"))) return;
    if (!(*(void **)&osm_p_PEM_read_bio_PrivateKey = dlsym(crypto, "PEM_read_bio_PrivateKey"))) return;
    if (!(*(void **)&osm_p_PEM_read_bio_X509 = dlsym(crypto, "PEM_read_bio_X509"))) return;
    if (!(*(void **)&osm_p_PEM_write_bio_PrivateKey = dlsym(crypto, "PEM_write_bio_PrivateKey"))) return;
    if (!(*(void **)&osm_p_PEM_write_bio_PrivateKey_traditional = dlsym(crypto, "PEM_write_bio_PrivateKey_traditional"))) return;
    if (!(*(void **)&osm_p_PEM_write_bio_X509 = dlsym(crypto, "PEM_write_bio_X509"))) return;
    if (!(*(void **)&osm_p_X509V3_EXT_conf_nid = dlsym(crypto, "X509V3_EXT_conf_nid"))) return;
    if (!(*(void **)&osm_p_X509V3_set_ctx = dlsym(crypto, "X509V3_set_ctx"))) return;
    if (!(*(void **)&osm_p_X509_EXTENSION_free = dlsym(crypto, "X509_EXTENSION_free"))) return;
    if (!(*(void **)&osm_p_X509_NAME_add_entry_by_txt = dlsym(crypto, "X509_NAME_add_entry_by_txt"))) return;
    if (!(*(void **)&osm_p_X509_NAME_get_text_by_NID = dlsym(crypto, "X509_NAME_get_text_by_NID"))) return;
    if (!(*(void **)&osm_p_X509_add_ext = dlsym(crypto, "X509_add_ext"))) return;
    if (!(*(void **)&osm_p_X509_check_ca = dlsym(crypto, "X509_check_ca"))) return;
    if (!(*(void **)&osm_p_X509_free = dlsym(crypto, "X509_free"))) return;
    if (!(*(void **)&osm_p_X509_get0_notAfter = dlsym(crypto, "X509_get0_notAfter"))) return;
    if (!(*(void **)&osm_p_X509_get0_notBefore = dlsym(crypto, "X509_get0_notBefore"))) return;
    if (!(*(void **)&osm_p_X509_get0_pubkey = dlsym(crypto, "X509_get0_pubkey"))) return;
    if (!(*(void **)&osm_p_X509_get_ext_d2i = dlsym(crypto, "X509_get_ext_d2i"))) return;
    if (!(*(void **)&osm_p_X509_get_issuer_name = dlsym(crypto, "X509_get_issuer_name"))) return;
    if (!(*(void **)&osm_p_X509_get_serialNumber = dlsym(crypto, "X509_get_serialNumber"))) return;
    if (!(*(void **)&osm_p_X509_get_subject_name = dlsym(crypto, "X509_get_subject_name"))) return;
    if (!(*(void **)&osm_p_X509_getm_notAfter = dlsym(crypto, "X509_getm_notAfter"))) return;
    if (!(*(void **)&osm_p_X509_getm_notBefore = dlsym(crypto, "X509_getm_notBefore"))) return;
    if (!(*(void **)&osm_p_X509_gmtime_adj = dlsym(crypto, "X509_gmtime_adj"))) return;
    if (!(*(void **)&osm_p_X509_new = dlsym(crypto, "X509_new"))) return;
    if (!(*(void **)&osm_p_X509_set_issuer_name = dlsym(crypto, "X509_set_issuer_name"))) return;
    if (!(*(void **)&osm_p_X509_set_pubkey = dlsym(crypto, "X509_set_pubkey"))) return;
    if (!(*(void **)&osm_p_X509_set_version = dlsym(crypto, "X509_set_version"))) return;
    if (!(*(void **)&osm_p_X509_sign = dlsym(crypto, "X509_sign"))) return;
    if (!(*(void **)&osm_p_X509_verify = dlsym(crypto, "X509_verify"))) return;
    if (!(*(void **)&osm_p_a2i_IPADDRESS = dlsym(crypto, "a2i_IPADDRESS"))) return;
    if (!(*(void **)&osm_p_crypt_gensalt_rn = dlsym(crypt_library, "crypt_gensalt_rn"))) return;
    if (!(*(void **)&osm_p_crypt_r = dlsym(crypt_library, "crypt_r"))) return;
    osm_crypto_loaded = 1;
}

/* 1 when libcrypto and libcrypt are available. */
int osm_crypto_available(void) {
    pthread_once(&osm_crypto_once, osm_crypto_load_once);
    return osm_crypto_loaded;
}

#define ASN1_OCTET_STRING_free (*osm_p_ASN1_OCTET_STRING_free)
#define ASN1_STRING_get0_data (*osm_p_ASN1_STRING_get0_data)
#define ASN1_STRING_length (*osm_p_ASN1_STRING_length)
#define ASN1_TIME_diff (*osm_p_ASN1_TIME_diff)
#define BIO_ctrl (*osm_p_BIO_ctrl)
#define BIO_free (*osm_p_BIO_free)
#define BIO_new (*osm_p_BIO_new)
#define BIO_new_mem_buf (*osm_p_BIO_new_mem_buf)
#define BIO_s_mem (*osm_p_BIO_s_mem)
#define BN_free (*osm_p_BN_free)
#define BN_new (*osm_p_BN_new)
#define BN_rand (*osm_p_BN_rand)
#define BN_to_ASN1_INTEGER (*osm_p_BN_to_ASN1_INTEGER)
#define ERR_clear_error (*osm_p_ERR_clear_error)
#define EVP_PBE_scrypt (*osm_p_EVP_PBE_scrypt)
#define EVP_PKEY_CTX_free (*osm_p_EVP_PKEY_CTX_free)
#define EVP_PKEY_CTX_new_from_name (*osm_p_EVP_PKEY_CTX_new_from_name)
#define EVP_PKEY_CTX_new_from_pkey (*osm_p_EVP_PKEY_CTX_new_from_pkey)
#define EVP_PKEY_CTX_set_dsa_paramgen_bits (*osm_p_EVP_PKEY_CTX_set_dsa_paramgen_bits)
#define EVP_PKEY_CTX_set_dsa_paramgen_q_bits (*osm_p_EVP_PKEY_CTX_set_dsa_paramgen_q_bits)
#define EVP_PKEY_Q_keygen (*osm_p_EVP_PKEY_Q_keygen)
#define EVP_PKEY_free (*osm_p_EVP_PKEY_free)
#define EVP_PKEY_get_base_id (*osm_p_EVP_PKEY_get_base_id)
#define EVP_PKEY_keygen (*osm_p_EVP_PKEY_keygen)
#define EVP_PKEY_keygen_init (*osm_p_EVP_PKEY_keygen_init)
#define EVP_PKEY_paramgen (*osm_p_EVP_PKEY_paramgen)
#define EVP_PKEY_paramgen_init (*osm_p_EVP_PKEY_paramgen_init)
#define EVP_sha256 (*osm_p_EVP_sha256)
#define GENERAL_NAMES_free (*osm_p_GENERAL_NAMES_free)
#define OPENSSL_sk_num (*osm_p_OPENSSL_sk_num)
#define OPENSSL_sk_value (*osm_p_OPENSSL_sk_value)
#define PEM_read_bio_PrivateKey (*osm_p_PEM_read_bio_PrivateKey)
#define PEM_read_bio_X509 (*osm_p_PEM_read_bio_X509)
#define PEM_write_bio_PrivateKey (*osm_p_PEM_write_bio_PrivateKey)
#define PEM_write_bio_PrivateKey_traditional (*osm_p_PEM_write_bio_PrivateKey_traditional)
#define PEM_write_bio_X509 (*osm_p_PEM_write_bio_X509)
#define X509V3_EXT_conf_nid (*osm_p_X509V3_EXT_conf_nid)
#define X509V3_set_ctx (*osm_p_X509V3_set_ctx)
#define X509_EXTENSION_free (*osm_p_X509_EXTENSION_free)
#define X509_NAME_add_entry_by_txt (*osm_p_X509_NAME_add_entry_by_txt)
#define X509_NAME_get_text_by_NID (*osm_p_X509_NAME_get_text_by_NID)
#define X509_add_ext (*osm_p_X509_add_ext)
#define X509_check_ca (*osm_p_X509_check_ca)
#define X509_free (*osm_p_X509_free)
#define X509_get0_notAfter (*osm_p_X509_get0_notAfter)
#define X509_get0_notBefore (*osm_p_X509_get0_notBefore)
#define X509_get0_pubkey (*osm_p_X509_get0_pubkey)
#define X509_get_ext_d2i (*osm_p_X509_get_ext_d2i)
#define X509_get_issuer_name (*osm_p_X509_get_issuer_name)
#define X509_get_serialNumber (*osm_p_X509_get_serialNumber)
#define X509_get_subject_name (*osm_p_X509_get_subject_name)
#define X509_getm_notAfter (*osm_p_X509_getm_notAfter)
#define X509_getm_notBefore (*osm_p_X509_getm_notBefore)
#define X509_gmtime_adj (*osm_p_X509_gmtime_adj)
#define X509_new (*osm_p_X509_new)
#define X509_set_issuer_name (*osm_p_X509_set_issuer_name)
#define X509_set_pubkey (*osm_p_X509_set_pubkey)
#define X509_set_version (*osm_p_X509_set_version)
#define X509_sign (*osm_p_X509_sign)
#define X509_verify (*osm_p_X509_verify)
#define a2i_IPADDRESS (*osm_p_a2i_IPADDRESS)
#define crypt_gensalt_rn (*osm_p_crypt_gensalt_rn)
#define crypt_r (*osm_p_crypt_r)


void osm_crypto_free(void *pointer) { free(pointer); }

static char *bio_string(BIO *bio) {
    char *data = NULL;
    long length = BIO_get_mem_data(bio, &data);
    char *out = malloc((size_t)length + 1);
    if (!out) return NULL;
    memcpy(out, data, (size_t)length);
    out[length] = 0;
    return out;
}

static char *key_pem(EVP_PKEY *key) {
    BIO *bio = BIO_new(BIO_s_mem());
    int ok;
    if (EVP_PKEY_get_base_id(key) == EVP_PKEY_ED25519)
        ok = PEM_write_bio_PrivateKey(bio, key, NULL, NULL, 0, NULL, NULL);
    else
        ok = PEM_write_bio_PrivateKey_traditional(bio, key, NULL, NULL, 0, NULL, NULL);
    char *out = ok ? bio_string(bio) : NULL;
    BIO_free(bio);
    return out;
}

static EVP_PKEY *generate(const char *type, int rsa_bits) {
    if (strcmp(type, "rsa") == 0) return EVP_RSA_gen((unsigned int)rsa_bits);
    if (strcmp(type, "ecdsa") == 0) return EVP_EC_gen("P-256");
    if (strcmp(type, "ed25519") == 0) return EVP_PKEY_Q_keygen(NULL, NULL, "ED25519");
    if (strcmp(type, "dsa") == 0) {
        EVP_PKEY *params = NULL, *key = NULL;
        EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_name(NULL, "DSA", NULL);
        if (ctx && EVP_PKEY_paramgen_init(ctx) > 0 && EVP_PKEY_CTX_set_dsa_paramgen_bits(ctx, 2048) > 0 &&
            EVP_PKEY_CTX_set_dsa_paramgen_q_bits(ctx, 256) > 0 && EVP_PKEY_paramgen(ctx, &params) > 0) {
            EVP_PKEY_CTX *kctx = EVP_PKEY_CTX_new_from_pkey(NULL, params, NULL);
            if (kctx && EVP_PKEY_keygen_init(kctx) > 0) EVP_PKEY_keygen(kctx, &key);
            EVP_PKEY_CTX_free(kctx);
        }
        EVP_PKEY_free(params);
        EVP_PKEY_CTX_free(ctx);
        return key;
    }
    return NULL;
}

char *osm_generate_private_key(const char *type, int rsa_bits) {
    if (!osm_crypto_available()) return NULL;
    EVP_PKEY *key = generate(type, rsa_bits);
    if (!key) return NULL;
    char *out = key_pem(key);
    EVP_PKEY_free(key);
    return out;
}

static EVP_PKEY *read_key(const char *pem) {
    BIO *bio = BIO_new_mem_buf(pem, -1);
    EVP_PKEY *key = PEM_read_bio_PrivateKey(bio, NULL, NULL, NULL);
    BIO_free(bio);
    ERR_clear_error();
    return key;
}

static X509 *read_cert(const char *pem) {
    BIO *bio = BIO_new_mem_buf(pem, -1);
    X509 *cert = PEM_read_bio_X509(bio, NULL, NULL, NULL);
    BIO_free(bio);
    ERR_clear_error();
    return cert;
}

int osm_private_key_valid(const char *pem) {
    if (!osm_crypto_available()) return 0;
    EVP_PKEY *key = read_key(pem);
    EVP_PKEY_free(key);
    return key != NULL;
}

static int add_extension(X509 *cert, X509 *issuer, int nid, const char *value) {
    X509V3_CTX ctx;
    X509V3_set_ctx_nodb(&ctx);
    X509V3_set_ctx(&ctx, issuer, cert, NULL, NULL, 0);
    X509_EXTENSION *ext = X509V3_EXT_conf_nid(NULL, &ctx, nid, value);
    if (!ext) return 0;
    int ok = X509_add_ext(cert, ext, -1);
    X509_EXTENSION_free(ext);
    return ok;
}

int osm_generate_certificate(const char *cn, const char *const *ips, int ip_count, const char *const *dns, int dns_count,
                             int days, const char *key_pem_in, const char *ca_cert_pem, const char *ca_key_pem, int is_ca,
                             char **cert_out, char **key_out) {
    int status = 4;
    *cert_out = *key_out = NULL;
    if (!osm_crypto_available()) return 4;
    EVP_PKEY *key = NULL, *ca_key = NULL;
    X509 *cert = NULL, *ca = NULL;
    BIGNUM *serial = NULL;
    char *san = NULL;
    *cert_out = *key_out = NULL;

    key = key_pem_in ? read_key(key_pem_in) : EVP_RSA_gen(2048);
    if (!key) { status = key_pem_in ? 1 : 4; goto done; }
    if (ca_cert_pem) {
        ca = read_cert(ca_cert_pem);
        ca_key = read_key(ca_key_pem);
        if (!ca || !ca_key) { status = 2; goto done; }
    }
    /* Subject alternative names: DNS names first, then IPs (each IP must parse). */
    size_t san_len = 1;
    for (int i = 0; i < dns_count; i++) san_len += strlen(dns[i]) + 6;
    for (int i = 0; i < ip_count; i++) san_len += strlen(ips[i]) + 5;
    san = calloc(san_len, 1);
    for (int i = 0; i < dns_count; i++) {
        if (san[0]) strcat(san, ",");
        strcat(san, "DNS:");
        strcat(san, dns[i]);
    }
    for (int i = 0; i < ip_count; i++) {
        ASN1_OCTET_STRING *ip = a2i_IPADDRESS(ips[i]);
        if (!ip) { status = 3; goto done; }
        ASN1_OCTET_STRING_free(ip);
        if (san[0]) strcat(san, ",");
        strcat(san, "IP:");
        strcat(san, ips[i]);
    }

    cert = X509_new();
    X509_set_version(cert, 2);
    serial = BN_new();
    BN_rand(serial, 128, BN_RAND_TOP_ANY, BN_RAND_BOTTOM_ANY);
    BN_to_ASN1_INTEGER(serial, X509_get_serialNumber(cert));
    X509_NAME *name = X509_get_subject_name(cert);
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8, (const unsigned char *)cn, -1, -1, 0);
    X509_set_issuer_name(cert, ca ? X509_get_subject_name(ca) : name);
    X509_gmtime_adj(X509_getm_notBefore(cert), 0);
    X509_gmtime_adj(X509_getm_notAfter(cert), (long)days * 86400);
    X509_set_pubkey(cert, key);
    X509 *issuer = ca ? ca : cert;
    if (!add_extension(cert, issuer, NID_key_usage, is_ca ? "critical,digitalSignature,keyEncipherment,keyCertSign"
                                                          : "critical,digitalSignature,keyEncipherment")) goto done;
    if (!add_extension(cert, issuer, NID_ext_key_usage, "serverAuth,clientAuth")) goto done;
    if (!add_extension(cert, issuer, NID_basic_constraints, is_ca ? "critical,CA:TRUE" : "critical,CA:FALSE")) goto done;
    if (is_ca && !add_extension(cert, issuer, NID_subject_key_identifier, "hash")) goto done;
    if (san[0] && !add_extension(cert, issuer, NID_subject_alt_name, san)) goto done;
    EVP_PKEY *signer = ca ? ca_key : key;
    int plain = EVP_PKEY_get_base_id(signer) == EVP_PKEY_ED25519;
    if (!X509_sign(cert, signer, plain ? NULL : EVP_sha256())) goto done;

    BIO *bio = BIO_new(BIO_s_mem());
    PEM_write_bio_X509(bio, cert);
    *cert_out = bio_string(bio);
    BIO_free(bio);
    *key_out = key_pem(key);
    status = (*cert_out && *key_out) ? 0 : 4;
done:
    ERR_clear_error();
    free(san);
    BN_free(serial);
    X509_free(cert);
    X509_free(ca);
    EVP_PKEY_free(key);
    EVP_PKEY_free(ca_key);
    return status;
}

int osm_certificate_info(const char *pem, char *subject, size_t subject_len, char *issuer, size_t issuer_len,
                         char *sans, size_t sans_len, int *is_ca, int *valid_days) {
    if (!osm_crypto_available()) return 1;
    X509 *cert = read_cert(pem);
    if (!cert) return 1;
    X509_NAME_get_text_by_NID(X509_get_subject_name(cert), NID_commonName, subject, (int)subject_len);
    X509_NAME_get_text_by_NID(X509_get_issuer_name(cert), NID_commonName, issuer, (int)issuer_len);
    *is_ca = X509_check_ca(cert) > 0;
    int day = 0, sec = 0;
    ASN1_TIME_diff(&day, &sec, X509_get0_notBefore(cert), X509_get0_notAfter(cert));
    *valid_days = day;
    sans[0] = 0;
    GENERAL_NAMES *names = X509_get_ext_d2i(cert, NID_subject_alt_name, NULL, NULL);
    for (int i = 0; names && i < sk_GENERAL_NAME_num(names); i++) {
        GENERAL_NAME *n = sk_GENERAL_NAME_value(names, i);
        char entry[128] = {0};
        if (n->type == GEN_DNS) {
            snprintf(entry, sizeof entry, "DNS:%s", (const char *)ASN1_STRING_get0_data(n->d.dNSName));
        } else if (n->type == GEN_IPADD) {
            char text[64] = "?";
            int length = ASN1_STRING_length(n->d.iPAddress);
            const unsigned char *bytes = ASN1_STRING_get0_data(n->d.iPAddress);
            if (length == 4 || length == 16) inet_ntop(length == 4 ? AF_INET : AF_INET6, bytes, text, sizeof text);
            snprintf(entry, sizeof entry, "IP:%s", text);
        }
        if (strlen(sans) + strlen(entry) + 2 < sans_len) {
            if (sans[0]) strcat(sans, ",");
            strcat(sans, entry);
        }
    }
    GENERAL_NAMES_free(names);
    X509_free(cert);
    return 0;
}

int osm_certificate_signed_by(const char *cert_pem, const char *ca_cert_pem) {
    if (!osm_crypto_available()) return 0;
    X509 *cert = read_cert(cert_pem), *ca = read_cert(ca_cert_pem);
    int ok = cert && ca && X509_verify(cert, X509_get0_pubkey(ca)) == 1;
    X509_free(cert);
    X509_free(ca);
    ERR_clear_error();
    return ok;
}

int osm_scrypt(const unsigned char *password, size_t password_len, const unsigned char *salt, size_t salt_len,
               unsigned long n, unsigned long r, unsigned long p, unsigned char *out, size_t out_len) {
    if (!osm_crypto_available()) return 1;
    int ok = EVP_PBE_scrypt((const char *)password, password_len, salt, salt_len, n, r, p, 256UL * 1024 * 1024, out, out_len);
    ERR_clear_error();
    return ok == 1 ? 0 : 1;
}

char *osm_bcrypt(const char *password, int cost) {
    if (!osm_crypto_available()) return NULL;
    char setting[CRYPT_GENSALT_OUTPUT_SIZE];
    if (!crypt_gensalt_rn("$2a$", (unsigned long)cost, NULL, 0, setting, sizeof setting)) return NULL;
    return osm_crypt(password, setting);
}

char *osm_crypt(const char *password, const char *setting) {
    if (!osm_crypto_available()) return NULL;
    struct crypt_data data;
    memset(&data, 0, sizeof data);
    char *hash = crypt_r(password, setting, &data);
    if (!hash || hash[0] == '*') return NULL;
    return strdup(hash);
}
