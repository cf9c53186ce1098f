/*
 * gslerr.h - GSL's error handler, recording instead of aborting.
 *
 * GSL calls its error handler on every error it detects, including an
 * allocation failure deep inside a routine.  The default handler aborts;
 * "off" forgets.  mt_gsl_handler_install sets a handler that records the
 * first error of the calling thread (thread-local storage: the analysis
 * runs series in parallel, and one series' error must not be read by
 * another), so that a caller can check, after a GSL call, that nothing went
 * wrong that the call's return value does not show.
 */
#ifndef MONITREND_GSLERR_H
#define MONITREND_GSLERR_H

/* Install the recording handler.  Call once at program or test start. */
void mt_gsl_handler_install(void);

/* The GSL error code recorded in this thread since the last call (0 =
 * none), and clear it.  *reason (may be NULL) gets GSL's static text. */
int mt_gsl_error_take(const char **reason);

#endif
