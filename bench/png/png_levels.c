/*
 * png_levels.c - what zlib level and PNG filter monitrend-png.so uses
 * (src/gnuplot/png_preload.c), measured: decode a folder's PNGs (an
 * edition's figures) once, then encode every image with each setting
 * through libpng as 8-bit RGB and print the CPU time of this process
 * (best of 3 rounds) and the total bytes.  The first row is what cairo's
 * writer does (libpng's default filters for RGB, adaptive over all five,
 * and zlib level 6).
 *
 *   make bench-bin && build/bench/png_levels FIGURES-FOLDER/NAME.png...
 *
 * The numbers of the choice are in bench/profile.md.
 */
#define _POSIX_C_SOURCE 200809L
#include <png.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <zlib.h>

typedef struct {
    png_image image;
    png_bytep rgb;
} picture;

static size_t total;

static void count_bytes(png_structp png, png_bytep data, size_t n)
{
    (void)png;
    (void)data;
    total += n;
}

static void no_flush(png_structp png)
{
    (void)png;
}

static void encode(const picture *p, int level, int filters, int strategy)
{
    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL, NULL, NULL);
    png_infop info = png_create_info_struct(png);
    if (setjmp(png_jmpbuf(png)) != 0) {
        fprintf(stderr, "png_levels: libpng error\n");
        exit(1);
    }
    png_set_write_fn(png, NULL, count_bytes, no_flush);
    png_set_compression_level(png, level);
    if (filters >= 0)
        png_set_filter(png, PNG_FILTER_TYPE_BASE, filters);
    if (strategy >= 0)
        png_set_compression_strategy(png, strategy);
    png_set_IHDR(png, info, p->image.width, p->image.height, 8, PNG_COLOR_TYPE_RGB,
                 PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    png_write_info(png, info);
    for (png_uint_32 y = 0; y < p->image.height; y++)
        png_write_row(png, p->rgb + (size_t)y * p->image.width * 3);
    png_write_end(png, info);
    png_destroy_write_struct(&png, &info);
}

static double cpu_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: png_levels FILE.png...\n");
        return 2;
    }
    size_t n = (size_t)argc - 1;
    picture *pics = calloc(n, sizeof *pics);
    size_t raw = 0;
    for (size_t i = 0; i < n; i++) {
        picture *p = &pics[i];
        p->image.version = PNG_IMAGE_VERSION;
        if (!png_image_begin_read_from_file(&p->image, argv[i + 1])) {
            fprintf(stderr, "png_levels: %s: %s\n", argv[i + 1], p->image.message);
            return 1;
        }
        p->image.format = PNG_FORMAT_RGB;
        p->rgb = malloc(PNG_IMAGE_SIZE(p->image));
        if (p->rgb == NULL || !png_image_finish_read(&p->image, NULL, p->rgb, 0, NULL)) {
            fprintf(stderr, "png_levels: %s: cannot decode\n", argv[i + 1]);
            return 1;
        }
        raw += PNG_IMAGE_SIZE(p->image);
    }
    static const struct {
        const char *name;
        int level, filters, strategy;
    } set[] = {
        {"6, adaptive (cairo's writer)", 6, -1, -1},
        {"6, none", 6, PNG_FILTER_NONE, -1},
        {"3, none", 3, PNG_FILTER_NONE, -1},
        {"3, sub", 3, PNG_FILTER_SUB, -1},
        {"2, none", 2, PNG_FILTER_NONE, -1},
        {"1, adaptive", 1, -1, -1},
        {"1, none (monitrend-png.so)", 1, PNG_FILTER_NONE, -1},
        {"1, sub", 1, PNG_FILTER_SUB, -1},
        {"1, up", 1, PNG_FILTER_UP, -1},
        {"1, paeth", 1, PNG_FILTER_PAETH, -1},
        {"1, none, Z_RLE", 1, PNG_FILTER_NONE, Z_RLE},
        {"0, none (stored: the floor)", 0, PNG_FILTER_NONE, -1},
    };
    printf("%zu images, %.1f MB of RGB\n\n", n, (double)raw / 1e6);
    printf("| zlib level, filter | CPU s (best of 3) | bytes |\n|---|---:|---:|\n");
    for (size_t s = 0; s < sizeof set / sizeof set[0]; s++) {
        double best = 0;
        for (int round = 0; round < 3; round++) {
            total = 0;
            double t0 = cpu_s();
            for (size_t i = 0; i < n; i++)
                encode(&pics[i], set[s].level, set[s].filters, set[s].strategy);
            double t = cpu_s() - t0;
            if (round == 0 || t < best)
                best = t;
        }
        printf("| %s | %.3f | %zu |\n", set[s].name, best, total);
    }
    for (size_t i = 0; i < n; i++)
        free(pics[i].rgb);
    free(pics);
    return 0;
}
