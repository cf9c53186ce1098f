/*
 * init.c - once-per-process set-up (see init.h).
 */
#include "monitrend/init.h"

#include <gsl/gsl_errno.h>

void mt_init(void)
{
    gsl_set_error_handler_off();
}
