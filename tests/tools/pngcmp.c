/*
 * pngcmp.c - compare the decoded pixels of two PNG files, or describe one
 * (for tests/sh/png_preload.sh and tests/sh/e2e_default.sh).
 *
 *   pngcmp A.png B.png   exit 0 when both decode to the same width, height
 *                        and RGBA pixels (8 bits a channel), 1 when they
 *                        differ (the first differing pixel on stderr), 2 when
 *                        either cannot be read or is not a PNG
 *   pngcmp -i A.png      print "WIDTHxHEIGHT DEPTH-bit COLOUR INTERLACE" from
 *                        the IHDR chunk, e.g. "945x591 8-bit RGB
 *                        non-interlaced"; exit 2 when it is not a PNG
 *
 * Decoding is libpng's (the simplified API), independent of the writers being
 * compared: cairo's and monitrend-png.so's.  Comparing as RGBA also tells an
 * image with an alpha channel from one without.
 */
#include <png.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    png_image image;
    png_bytep pixels;
} decoded;

static int decode(const char *path, decoded *d)
{
    memset(d, 0, sizeof *d);
    d->image.version = PNG_IMAGE_VERSION;
    if (!png_image_begin_read_from_file(&d->image, path)) {
        fprintf(stderr, "pngcmp: %s: %s\n", path, d->image.message);
        return 0;
    }
    d->image.format = PNG_FORMAT_RGBA;
    d->pixels = malloc(PNG_IMAGE_SIZE(d->image));
    if (d->pixels == NULL) {
        fprintf(stderr, "pngcmp: %s: out of memory\n", path);
        png_image_free(&d->image);
        return 0;
    }
    if (!png_image_finish_read(&d->image, NULL, d->pixels, 0, NULL)) {
        fprintf(stderr, "pngcmp: %s: %s\n", path, d->image.message);
        free(d->pixels);
        return 0;
    }
    return 1;
}

static int describe(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        perror(path);
        return 2;
    }
    png_structp png = png_create_read_struct(PNG_LIBPNG_VER_STRING, NULL, NULL, NULL);
    png_infop info = png != NULL ? png_create_info_struct(png) : NULL;
    if (info == NULL || setjmp(png_jmpbuf(png)) != 0) {
        fprintf(stderr, "pngcmp: %s: not a PNG\n", path);
        png_destroy_read_struct(&png, &info, NULL);
        fclose(f);
        return 2;
    }
    png_init_io(png, f);
    png_read_info(png, info);
    int ct = png_get_color_type(png, info);
    const char *colour = ct == PNG_COLOR_TYPE_RGB ? "RGB"
                         : ct == PNG_COLOR_TYPE_RGB_ALPHA ? "RGBA"
                         : ct == PNG_COLOR_TYPE_GRAY ? "gray"
                         : ct == PNG_COLOR_TYPE_GRAY_ALPHA ? "gray+alpha"
                         : ct == PNG_COLOR_TYPE_PALETTE ? "palette" : "unknown";
    printf("%lux%lu %d-bit %s %s\n", (unsigned long)png_get_image_width(png, info),
           (unsigned long)png_get_image_height(png, info), png_get_bit_depth(png, info), colour,
           png_get_interlace_type(png, info) == PNG_INTERLACE_NONE ? "non-interlaced"
                                                                  : "interlaced");
    png_destroy_read_struct(&png, &info, NULL);
    fclose(f);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc == 3 && strcmp(argv[1], "-i") == 0)
        return describe(argv[2]);
    if (argc != 3) {
        fprintf(stderr, "usage: pngcmp A.png B.png | pngcmp -i A.png\n");
        return 2;
    }
    decoded a, b;
    if (!decode(argv[1], &a))
        return 2;
    if (!decode(argv[2], &b)) {
        free(a.pixels);
        return 2;
    }
    int rc = 0;
    if (a.image.width != b.image.width || a.image.height != b.image.height) {
        fprintf(stderr, "pngcmp: %s is %lux%lu, %s is %lux%lu\n", argv[1],
                (unsigned long)a.image.width, (unsigned long)a.image.height, argv[2],
                (unsigned long)b.image.width, (unsigned long)b.image.height);
        rc = 1;
    } else if (memcmp(a.pixels, b.pixels, PNG_IMAGE_SIZE(a.image)) != 0) {
        size_t n = PNG_IMAGE_SIZE(a.image), i = 0;
        while (a.pixels[i] == b.pixels[i])
            i++;
        size_t px = i / 4;
        fprintf(stderr, "pngcmp: %s and %s differ first at pixel (%lu, %lu) of %zu\n", argv[1],
                argv[2], (unsigned long)(px % a.image.width),
                (unsigned long)(px / a.image.width), n / 4);
        rc = 1;
    }
    free(a.pixels);
    free(b.pixels);
    return rc;
}
