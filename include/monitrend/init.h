/*
 * init.h - once-per-process set-up of the library.
 *
 * GSL calls a process-wide error handler on failures it detects (a singular
 * matrix, an allocation that failed); its default handler aborts the
 * process.  libmonitrend checks the status GSL returns after every call, so
 * it needs the handler switched off, and it cannot do that per call without
 * racing other threads.  mt_init() does it once; call it before the first
 * fit and before starting threads.  A program that installs its own GSL
 * handler (one that returns) may skip mt_init().
 */
#ifndef MONITREND_INIT_H
#define MONITREND_INIT_H



/* Switch GSL's abort-on-error handler off.  Idempotent; not thread-safe
 * (call it from the main thread before any other library call). */
void mt_init(void);



#endif
