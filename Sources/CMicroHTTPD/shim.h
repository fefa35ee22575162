// C glue for libmicrohttpd: Swift cannot call variadic functions (MHD_start_daemon,
// MHD_get_connection_info) nor implement the va_list logger, so those live here.
#ifndef OUTPOST_CMICROHTTPD_SHIM_H
#define OUTPOST_CMICROHTTPD_SHIM_H

#include <microhttpd.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

/// Captures libmicrohttpd's log messages while a daemon starts, so a start failure can be
/// reported with its reason instead of being printed to stderr. Later messages are dropped.
typedef struct outpost_mhd_log {
  pthread_mutex_t lock;
  int capturing;
  char message[512];
} outpost_mhd_log;

static void outpost_mhd_logger(void *cls, const char *format, va_list args) {
  outpost_mhd_log *log = (outpost_mhd_log *) cls;
  pthread_mutex_lock(&log->lock);
  if (log->capturing) {
    vsnprintf(log->message, sizeof log->message, format, args);
    size_t n = strlen(log->message);
    while (n > 0 && (log->message[n - 1] == '\n' || log->message[n - 1] == '.')) log->message[--n] = 0;
  }
  pthread_mutex_unlock(&log->lock);
}

static inline void *outpost_mhd_log_create(void) {
  outpost_mhd_log *log = (outpost_mhd_log *) calloc(1, sizeof(outpost_mhd_log));
  if (log == NULL) return NULL;
  pthread_mutex_init(&log->lock, NULL);
  log->capturing = 1;
  return log;
}

/// Stops capturing and copies the last captured message (empty if none) into `out`.
static inline void outpost_mhd_log_finish(void *cls, char *out, size_t out_size) {
  outpost_mhd_log *log = (outpost_mhd_log *) cls;
  pthread_mutex_lock(&log->lock);
  log->capturing = 0;
  snprintf(out, out_size, "%s", log->message);
  pthread_mutex_unlock(&log->lock);
}

static inline void outpost_mhd_log_destroy(void *cls) {
  outpost_mhd_log *log = (outpost_mhd_log *) cls;
  if (log == NULL) return;
  pthread_mutex_destroy(&log->lock);
  free(log);
}

/// Starts a daemon on an already bound, listening, non-blocking socket: epoll with an internal
/// polling thread (or a pool of `thread_pool_size` > 1 threads). Returns NULL on failure; the
/// reason is then in the log. MHD closes `listen_fd` in MHD_stop_daemon.
static inline struct MHD_Daemon *outpost_mhd_start(int listen_fd, int ipv6,
                                                   unsigned int thread_pool_size,
                                                   unsigned int connection_limit,
                                                   unsigned int connection_timeout,
                                                   MHD_AccessHandlerCallback handler,
                                                   void *handler_cls, void *log) {
  unsigned int flags = MHD_USE_EPOLL_INTERNAL_THREAD | MHD_USE_ITC | MHD_USE_ERROR_LOG;
  if (ipv6) flags |= MHD_USE_IPv6;
  return MHD_start_daemon(flags, 0, NULL, NULL, handler, handler_cls,
                          MHD_OPTION_EXTERNAL_LOGGER, outpost_mhd_logger, log,
                          MHD_OPTION_LISTEN_SOCKET, (MHD_socket) listen_fd,
                          MHD_OPTION_THREAD_POOL_SIZE, thread_pool_size,
                          MHD_OPTION_CONNECTION_LIMIT, connection_limit,
                          MHD_OPTION_CONNECTION_TIMEOUT, connection_timeout,
                          MHD_OPTION_END);
}

/// The peer address of a connection, or NULL.
static inline const struct sockaddr *outpost_mhd_client_address(struct MHD_Connection *connection) {
  const union MHD_ConnectionInfo *info =
      MHD_get_connection_info(connection, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
  return info == NULL ? NULL : info->client_addr;
}

/// Calls `iterator` for every request header (`query` == 0) or query argument (`query` != 0).
static inline int outpost_mhd_each_value(struct MHD_Connection *connection, int query,
                                         MHD_KeyValueIterator iterator, void *cls) {
  return MHD_get_connection_values(connection, query ? MHD_GET_ARGUMENT_KIND : MHD_HEADER_KIND,
                                   iterator, cls);
}

static const uint64_t outpost_mhd_size_unknown = MHD_SIZE_UNKNOWN;

#endif
