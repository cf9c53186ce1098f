/*
 * init.h - once-per-process set-up of the library.
 *
 * GSL calls a process-wide error handler on failures it detects (a singular
 * matrix, an allocation that failed); its default handler aborts the
 * process.  libmonitrend checks the status GSL returns after every call and,
 * where a GSL routine can fail without saying so in its return value (an
 * allocation deep inside it), the error its handler recorded for the calling
 * thread (gslerr.h).  The handler is process-wide, so the library cannot set
 * it per call without racing other threads: mt_init() installs the recording
 * handler once.  Call it before the first fit and before starting threads.
 */
#ifndef MONITREND_INIT_H
#define MONITREND_INIT_H



/* Replace GSL's abort-on-error handler by one that records the error per
 * thread.  Idempotent; not thread-safe (call it from the main thread before
 * any other library call). */
void mt_init(void);



#endif
