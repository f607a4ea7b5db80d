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
    X509 *cert = read_cert(cert_pem), *ca = read_cert(ca_cert_pem);
    int ok = cert && ca && X509_verify(cert, X509_get0_pubkey(ca)) == 1;
    X509_free(cert);
    X509_free(ca);
    ERR_clear_error();
    return ok;
}

int osm_scrypt(const unsigned char *password, size_t password_len, const unsigned char *salt, size_t salt_len,
               unsigned long n, unsigned long r, unsigned long p, unsigned char *out, size_t out_len) {
    int ok = EVP_PBE_scrypt((const char *)password, password_len, salt, salt_len, n, r, p, 256UL * 1024 * 1024, out, out_len);
    ERR_clear_error();
    return ok == 1 ? 0 : 1;
}

char *osm_bcrypt(const char *password, int cost) {
    char setting[CRYPT_GENSALT_OUTPUT_SIZE];
    if (!crypt_gensalt_rn("$2a$", (unsigned long)cost, NULL, 0, setting, sizeof setting)) return NULL;
    return osm_crypt(password, setting);
}

char *osm_crypt(const char *password, const char *setting) {
    struct crypt_data data;
    memset(&data, 0, sizeof data);
    char *hash = crypt_r(password, setting, &data);
    if (!hash || hash[0] == '*') return NULL;
    return strdup(hash);
}
