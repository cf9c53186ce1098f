/* version.h - the monitrend version (also in the man page and manifest) and the interface
 * version of the shared library. */
#ifndef MONITREND_VERSION_H
#define MONITREND_VERSION_H
#define MT_VERSION_STRING "0.1.0"
/* libmonitrend.so's own version, apart from the program's release: CURRENT.MINOR.PATCH, where
 * CURRENT is the SONAME (libmonitrend.so.CURRENT) and goes up on every incompatible change of the
 * public API, MINOR when functions are added, PATCH otherwise.  The Makefile and scripts/mkmap.sh
 * read it from here.  1: mt_bp_result_free became mt_bp_result_clear (it frees the contents). */
#define MT_SO_VERSION "1.0.0"
#endif
