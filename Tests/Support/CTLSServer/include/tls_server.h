#ifndef OSM_TLS_SERVER_H
#define OSM_TLS_SERVER_H
#include <stddef.h>

/* A minimal OpenSSL server side for the fake API server used in tests: one context, one SSL per
   accepted socket. Certificates and keys are PEM text in memory. */
typedef struct osm_tls_context osm_tls_context;
typedef struct osm_tls_connection osm_tls_connection;

/* client_ca_pem may be NULL: then no client certificate is requested. NULL on failure. */
osm_tls_context *osm_tls_context_new(const char *cert_pem, const char *key_pem, const char *client_ca_pem);
void osm_tls_context_free(osm_tls_context *context);

/* Runs the handshake on an accepted socket; NULL when it fails (the socket is left open). */
osm_tls_connection *osm_tls_accept(osm_tls_context *context, int fd);
long osm_tls_read(osm_tls_connection *connection, void *buffer, size_t length);
/* Decrypted bytes buffered inside OpenSSL, readable without touching the socket. */
int osm_tls_pending(osm_tls_connection *connection);
long osm_tls_write(osm_tls_connection *connection, const void *buffer, size_t length);
/* The common name of a verified client certificate, written to buffer; 0 when there is none. */
int osm_tls_peer_common_name(osm_tls_connection *connection, char *buffer, size_t length);
/* The organisation (group) of a verified client certificate; 0 when there is none. */
int osm_tls_peer_organization(osm_tls_connection *connection, char *buffer, size_t length);
void osm_tls_close(osm_tls_connection *connection);
/* Frees the connection without a TLS close_notify (for simulating a dropped connection). */
void osm_tls_abort(osm_tls_connection *connection);
#endif
