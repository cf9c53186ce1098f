/*
 * png_preload.c - a faster PNG writer for the gnuplot processes monitrend
 * starts (built as monitrend-png.so; not part of libmonitrend).
 *
 * gnuplot's pngcairo terminal hands its finished image to cairo's PNG
 * writer, which runs libpng with adaptive filtering and zlib level 6 and
 * offers no way to change either.  Profiled on the default edition, that
 * writer took about 70 % of gnuplot's CPU time; drawing the pixels took
 * about 10 %.  monitrend therefore puts this object in LD_PRELOAD of the
 * gnuplot processes it starts (src/present/plot_env.c; never for anything
 * else), and it interposes the two writers gnuplot imports,
 * cairo_surface_write_to_png_stream and cairo_surface_write_to_png.  For the
 * images monitrend draws (an image surface, ARGB32 or RGB24, every pixel
 * opaque) it writes what cairo would write - 8-bit RGB, non-interlaced, the
 * same white bKGD chunk, the same pixels - with zlib level PRELOAD_LEVEL and
 * no filter (bench/profile.md has the measurements behind that choice: about
 * a quarter of the CPU, files about 12 % larger).  Anything else (another
 * surface type or format, any pixel not fully opaque, a surface in an error
 * state, an empty image) goes to cairo's own function, found with
 * dlsym(RTLD_NEXT), so the result is never worse than without this object.
 *
 * The output is a function of the pixels only (no time, no randomness), so
 * the same figure gives the same bytes in every run.  Decoded, the pixels
 * equal cairo's; tests/sh/png_preload.sh compares them figure by figure.
 *
 * It is loaded into gnuplot, never into monitrend, so it is built without
 * the sanitizers of a sanitizer build (an ASan runtime cannot be preloaded
 * into a program that was not built with it), and it keeps no state but the
 * addresses of cairo's functions.
 */
#define _GNU_SOURCE
#include <cairo.h>
#include <dlfcn.h>
#include <errno.h>
#include <png.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* zlib level and PNG filter of the fast path (bench/profile.md). */
#define PRELOAD_LEVEL 1
#define PRELOAD_FILTER PNG_FILTER_NONE

/* Not in <cairo.h> before 1.16: the status cairo's own writer reports for a
 * libpng error. */
#if CAIRO_VERSION >= CAIRO_VERSION_ENCODE(1, 16, 0)
#define PRELOAD_PNG_ERROR CAIRO_STATUS_PNG_ERROR
#else
#define PRELOAD_PNG_ERROR CAIRO_STATUS_NO_MEMORY
#endif

typedef cairo_status_t (*stream_writer)(cairo_surface_t *, cairo_write_func_t, void *);
typedef cairo_status_t (*file_writer)(cairo_surface_t *, const char *);

/* The exported interposers (declared here: no header, they replace cairo's). */
cairo_status_t cairo_surface_write_to_png_stream(cairo_surface_t *surface,
                                                 cairo_write_func_t write_func, void *closure);
cairo_status_t cairo_surface_write_to_png(cairo_surface_t *surface, const char *filename);

/* 1 when the fast path applies: an image surface without error, ARGB32 or
 * RGB24, not empty, and (ARGB32) every pixel's alpha 255 - exactly the case
 * in which cairo writes 8-bit RGB without alpha. */
static int opaque_rgb(cairo_surface_t *surface)
{
    if (surface == NULL || cairo_surface_status(surface) != CAIRO_STATUS_SUCCESS ||
        cairo_surface_get_type(surface) != CAIRO_SURFACE_TYPE_IMAGE)
        return 0;
    /* pending drawing reaches the pixels before they are read */
    cairo_surface_flush(surface);
    if (cairo_surface_status(surface) != CAIRO_STATUS_SUCCESS)
        return 0;
    cairo_format_t format = cairo_image_surface_get_format(surface);
    int width = cairo_image_surface_get_width(surface);
    int height = cairo_image_surface_get_height(surface);
    int stride = cairo_image_surface_get_stride(surface);
    const unsigned char *data = cairo_image_surface_get_data(surface);
    if (width <= 0 || height <= 0 || stride < 4 * width || data == NULL)
        return 0;
    if (format == CAIRO_FORMAT_RGB24)
        return 1;
    if (format != CAIRO_FORMAT_ARGB32)
        return 0;
    for (int y = 0; y < height; y++) {
        const uint32_t *row = (const uint32_t *)(const void *)(data + (size_t)y * (size_t)stride);
        uint32_t all = 0xffffffffu;
        for (int x = 0; x < width; x++)
            all &= row[x];
        if ((all >> 24) != 0xffu)
            return 0;
    }
    return 1;
}

/* Where libpng's bytes go, and the first failure. */
typedef struct {
    cairo_write_func_t write_func;
    void *closure;
    cairo_status_t status;
} sink;

static void sink_write(png_structp png, png_bytep data, size_t size)
{
    sink *s = png_get_io_ptr(png);
    cairo_status_t st = s->write_func(s->closure, data, (unsigned int)size);
    if (st != CAIRO_STATUS_SUCCESS) {
        if (s->status == CAIRO_STATUS_SUCCESS)
            s->status = st;
        png_error(png, "write failed");
    }
}

static void sink_flush(png_structp png)
{
    (void)png;
}

/* libpng errors end in a longjmp; like cairo, nothing is printed. */
static void on_error(png_structp png, png_const_charp msg)
{
    (void)msg;
    sink *s = png_get_error_ptr(png);
    if (s->status == CAIRO_STATUS_SUCCESS)
        s->status = PRELOAD_PNG_ERROR;
    png_longjmp(png, 1);
}

static void on_warning(png_structp png, png_const_charp msg)
{
    (void)png;
    (void)msg;
}

/* Write an opaque_rgb() surface as 8-bit RGB: each pixel's 32-bit word
 * holds x, r, g, b from the high byte down (cairo's native-endian layout),
 * and alpha is 255, so the colour bytes are the pixel's colour unchanged
 * (no unpremultiplying), as in cairo's convert_data_to_bytes. */
static cairo_status_t write_fast(cairo_surface_t *surface, cairo_write_func_t write_func,
                                 void *closure)
{
    int width = cairo_image_surface_get_width(surface);
    int height = cairo_image_surface_get_height(surface);
    size_t stride = (size_t)cairo_image_surface_get_stride(surface);
    const unsigned char *data = cairo_image_surface_get_data(surface);
    /* The sink lives on the heap: the callbacks change it between setjmp
     * and longjmp, which would leave a local of this function
     * indeterminate; rgb, png and info are not changed after setjmp. */
    unsigned char *rgb = malloc((size_t)width * 3);
    sink *s = malloc(sizeof *s);
    if (rgb == NULL || s == NULL) {
        free(rgb);
        free(s);
        return CAIRO_STATUS_NO_MEMORY;
    }
    *s = (sink){write_func, closure, CAIRO_STATUS_SUCCESS};
    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, s, on_error, on_warning);
    png_infop info = png != NULL ? png_create_info_struct(png) : NULL;
    if (info == NULL) {
        png_destroy_write_struct(&png, NULL);
        free(rgb);
        free(s);
        return CAIRO_STATUS_NO_MEMORY;
    }
    if (setjmp(png_jmpbuf(png)) == 0) {
        png_set_write_fn(png, s, sink_write, sink_flush);
        png_set_compression_level(png, PRELOAD_LEVEL);
        png_set_filter(png, PNG_FILTER_TYPE_BASE, PRELOAD_FILTER);
        png_set_IHDR(png, info, (png_uint_32)width, (png_uint_32)height, 8, PNG_COLOR_TYPE_RGB,
                     PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
        /* cairo writes a white background colour; so do we */
        png_color_16 white = {0, 0xff, 0xff, 0xff, 0xff};
        png_set_bKGD(png, info, &white);
        png_write_info(png, info);
        for (int y = 0; y < height; y++) {
            const uint32_t *px = (const uint32_t *)(const void *)(data + (size_t)y * stride);
            unsigned char *o = rgb;
            for (int x = 0; x < width; x++, o += 3) {
                uint32_t p = px[x];
                o[0] = (unsigned char)(p >> 16);
                o[1] = (unsigned char)(p >> 8);
                o[2] = (unsigned char)p;
            }
            png_write_row(png, rgb);
        }
        png_write_end(png, info);
    }
    png_destroy_write_struct(&png, &info);
    cairo_status_t st = s->status;
    free(rgb);
    free(s);
    return st;
}

cairo_status_t cairo_surface_write_to_png_stream(cairo_surface_t *surface,
                                                 cairo_write_func_t write_func, void *closure)
{
    if (write_func != NULL && opaque_rgb(surface))
        return write_fast(surface, write_func, closure);
    stream_writer real;
    /* POSIX's way to take a function from dlsym (C has no such conversion) */
    *(void **)&real = dlsym(RTLD_NEXT, "cairo_surface_write_to_png_stream");
    return real != NULL ? real(surface, write_func, closure) : CAIRO_STATUS_WRITE_ERROR;
}

/* cairo's stdio_write_func: all bytes or a write error. */
static cairo_status_t file_write(void *closure, const unsigned char *data, unsigned int length)
{
    return fwrite(data, 1, length, closure) == length ? CAIRO_STATUS_SUCCESS
                                                      : CAIRO_STATUS_WRITE_ERROR;
}

cairo_status_t cairo_surface_write_to_png(cairo_surface_t *surface, const char *filename)
{
    if (filename == NULL || !opaque_rgb(surface)) {
        file_writer real;
        *(void **)&real = dlsym(RTLD_NEXT, "cairo_surface_write_to_png");
        return real != NULL ? real(surface, filename) : CAIRO_STATUS_WRITE_ERROR;
    }
    /* as cairo: "wb", NO_MEMORY for ENOMEM, else WRITE_ERROR */
    FILE *fp = fopen(filename, "wb");
    if (fp == NULL)
        return errno == ENOMEM ? CAIRO_STATUS_NO_MEMORY : CAIRO_STATUS_WRITE_ERROR;
    cairo_status_t st = write_fast(surface, file_write, fp);
    if (fclose(fp) != 0 && st == CAIRO_STATUS_SUCCESS)
        st = CAIRO_STATUS_WRITE_ERROR;
    return st;
}
