#include "tls_server.h"
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <stdlib.h>
#include <string.h>

struct osm_tls_context { SSL_CTX *ctx; };
struct osm_tls_connection { SSL *ssl; };

static X509 *read_certificate(const char *pem) {
    BIO *bio = BIO_new_mem_buf(pem, -1);
    X509 *cert = PEM_read_bio_X509(bio, NULL, NULL, NULL);
    BIO_free(bio);
    return cert;
}

osm_tls_context *osm_tls_context_new(const char *cert_pem, const char *key_pem, const char *client_ca_pem) {
    SSL_CTX *ctx = SSL_CTX_new(TLS_server_method());
    if (!ctx) return NULL;
    X509 *cert = read_certificate(cert_pem);
    BIO *key_bio = BIO_new_mem_buf(key_pem, -1);
    EVP_PKEY *key = PEM_read_bio_PrivateKey(key_bio, NULL, NULL, NULL);
    BIO_free(key_bio);
    int ok = cert && key && SSL_CTX_use_certificate(ctx, cert) == 1 && SSL_CTX_use_PrivateKey(ctx, key) == 1;
    X509_free(cert);
    EVP_PKEY_free(key);
    if (ok && client_ca_pem) {
        X509 *ca = read_certificate(client_ca_pem);
        ok = ca && X509_STORE_add_cert(SSL_CTX_get_cert_store(ctx), ca) == 1;
        X509_free(ca);
        /* Ask for a certificate but let token-authenticated clients in without one, like kube-apiserver. */
        SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, NULL);
        /* Required for resuming sessions when client certificates are verified; without it the
           second connection of a client that kept a session ticket fails its handshake. */
        static const unsigned char session_context[] = "osm-fake-apiserver";
        SSL_CTX_set_session_id_context(ctx, session_context, sizeof session_context - 1);
    }
    if (!ok) { SSL_CTX_free(ctx); return NULL; }
    osm_tls_context *out = malloc(sizeof *out);
    out->ctx = ctx;
    return out;
}

void osm_tls_context_free(osm_tls_context *context) {
    if (!context) return;
    SSL_CTX_free(context->ctx);
    free(context);
}

osm_tls_connection *osm_tls_accept(osm_tls_context *context, int fd) {
    SSL *ssl = SSL_new(context->ctx);
    if (!ssl) return NULL;
    SSL_set_fd(ssl, fd);
    if (SSL_accept(ssl) != 1) { ERR_clear_error(); SSL_free(ssl); return NULL; }
    osm_tls_connection *out = malloc(sizeof *out);
    out->ssl = ssl;
    return out;
}

long osm_tls_read(osm_tls_connection *connection, void *buffer, size_t length) {
    size_t got = 0;
    if (SSL_read_ex(connection->ssl, buffer, length, &got) != 1) { ERR_clear_error(); return -1; }
    return (long)got;
}

int osm_tls_pending(osm_tls_connection *connection) { return SSL_pending(connection->ssl); }

long osm_tls_write(osm_tls_connection *connection, const void *buffer, size_t length) {
    size_t sent = 0;
    if (SSL_write_ex(connection->ssl, buffer, length, &sent) != 1) { ERR_clear_error(); return -1; }
    return (long)sent;
}

static int peer_name_entry(osm_tls_connection *connection, int nid, char *buffer, size_t length) {
    if (SSL_get_verify_result(connection->ssl) != X509_V_OK) return 0;
    X509 *peer = SSL_get1_peer_certificate(connection->ssl);
    if (!peer) return 0;
    int n = X509_NAME_get_text_by_NID(X509_get_subject_name(peer), nid, buffer, (int)length);
    X509_free(peer);
    return n > 0 ? n : 0;
}

int osm_tls_peer_common_name(osm_tls_connection *connection, char *buffer, size_t length) {
    return peer_name_entry(connection, NID_commonName, buffer, length);
}

int osm_tls_peer_organization(osm_tls_connection *connection, char *buffer, size_t length) {
    return peer_name_entry(connection, NID_organizationName, buffer, length);
}

void osm_tls_close(osm_tls_connection *connection) {
    if (!connection) return;
    SSL_shutdown(connection->ssl);
    SSL_free(connection->ssl);
    free(connection);
}

void osm_tls_abort(osm_tls_connection *connection) {
    if (!connection) return;
    SSL_set_quiet_shutdown(connection->ssl, 1);
    SSL_free(connection->ssl);
    free(connection);
}
