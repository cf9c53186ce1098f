/*
 * fuzz_model.c - libFuzzer target for the model parser (model.h).
 *
 * mt_model_load takes a path, so the input is written to an in-memory file
 * (memfd_create, created once per process) and loaded through
 * /proc/self/fd/N: no disk I/O and nothing added to the library.  A loaded
 * model is walked through its lookup functions and freed; a failure must
 * come with a message.  Data files are not opened (mt_model_load does not
 * open them).
 */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "monitrend/model.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int fd = -1;
static char path[64];

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (fd < 0) {
        fd = memfd_create("fuzz-model.ini", 0);
        if (fd < 0) {
            perror("memfd_create");
            abort();
        }
        snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
    }
    if (ftruncate(fd, 0) != 0)
        abort();
    if (size > 0 && pwrite(fd, data, size, 0) != (ssize_t)size)
        abort();

    mt_model *m = NULL;
    mt_error err;
    mt_error_clear(&err);
    mt_status st = mt_model_load(path, &m, &err);
    if (st == MT_OK) {
        if (m == NULL)
            abort();
        for (size_t i = 0; i < m->n_indicators; i++)
            if (mt_model_find_indicator(m, m->indicators[i].id) == NULL)
                abort();
        for (size_t i = 0; i < m->n_sources; i++)
            if (mt_model_find_source(m, m->sources[i].id) == NULL)
                abort();
        mt_model_free(m);
    } else if (err.msg[0] == '\0') {
        abort(); /* every refusal says why */
    }
    return 0;
}
