# monitrend - GNU Makefile.  No .POSIX: (it would turn CC into c99).
#
#   make            build build/monitrend and build/libmonitrend.a
#   make run        install missing packages, build, run the default monitor
#   make check      install missing packages, build, run every test
#   make SANITIZE=address,undefined check    the same under sanitizers
#   make check-valgrind   the default run under valgrind memcheck
#   make bench      benchmarks against R (see bench/README.md)
#   make install / uninstall   (PREFIX, DESTDIR honoured)

PREFIX  ?= /usr/local
BINDIR  ?= $(PREFIX)/bin
LIBDIR  ?= $(PREFIX)/lib
INCDIR  ?= $(PREFIX)/include
MANDIR  ?= $(PREFIX)/share/man
DATADIR ?= $(PREFIX)/share/monitrend

CFLAGS  ?= -O2 -g
WARN    := -std=c11 -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes \
           -Wmissing-prototypes -Wformat=2 -Wvla
DEPS_PKGS := gsl inih

PKG_CFLAGS := $(shell pkg-config --cflags $(DEPS_PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(DEPS_PKGS) 2>/dev/null || echo -lgsl -lgslcblas -linih)

SANITIZE ?=
ifneq ($(strip $(SANITIZE)),)
  SANFLAGS := -fsanitize=$(SANITIZE) -fno-omit-frame-pointer -fno-sanitize-recover=all
  BUILD    ?= build-san
else
  SANFLAGS :=
  BUILD    ?= build
endif

ALL_CPPFLAGS := -Iinclude -D_POSIX_C_SOURCE=200809L -DMT_DATADIR='"$(DATADIR)"' \
                -DMT_LIBDIR='"$(LIBDIR)"' $(CPPFLAGS)
ALL_CFLAGS   := $(WARN) $(PKG_CFLAGS) $(SANFLAGS) -pthread -MMD -MP $(CFLAGS)
ALL_LDFLAGS  := $(SANFLAGS) -pthread $(LDFLAGS)
LIBS_ALL     := $(PKG_LIBS) -lcsv -lm $(LIBS)

LIB_SRC  := $(sort $(wildcard src/core/*.c src/stats/*.c src/intake/*.c src/run/*.c src/present/*.c))
CLI_SRC  := $(sort $(wildcard src/cli/*.c))
TEST_SRC := $(sort $(wildcard tests/unit/test_*.c))
BENCH_SRC := $(sort $(wildcard bench/*.c))

LIB_OBJ  := $(LIB_SRC:%.c=$(BUILD)/%.o)
CLI_OBJ  := $(CLI_SRC:%.c=$(BUILD)/%.o)
TEST_BIN := $(TEST_SRC:tests/unit/%.c=$(BUILD)/tests/%)
BENCH_BIN := $(BENCH_SRC:bench/%.c=$(BUILD)/bench/%)

LIB := $(BUILD)/libmonitrend.a
BIN := $(BUILD)/monitrend

# The shared library: libmonitrend.so.$(SO_VERSION) with SONAME libmonitrend.so.$(SOMAJOR),
# both from MT_SO_VERSION in version.h (the interface version, apart from the
# program's release VERSION, which the pkg-config file carries).  Its exports
# are the functions of the public headers (monitrend.h and what it includes),
# listed in a version script generated from them; every other symbol is local.  The program and the tests link the static archive.
VERSION  := $(shell sed -n 's/^\#define MT_VERSION_STRING "\(.*\)"/\1/p' include/monitrend/version.h)
SO_VERSION := $(shell sed -n 's/^\#define MT_SO_VERSION "\(.*\)"/\1/p' include/monitrend/version.h)
SOMAJOR  := $(firstword $(subst ., ,$(SO_VERSION)))
PUB_HDRS := include/monitrend/monitrend.h \
            $(shell sed -n 's|^\#include "\(monitrend/.*\.h\)"|include/\1|p' include/monitrend/monitrend.h)
SO_NAME  := libmonitrend.so.$(SOMAJOR)
SO       := $(BUILD)/libmonitrend.so.$(SO_VERSION)
SO_MAP   := $(BUILD)/libmonitrend.map
PC       := $(BUILD)/monitrend.pc

# monitrend-png.so (src/gnuplot/png_preload.c): the faster PNG writer that
# monitrend preloads into the gnuplot processes it starts (src/present/
# plot_env.c), beside the program here and in $(LIBDIR)/monitrend/ when
# installed.  It runs inside gnuplot, never inside monitrend, so it is built
# without $(SANFLAGS) even in a sanitizer build.  Without cairo's and libpng's
# headers it is skipped: monitrend works the same, and gnuplot writes the PNGs
# itself (the same pixels, several times the CPU).
PNG_PKGS := cairo libpng
PNG_OK   := $(shell pkg-config --exists $(PNG_PKGS) 2>/dev/null && echo yes)
PNG_SO   := $(BUILD)/monitrend-png.so
PNGCMP   := $(BUILD)/tests/pngcmp
ifeq ($(PNG_OK),yes)
  PNG_ALL   := $(PNG_SO)
  PNG_TESTS := $(PNGCMP)
else
  PNG_ALL   := png-skipped
  PNG_TESTS :=
endif

.DELETE_ON_ERROR:
.SECONDARY:
.PHONY: png-skipped bench-bin tests all deps run check check-unit check-fmt-long check-valgrind bench fuzz install uninstall clean

all: $(BIN) $(LIB) $(SO) $(PC) $(PNG_ALL)

deps:
	@sh scripts/deps.sh

$(BUILD)/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CPPFLAGS) $(ALL_CFLAGS) -c -o $@ $<

$(LIB): $(LIB_OBJ)
	@mkdir -p $(@D)
	rm -f $@
	$(AR) rcs $@ $^

# position-independent objects serve both the archive and the shared library
$(LIB_OBJ): ALL_CFLAGS += -fPIC

$(SO_MAP): scripts/mkmap.sh $(PUB_HDRS)
	@mkdir -p $(@D)
	sh scripts/mkmap.sh $(PUB_HDRS) > $@

$(SO): $(LIB_OBJ) $(SO_MAP)
	$(CC) $(ALL_LDFLAGS) -shared -Wl,-soname,$(SO_NAME) -Wl,--version-script=$(SO_MAP) \
	    -o $@ $(LIB_OBJ) $(LIBS_ALL)
	ln -sf $(notdir $@) $(BUILD)/$(SO_NAME)
	ln -sf $(SO_NAME) $(BUILD)/libmonitrend.so

$(PC): monitrend.pc.in include/monitrend/version.h
	@mkdir -p $(@D)
	sed -e 's|@PREFIX@|$(PREFIX)|; s|@LIBDIR@|$(LIBDIR)|; s|@INCDIR@|$(INCDIR)|; s|@VERSION@|$(VERSION)|' $< > $@

$(BIN): $(CLI_OBJ) $(LIB)
	$(CC) $(ALL_LDFLAGS) -o $@ $(CLI_OBJ) $(LIB) $(LIBS_ALL)

$(PNG_SO): src/gnuplot/png_preload.c
	@mkdir -p $(@D)
	$(CC) $(WARN) $(shell pkg-config --cflags $(PNG_PKGS)) $(CPPFLAGS) $(CFLAGS) -fPIC -shared \
	    $(LDFLAGS) -o $@ $< $(shell pkg-config --libs $(PNG_PKGS)) -ldl

png-skipped:
	@echo "monitrend-png.so skipped: no cairo or libpng headers (make deps installs libcairo2-dev" \
	      "and libpng-dev); gnuplot will write the PNG figures itself (same pixels, slower)"

$(BUILD)/tests/%: $(BUILD)/tests/unit/%.o $(LIB)
	@mkdir -p $(@D)
	$(CC) $(ALL_LDFLAGS) -o $@ $< $(LIB) -lcmocka $(LIBS_ALL)

# Benchmark programs: each bench/*.c is one program linked with the library.
$(BUILD)/bench/%: $(BUILD)/bench/%.o $(LIB)
	@mkdir -p $(@D)
	$(CC) $(ALL_LDFLAGS) -o $@ $< $(LIB) $(LIBS_ALL)

# The zlib level and filter measurement of monitrend-png.so (bench/profile.md).
$(BUILD)/bench/png_levels: bench/png/png_levels.c
	@mkdir -p $(@D)
	$(CC) $(WARN) $(shell pkg-config --cflags libpng) $(CFLAGS) -o $@ $< \
	    $(shell pkg-config --libs libpng) -lz

bench-bin: $(BENCH_BIN) $(if $(PNG_TESTS),$(BUILD)/bench/png_levels)

# The default edition, from the bundled model and data.
run: deps
	@$(MAKE) --no-print-directory all
	./$(BIN) run models/ndm.ini

# The allocation-failure injector (tests/tools/failmalloc.c), LD_PRELOADed
# by tests/sh/alloc_failures.sh.
FAILMALLOC := $(BUILD)/tests/failmalloc.so
$(FAILMALLOC): tests/tools/failmalloc.c
	@mkdir -p $(@D)
	$(CC) -O2 -fPIC -shared -o $@ $<

# The PNG comparer (tests/tools/pngcmp.c) of tests/sh/png_preload.sh.
$(PNGCMP): tests/tools/pngcmp.c
	@mkdir -p $(@D)
	$(CC) $(WARN) $(shell pkg-config --cflags libpng) $(CFLAGS) -o $@ $< \
	    $(shell pkg-config --libs libpng)

tests: $(TEST_BIN) $(FAILMALLOC) $(PNG_TESTS)

check: deps
	@$(MAKE) --no-print-directory all tests
	@sh tests/run.sh $(BUILD)

# The shortest-formatting proof on 10^7 doubles of each kind (about a minute).
check-fmt-long: $(BUILD)/tests/test_shortest
	MT_SHORTEST_ROUNDS=10000000 ./$(BUILD)/tests/test_shortest

check-valgrind: deps
	@$(MAKE) --no-print-directory all
	@sh tests/valgrind.sh $(BUILD)

bench: deps
	@sh scripts/deps.sh bench
	@$(MAKE) --no-print-directory all bench-bin
	@sh bench/run.sh $(BUILD)

install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(LIBDIR)/pkgconfig $(DESTDIR)$(INCDIR)/monitrend \
	        $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(DATADIR)/plots
	install -m 755 $(BIN) $(DESTDIR)$(BINDIR)/monitrend
	install -m 644 $(LIB) $(DESTDIR)$(LIBDIR)/libmonitrend.a
	install -m 755 $(SO) $(DESTDIR)$(LIBDIR)/
	ln -sf $(notdir $(SO)) $(DESTDIR)$(LIBDIR)/$(SO_NAME)
	ln -sf $(SO_NAME) $(DESTDIR)$(LIBDIR)/libmonitrend.so
	sed -e 's|@PREFIX@|$(PREFIX)|; s|@LIBDIR@|$(LIBDIR)|; s|@INCDIR@|$(INCDIR)|; s|@VERSION@|$(VERSION)|' \
	    monitrend.pc.in > $(DESTDIR)$(LIBDIR)/pkgconfig/monitrend.pc
	install -m 644 $(PUB_HDRS) $(DESTDIR)$(INCDIR)/monitrend/
	install -m 644 man/monitrend.1 $(DESTDIR)$(MANDIR)/man1/monitrend.1
	install -m 644 plots/*.gp $(DESTDIR)$(DATADIR)/plots/
ifeq ($(PNG_OK),yes)
	install -d $(DESTDIR)$(LIBDIR)/monitrend
	install -m 755 $(PNG_SO) $(DESTDIR)$(LIBDIR)/monitrend/
endif

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/monitrend $(DESTDIR)$(LIBDIR)/libmonitrend.a \
	      $(DESTDIR)$(LIBDIR)/$(notdir $(SO)) $(DESTDIR)$(LIBDIR)/$(SO_NAME) \
	      $(DESTDIR)$(LIBDIR)/libmonitrend.so $(DESTDIR)$(LIBDIR)/pkgconfig/monitrend.pc \
	      $(DESTDIR)$(MANDIR)/man1/monitrend.1
	rm -rf $(DESTDIR)$(INCDIR)/monitrend $(DESTDIR)$(DATADIR) $(DESTDIR)$(LIBDIR)/monitrend

clean:
	rm -rf build build-san build-fuzz out

-include $(LIB_OBJ:.o=.d) $(CLI_OBJ:.o=.d) $(TEST_SRC:tests/unit/%.c=$(BUILD)/tests/unit/%.d)

# ---- fuzzing and sanitizer suite (issue 8; fuzz/README.md) ----------------
#   make fuzz [FUZZ_SECONDS=60] [FUZZ_TARGETS="csv model period expr"]
#   make check-sanitize      the whole suite under address,undefined (build-san)
FUZZ_CC      ?= clang
FUZZ_SECONDS ?= 60
FUZZ_TARGETS ?= csv model period expr
FUZZ_BUILD   ?= build-fuzz
FUZZ_FLAGS   := -g -O1 -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=all
FUZZ_LIB_OBJ := $(LIB_SRC:%.c=$(FUZZ_BUILD)/%.o)
FUZZ_BIN     := $(FUZZ_TARGETS:%=$(FUZZ_BUILD)/fuzz_%)

$(FUZZ_BUILD)/%.o: %.c
	@mkdir -p $(@D)
	$(FUZZ_CC) $(ALL_CPPFLAGS) -std=c11 $(PKG_CFLAGS) $(FUZZ_FLAGS) -fsanitize=fuzzer-no-link -pthread -MMD -MP -c -o $@ $<

$(FUZZ_BUILD)/libmonitrend.a: $(FUZZ_LIB_OBJ)
	rm -f $@
	$(AR) rcs $@ $^

$(FUZZ_BUILD)/fuzz_%: fuzz/fuzz_%.c $(FUZZ_BUILD)/libmonitrend.a
	$(FUZZ_CC) $(ALL_CPPFLAGS) -std=c11 $(PKG_CFLAGS) $(FUZZ_FLAGS) -fsanitize=fuzzer -pthread -o $@ $< \
	    $(FUZZ_BUILD)/libmonitrend.a $(LIBS_ALL)

fuzz-bin:
	@sh fuzz/check-toolchain.sh "$(FUZZ_CC)"
	@$(MAKE) --no-print-directory $(FUZZ_BIN)

fuzz: fuzz-bin
	@sh fuzz/run.sh $(FUZZ_BUILD) $(FUZZ_SECONDS) $(FUZZ_TARGETS)

check-sanitize:
	@$(MAKE) --no-print-directory SANITIZE=address,undefined check

.PHONY: fuzz-bin check-sanitize
-include $(FUZZ_LIB_OBJ:.o=.d)
