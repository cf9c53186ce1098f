/* version.h - the monitrend version (also in the man page and manifest). */
#ifndef MONITREND_VERSION_H
#define MONITREND_VERSION_H
#define MT_VERSION_STRING "0.1.0"
#endif
