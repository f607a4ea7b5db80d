#include "curl_shim.h"
#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>

/* libcurl is opened on first use (dlopen) instead of being linked: commands that never reach a
   cluster (install --dry-run, version, completion) do not pay for loading libcurl and its ~20
   dependencies at start-up. */
static struct {
    void *library;
    char error[256];
    CURLcode (*global_init)(long);
    CURL *(*easy_init)(void);
    void (*easy_cleanup)(CURL *);
    void (*easy_reset)(CURL *);
    CURLcode (*easy_perform)(CURL *);
    const char *(*easy_strerror)(CURLcode);
    CURLcode (*easy_setopt)(CURL *, CURLoption, ...);
    CURLcode (*easy_getinfo)(CURL *, CURLINFO, ...);
    struct curl_slist *(*slist_append)(struct curl_slist *, const char *);
    void (*slist_free_all)(struct curl_slist *);
    char *(*version)(void);
    CURLSH *(*share_init)(void);
    CURLSHcode (*share_setopt)(CURLSH *, CURLSHoption, ...);
    CURLSHcode (*share_cleanup)(CURLSH *);
    CURLcode (*easy_send)(CURL *, const void *, size_t, size_t *);
    CURLcode (*easy_recv)(CURL *, void *, size_t, size_t *);
    CURLM *(*multi_init)(void);
    CURLMcode (*multi_setopt)(CURLM *, CURLMoption, ...);
    CURLMcode (*multi_add_handle)(CURLM *, CURL *);
    CURLMcode (*multi_remove_handle)(CURLM *, CURL *);
    CURLMcode (*multi_perform)(CURLM *, int *);
    CURLMcode (*multi_poll)(CURLM *, struct curl_waitfd *, unsigned int, int, int *);
    CURLMcode (*multi_wakeup)(CURLM *);
    CURLMsg *(*multi_info_read)(CURLM *, int *);
    CURLMcode (*multi_cleanup)(CURLM *);
} osm_curl;
static pthread_once_t osm_curl_once = PTHREAD_ONCE_INIT;

static void osm_curl_load(void) {
    osm_curl.library = dlopen("libcurl.so.4", RTLD_LAZY | RTLD_LOCAL);
    if (!osm_curl.library) {
        snprintf(osm_curl.error, sizeof osm_curl.error, "%s", dlerror());
        return;
    }
#define OSM_LOAD(field, name) *(void **)(&osm_curl.field) = dlsym(osm_curl.library, name)
    OSM_LOAD(global_init, "curl_global_init");
    OSM_LOAD(easy_init, "curl_easy_init");
    OSM_LOAD(easy_cleanup, "curl_easy_cleanup");
    OSM_LOAD(easy_reset, "curl_easy_reset");
    OSM_LOAD(easy_perform, "curl_easy_perform");
    OSM_LOAD(easy_strerror, "curl_easy_strerror");
    OSM_LOAD(easy_setopt, "curl_easy_setopt");
    OSM_LOAD(easy_getinfo, "curl_easy_getinfo");
    OSM_LOAD(slist_append, "curl_slist_append");
    OSM_LOAD(slist_free_all, "curl_slist_free_all");
    OSM_LOAD(version, "curl_version");
    OSM_LOAD(share_init, "curl_share_init");
    OSM_LOAD(share_setopt, "curl_share_setopt");
    OSM_LOAD(share_cleanup, "curl_share_cleanup");
    OSM_LOAD(easy_send, "curl_easy_send");
    OSM_LOAD(easy_recv, "curl_easy_recv");
    OSM_LOAD(multi_init, "curl_multi_init");
    OSM_LOAD(multi_setopt, "curl_multi_setopt");
    OSM_LOAD(multi_add_handle, "curl_multi_add_handle");
    OSM_LOAD(multi_remove_handle, "curl_multi_remove_handle");
    OSM_LOAD(multi_perform, "curl_multi_perform");
    OSM_LOAD(multi_poll, "curl_multi_poll");
    OSM_LOAD(multi_wakeup, "curl_multi_wakeup");
    OSM_LOAD(multi_info_read, "curl_multi_info_read");
    OSM_LOAD(multi_cleanup, "curl_multi_cleanup");
#undef OSM_LOAD
    if (!osm_curl.easy_init || !osm_curl.easy_setopt || !osm_curl.share_setopt || !osm_curl.multi_poll || !osm_curl.multi_wakeup) {
        snprintf(osm_curl.error, sizeof osm_curl.error, "libcurl.so.4 lacks the functions osm needs");
        osm_curl.library = NULL;
        return;
    }
    osm_curl.global_init(CURL_GLOBAL_DEFAULT);
}

const char *osm_curl_load_error(void) {
    pthread_once(&osm_curl_once, osm_curl_load);
    return osm_curl.library ? NULL : osm_curl.error;
}

/* Early loading runs on a thread of its own that the process joins before it exits: exit() runs
   OpenSSL's atexit clean-up, which frees the locks that curl_global_init may still be using on the
   loading thread (seen as SIGSEGV in pthread_rwlock_unlock, or glibc's "double free"). */
static pthread_mutex_t osm_preload_mutex = PTHREAD_MUTEX_INITIALIZER;
static pthread_t osm_preload_thread;
static enum { OSM_PRELOAD_NONE, OSM_PRELOAD_RUNNING, OSM_PRELOAD_CLOSED } osm_preload_state = OSM_PRELOAD_NONE;

static void *osm_preload_main(void *unused) {
    (void)unused;
    (void)osm_curl_load_error();
    return NULL;
}

void osm_curl_preload(void) {
    pthread_mutex_lock(&osm_preload_mutex);
    if (osm_preload_state == OSM_PRELOAD_NONE && pthread_create(&osm_preload_thread, NULL, osm_preload_main, NULL) == 0) {
        osm_preload_state = OSM_PRELOAD_RUNNING;
    }
    pthread_mutex_unlock(&osm_preload_mutex);
}

void osm_curl_preload_finish(void) {
    pthread_mutex_lock(&osm_preload_mutex);
    if (osm_preload_state == OSM_PRELOAD_RUNNING) pthread_join(osm_preload_thread, NULL);
    /* Later loads happen on the thread that needs libcurl, never in the background again. */
    osm_preload_state = OSM_PRELOAD_CLOSED;
    pthread_mutex_unlock(&osm_preload_mutex);
}

CURL *osm_curl_easy_init(void) { return osm_curl_load_error() ? NULL : osm_curl.easy_init(); }
void osm_curl_easy_cleanup(CURL *h) { osm_curl.easy_cleanup(h); }
void osm_curl_easy_reset(CURL *h) { osm_curl.easy_reset(h); }
CURLcode osm_curl_easy_perform(CURL *h) { return osm_curl.easy_perform(h); }
const char *osm_curl_easy_strerror(CURLcode code) { return osm_curl.easy_strerror(code); }
struct curl_slist *osm_curl_slist_append(struct curl_slist *list, const char *text) { return osm_curl.slist_append(list, text); }
void osm_curl_slist_free_all(struct curl_slist *list) { if (list && osm_curl.slist_free_all) osm_curl.slist_free_all(list); }
const char *osm_curl_version(void) { return osm_curl_load_error() ? "libcurl not available" : osm_curl.version(); }
void osm_curl_share_cleanup(CURLSH *share) { if (share) osm_curl.share_cleanup(share); }
CURLcode osm_curl_easy_send(CURL *h, const void *buffer, size_t length, size_t *sent) {
    return osm_curl.easy_send ? osm_curl.easy_send(h, buffer, length, sent) : CURLE_NOT_BUILT_IN;
}
CURLcode osm_curl_easy_recv(CURL *h, void *buffer, size_t length, size_t *received) {
    return osm_curl.easy_recv ? osm_curl.easy_recv(h, buffer, length, received) : CURLE_NOT_BUILT_IN;
}
CURLcode osm_curl_getinfo_socket(CURL *h, int *socket) {
    curl_socket_t s = CURL_SOCKET_BAD;
    CURLcode code = osm_curl.easy_getinfo(h, CURLINFO_ACTIVESOCKET, &s);
    *socket = (int)s;
    return code;
}


#include <string.h>

CURLcode osm_curl_setopt_long(CURL *handle, CURLoption option, long value) {
    return osm_curl.easy_setopt(handle, option, value);
}

CURLcode osm_curl_setopt_pointer(CURL *handle, CURLoption option, void *value) {
    return osm_curl.easy_setopt(handle, option, value);
}

CURLcode osm_curl_setopt_string(CURL *handle, CURLoption option, const char *value) {
    return osm_curl.easy_setopt(handle, option, value);
}

CURLcode osm_curl_setopt_blob(CURL *handle, CURLoption option, const void *data, size_t length) {
    struct curl_blob blob;
    blob.data = (void *)data;
    blob.len = length;
    blob.flags = CURL_BLOB_COPY; /* curl keeps its own copy, so the caller's buffer may go away */
    return osm_curl.easy_setopt(handle, option, &blob);
}

CURLcode osm_curl_setopt_write_function(CURL *handle, size_t (*callback)(char *, size_t, size_t, void *)) {
    return osm_curl.easy_setopt(handle, CURLOPT_WRITEFUNCTION, callback);
}

CURLcode osm_curl_setopt_header_function(CURL *handle, size_t (*callback)(char *, size_t, size_t, void *)) {
    return osm_curl.easy_setopt(handle, CURLOPT_HEADERFUNCTION, callback);
}

CURLcode osm_curl_setopt_read_function(CURL *handle, size_t (*callback)(char *, size_t, size_t, void *)) {
    return osm_curl.easy_setopt(handle, CURLOPT_READFUNCTION, callback);
}

CURLcode osm_curl_getinfo_long(CURL *handle, CURLINFO info, long *value) {
    return osm_curl.easy_getinfo(handle, info, value);
}

static int (*osm_progress_callback)(void *);

static int osm_xferinfo(void *user, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ultotal, curl_off_t ulnow) {
    (void)dltotal; (void)dlnow; (void)ultotal; (void)ulnow;
    return osm_progress_callback ? osm_progress_callback(user) : 0;
}

CURLcode osm_curl_setopt_progress(CURL *handle, void *user, int (*callback)(void *)) {
    osm_progress_callback = callback; /* every caller passes the same function */
    osm_curl.easy_setopt(handle, CURLOPT_XFERINFOFUNCTION, osm_xferinfo);
    osm_curl.easy_setopt(handle, CURLOPT_XFERINFODATA, user);
    return osm_curl.easy_setopt(handle, CURLOPT_NOPROGRESS, 0L);
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
    if (osm_curl_load_error()) return NULL;
    CURLSH *share = osm_curl.share_init();
    if (!share) return NULL;
    osm_curl.share_setopt(share, CURLSHOPT_LOCKFUNC, osm_share_lock);
    osm_curl.share_setopt(share, CURLSHOPT_UNLOCKFUNC, osm_share_unlock);
    osm_curl.share_setopt(share, CURLSHOPT_SHARE, CURL_LOCK_DATA_SSL_SESSION);
    osm_curl.share_setopt(share, CURLSHOPT_SHARE, CURL_LOCK_DATA_DNS);
    return share;
}

CURLcode osm_curl_setopt_share(CURL *handle, CURLSH *share) {
    return osm_curl.easy_setopt(handle, CURLOPT_SHARE, share);
}

CURLM *osm_curl_multi_new(void) {
    if (osm_curl_load_error()) return NULL;
    CURLM *multi = osm_curl.multi_init();
    if (multi) osm_curl.multi_setopt(multi, CURLMOPT_PIPELINING, (long)CURLPIPE_MULTIPLEX);
    return multi;
}
CURLMcode osm_curl_multi_add(CURLM *multi, CURL *easy) { return osm_curl.multi_add_handle(multi, easy); }
CURLMcode osm_curl_multi_remove(CURLM *multi, CURL *easy) { return osm_curl.multi_remove_handle(multi, easy); }
CURLMcode osm_curl_multi_perform(CURLM *multi, int *running) { return osm_curl.multi_perform(multi, running); }
CURLMcode osm_curl_multi_poll(CURLM *multi, int timeout_ms) { return osm_curl.multi_poll(multi, NULL, 0, timeout_ms, NULL); }
CURLMcode osm_curl_multi_wakeup(CURLM *multi) { return osm_curl.multi_wakeup(multi); }
void osm_curl_multi_cleanup(CURLM *multi) { if (multi) osm_curl.multi_cleanup(multi); }
int osm_curl_multi_next_done(CURLM *multi, CURL **easy, CURLcode *result) {
    int left = 0;
    CURLMsg *message;
    while ((message = osm_curl.multi_info_read(multi, &left))) {
        if (message->msg == CURLMSG_DONE) {
            *easy = message->easy_handle;
            *result = message->data.result;
            return 1;
        }
    }
    return 0;
}
