#ifndef OSM_CURL_SHIM_H
#define OSM_CURL_SHIM_H
#include <curl/curl.h>

/* Swift cannot call the variadic curl_easy_setopt/getinfo; these fix one argument type each. */
CURLcode osm_curl_setopt_long(CURL *handle, CURLoption option, long value);
CURLcode osm_curl_setopt_pointer(CURL *handle, CURLoption option, void *value);
CURLcode osm_curl_setopt_string(CURL *handle, CURLoption option, const char *value);
CURLcode osm_curl_setopt_blob(CURL *handle, CURLoption option, const void *data, size_t length);
CURLcode osm_curl_setopt_write_function(CURL *handle, size_t (*callback)(char *, size_t, size_t, void *));
CURLcode osm_curl_setopt_header_function(CURL *handle, size_t (*callback)(char *, size_t, size_t, void *));
CURLcode osm_curl_setopt_read_function(CURL *handle, size_t (*callback)(char *, size_t, size_t, void *));
CURLcode osm_curl_getinfo_long(CURL *handle, CURLINFO info, long *value);
/* Calls callback(user) periodically during a transfer; a non-zero return aborts it. */
CURLcode osm_curl_setopt_progress(CURL *handle, void *user, int (*callback)(void *));
/* A share handle (TLS sessions and DNS shared, thread-safe) so parallel connections resume TLS sessions. */
CURLSH *osm_curl_share_new(void);
CURLcode osm_curl_setopt_share(CURL *handle, CURLSH *share);
/* libcurl is loaded on first use; NULL when it loaded, else why it could not be. */
const char *osm_curl_load_error(void);
/** Starts loading libcurl on a background thread (once; never after osm_curl_preload_finish). */
void osm_curl_preload(void);
/** Waits for a background load to end; the process calls it before exit. */
void osm_curl_preload_finish(void);
CURL *osm_curl_easy_init(void);
void osm_curl_easy_cleanup(CURL *handle);
void osm_curl_easy_reset(CURL *handle);
CURLcode osm_curl_easy_perform(CURL *handle);
const char *osm_curl_easy_strerror(CURLcode code);
struct curl_slist *osm_curl_slist_append(struct curl_slist *list, const char *text);
void osm_curl_slist_free_all(struct curl_slist *list);
const char *osm_curl_version(void);
void osm_curl_share_cleanup(CURLSH *share);
/* Raw reads and writes on a connection set up with CURLOPT_CONNECT_ONLY (TLS included); CURLE_AGAIN when
   the socket is not ready. */
CURLcode osm_curl_easy_send(CURL *handle, const void *buffer, size_t length, size_t *sent);
CURLcode osm_curl_easy_recv(CURL *handle, void *buffer, size_t length, size_t *received);
/* The socket of a connect-only handle, for poll(). */
CURLcode osm_curl_getinfo_socket(CURL *handle, int *socket);
/* The multi interface: one loop drives every transfer, so HTTP/2 connections carry many at once. */
CURLM *osm_curl_multi_new(void);
CURLMcode osm_curl_multi_add(CURLM *multi, CURL *easy);
CURLMcode osm_curl_multi_remove(CURLM *multi, CURL *easy);
CURLMcode osm_curl_multi_perform(CURLM *multi, int *running);
CURLMcode osm_curl_multi_poll(CURLM *multi, int timeout_ms);
CURLMcode osm_curl_multi_wakeup(CURLM *multi);
void osm_curl_multi_cleanup(CURLM *multi);
/* The next finished transfer: 1 with its handle and result, or 0 when there is none. */
int osm_curl_multi_next_done(CURLM *multi, CURL **easy, CURLcode *result);
#endif
