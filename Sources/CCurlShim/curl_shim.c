#include "curl_shim.h"
#include <string.h>

CURLcode osm_curl_setopt_long(CURL *handle, CURLoption option, long value) {
    return curl_easy_setopt(handle, option, value);
}

CURLcode osm_curl_setopt_pointer(CURL *handle, CURLoption option, void *value) {
    return curl_easy_setopt(handle, option, value);
}

CURLcode osm_curl_setopt_string(CURL *handle, CURLoption option, const char *value) {
    return curl_easy_setopt(handle, option, value);
}

CURLcode osm_curl_setopt_blob(CURL *handle, CURLoption option, const void *data, size_t length) {
    struct curl_blob blob;
    blob.data = (void *)data;
    blob.len = length;
    blob.flags = CURL_BLOB_COPY; /* curl keeps its own copy, so the caller's buffer may go away */
    return curl_easy_setopt(handle, option, &blob);
}

CURLcode osm_curl_setopt_write_function(CURL *handle, size_t (*callback)(char *, size_t, size_t, void *)) {
    return curl_easy_setopt(handle, CURLOPT_WRITEFUNCTION, callback);
}

CURLcode osm_curl_setopt_header_function(CURL *handle, size_t (*callback)(char *, size_t, size_t, void *)) {
    return curl_easy_setopt(handle, CURLOPT_HEADERFUNCTION, callback);
}

CURLcode osm_curl_setopt_read_function(CURL *handle, size_t (*callback)(char *, size_t, size_t, void *)) {
    return curl_easy_setopt(handle, CURLOPT_READFUNCTION, callback);
}

CURLcode osm_curl_getinfo_long(CURL *handle, CURLINFO info, long *value) {
    return curl_easy_getinfo(handle, info, value);
}

static int (*osm_progress_callback)(void *);

static int osm_xferinfo(void *user, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ultotal, curl_off_t ulnow) {
    (void)dltotal; (void)dlnow; (void)ultotal; (void)ulnow;
    return osm_progress_callback ? osm_progress_callback(user) : 0;
}

CURLcode osm_curl_setopt_progress(CURL *handle, void *user, int (*callback)(void *)) {
    osm_progress_callback = callback; /* every caller passes the same function */
    curl_easy_setopt(handle, CURLOPT_XFERINFOFUNCTION, osm_xferinfo);
    curl_easy_setopt(handle, CURLOPT_XFERINFODATA, user);
    return curl_easy_setopt(handle, CURLOPT_NOPROGRESS, 0L);
}

#include <pthread.h>

static pthread_mutex_t osm_share_locks[CURL_LOCK_DATA_LAST];
static pthread_once_t osm_share_once = PTHREAD_ONCE_INIT;

static void osm_share_init_locks(void) {
    for (int i = 0; i < CURL_LOCK_DATA_LAST; i++) pthread_mutex_init(&osm_share_locks[i], NULL);
}

static void osm_share_lock(CURL *handle, curl_lock_data data, curl_lock_access access, void *user) {
    (void)handle; (void)access; (void)user;
    pthread_mutex_lock(&osm_share_locks[data]);
}

static void osm_share_unlock(CURL *handle, curl_lock_data data, void *user) {
    (void)handle; (void)user;
    pthread_mutex_unlock(&osm_share_locks[data]);
}

CURLSH *osm_curl_share_new(void) {
    pthread_once(&osm_share_once, osm_share_init_locks);
    CURLSH *share = curl_share_init();
    if (!share) return NULL;
    curl_share_setopt(share, CURLSHOPT_LOCKFUNC, osm_share_lock);
    curl_share_setopt(share, CURLSHOPT_UNLOCKFUNC, osm_share_unlock);
    curl_share_setopt(share, CURLSHOPT_SHARE, CURL_LOCK_DATA_SSL_SESSION);
    curl_share_setopt(share, CURLSHOPT_SHARE, CURL_LOCK_DATA_DNS);
    return share;
}

CURLcode osm_curl_setopt_share(CURL *handle, CURLSH *share) {
    return curl_easy_setopt(handle, CURLOPT_SHARE, share);
}
