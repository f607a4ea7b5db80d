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
