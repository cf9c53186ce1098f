/*
 * init.c - once-per-process set-up (see init.h).
 */
#include "monitrend/init.h"

#include "monitrend/gslerr.h"

void mt_init(void)
{
    mt_gsl_handler_install();
}
