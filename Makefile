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

ALL_CPPFLAGS := -Iinclude -D_POSIX_C_SOURCE=200809L -DMT_DATADIR='"$(DATADIR)"' $(CPPFLAGS)
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

.DELETE_ON_ERROR:
.SECONDARY:
.PHONY: bench-bin tests all deps run check check-unit check-fmt-long check-valgrind bench fuzz install uninstall clean

all: $(BIN) $(LIB)

deps:
	@sh scripts/deps.sh

$(BUILD)/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CPPFLAGS) $(ALL_CFLAGS) -c -o $@ $<

$(LIB): $(LIB_OBJ)
	@mkdir -p $(@D)
	rm -f $@
	$(AR) rcs $@ $^

$(BIN): $(CLI_OBJ) $(LIB)
	$(CC) $(ALL_LDFLAGS) -o $@ $(CLI_OBJ) $(LIB) $(LIBS_ALL)

$(BUILD)/tests/%: $(BUILD)/tests/unit/%.o $(LIB)
	@mkdir -p $(@D)
	$(CC) $(ALL_LDFLAGS) -o $@ $< $(LIB) -lcmocka $(LIBS_ALL)

# Benchmark programs: each bench/*.c is one program linked with the library.
$(BUILD)/bench/%: $(BUILD)/bench/%.o $(LIB)
	@mkdir -p $(@D)
	$(CC) $(ALL_LDFLAGS) -o $@ $< $(LIB) $(LIBS_ALL)

bench-bin: $(BENCH_BIN)

# The default edition, from the bundled model and data.
run: deps
	@$(MAKE) --no-print-directory all
	./$(BIN) run models/ndm.ini

tests: $(TEST_BIN)

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
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(LIBDIR) $(DESTDIR)$(INCDIR)/monitrend \
	        $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(DATADIR)/plots
	install -m 755 $(BIN) $(DESTDIR)$(BINDIR)/monitrend
	install -m 644 $(LIB) $(DESTDIR)$(LIBDIR)/libmonitrend.a
	install -m 644 include/monitrend/*.h $(DESTDIR)$(INCDIR)/monitrend/
	install -m 644 man/monitrend.1 $(DESTDIR)$(MANDIR)/man1/monitrend.1
	install -m 644 plots/*.gp $(DESTDIR)$(DATADIR)/plots/

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/monitrend $(DESTDIR)$(LIBDIR)/libmonitrend.a \
	      $(DESTDIR)$(MANDIR)/man1/monitrend.1
	rm -rf $(DESTDIR)$(INCDIR)/monitrend $(DESTDIR)$(DATADIR)

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
