# domat: build, test, demo, bench.
#
#   make            build/libdomat.a and build/domat
#   make deps       install the Debian packages (idempotent; needs root)
#   make check      unit tests (cmocka) and end-to-end CLI tests
#   make check-san  the same, built with AddressSanitizer + UBSan
#   make valgrind   the unit tests under valgrind memcheck
#   make demo       scan the bundled samples/ and show the verdicts
#   make bench      benchmarks (see bench/README.md)

CC      ?= cc
BUILD   ?= build
OPT     ?= -O2 -g
PKGS    := libhs libpcre2-8 libutf8proc poppler-glib gmime-3.0 libarchive libxml-2.0
# Third-party headers are system headers: their warnings are not ours to fix.
CFLAGS  += -std=c11 $(OPT) -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes \
           -fno-strict-aliasing -D_FORTIFY_SOURCE=2 \
           $(patsubst -I%,-isystem %,$(shell pkg-config --cflags $(PKGS) 2>/dev/null))
LDLIBS  += $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lmagic -lz -lpthread -lm

ifeq ($(SAN),1)
BUILD   := build-san
OPT     := -O1 -g -fno-omit-frame-pointer
CFLAGS  += -fsanitize=address,undefined -fno-sanitize-recover=all
LDFLAGS += -fsanitize=address,undefined
endif

DICTDIR ?= $(CURDIR)/dictionaries

# Quiet by default ("CC engine/scan.c"); make V=1 shows whole commands.
ifneq ($(V),1)
Q = @
E = @echo
else
Q =
E = @:
endif

ENGINE_SRC := $(sort $(wildcard engine/*.c))
ENGINE_OBJ := $(ENGINE_SRC:engine/%.c=$(BUILD)/engine/%.o)
CLI_SRC    := $(sort $(wildcard cli/*.c))
CLI_OBJ    := $(CLI_SRC:cli/%.c=$(BUILD)/cli/%.o)
TEST_SRC   := $(sort $(wildcard tests/test_*.c))
TEST_BIN   := $(TEST_SRC:tests/%.c=$(BUILD)/tests/%)
OPTION_MD  := $(sort $(wildcard cli/options/*.md))

DEBIAN_PKGS := build-essential pkg-config libhyperscan-dev libpcre2-dev \
               libutf8proc-dev zlib1g-dev libcmocka-dev libmagic-dev \
               libpoppler-glib-dev libgmime-3.0-dev libarchive-dev libxml2-dev \
               python3 ripgrep valgrind clang libclang-rt-14-dev

.PHONY: all deps check check-unit check-e2e check-san valgrind demo bench clean \
        fuzz fuzz-build

all: $(BUILD)/libdomat.a $(BUILD)/domat

deps:
	@missing=""; for p in $(DEBIAN_PKGS); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'install ok installed' || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	else echo "all Debian packages present"; fi

$(BUILD)/engine/%.o: engine/%.c $(wildcard engine/*.h)
	@mkdir -p $(dir $@)
	$(E) "  CC      $<"
	$(Q)$(CC) $(CFLAGS) -c $< -o $@

$(BUILD)/libdomat.a: $(ENGINE_OBJ)
	$(E) "  AR      $@"
	$(Q)rm -f $@ && ar rcs $@ $^

$(BUILD)/tool_help.h: $(OPTION_MD) cli/mkhelp.sh
	@mkdir -p $(BUILD)
	sh cli/mkhelp.sh cli/options > $@.tmp && mv $@.tmp $@

$(BUILD)/cli/%.o: cli/%.c $(wildcard cli/*.h) engine/domat.h $(BUILD)/tool_help.h
	@mkdir -p $(dir $@)
	$(E) "  CC      $<"
	$(Q)$(CC) $(CFLAGS) -iquote engine -I$(BUILD) -DDOMAT_DICTDIR='"$(DICTDIR)"' -c $< -o $@

$(BUILD)/domat: $(CLI_OBJ) $(BUILD)/libdomat.a
	$(E) "  LD      $@"
	$(Q)$(CC) $(LDFLAGS) -o $@ $(CLI_OBJ) $(BUILD)/libdomat.a $(LDLIBS)

$(BUILD)/tests/%: tests/%.c $(BUILD)/libdomat.a $(wildcard tests/*.h)
	@mkdir -p $(dir $@)
	$(E) "  CC      $<"
	$(Q)$(CC) $(CFLAGS) -iquote engine -iquote tests -DDOMAT_DICTDIR='"$(DICTDIR)"' \
	  -DDOMAT_SRCDIR='"$(CURDIR)"' $(LDFLAGS) -o $@ $< $(BUILD)/libdomat.a -lcmocka $(LDLIBS)

check-unit: $(TEST_BIN)
	@set -e; for t in $(TEST_BIN); do echo "== $$t"; $$t; done

check-e2e: $(BUILD)/domat
	DOMAT=$(BUILD)/domat bash tests/e2e_cli.sh

check: check-unit check-e2e

check-san:
	$(MAKE) SAN=1 check

valgrind: $(TEST_BIN)
	@set -e; for t in $(TEST_BIN); do echo "== valgrind $$t"; \
	  valgrind -q --error-exitcode=9 --leak-check=full --errors-for-leak-kinds=definite,indirect --suppressions=tests/valgrind.supp $$t; done

demo: $(BUILD)/domat
	@echo "== domat scan samples/ (text)"; \
	$(BUILD)/domat scan samples/ ; rc=$$?; \
	echo "== the same, as JSON"; \
	$(BUILD)/domat scan --format=json samples/ ; \
	echo "(exit status $$rc: 0 nothing found, 1 something found, 2 error)"; \
	test $$rc -le 1

bench: all
	bash bench/run

# ---- fuzzing (libFuzzer; tests/fuzz/README.md) ----
# The engine is rebuilt with clang and coverage instrumentation in build-fuzz/;
# each harness runs FUZZ_SECONDS with the memory and time limits the engine
# documents, seeded from the test fixtures. Crashes land in build-fuzz/crash-*.
FUZZ_SECONDS ?= 20
FUZZ_BUILD   := build-fuzz
FUZZ_SAN     := -fsanitize=address,undefined -fno-sanitize-recover=all
FUZZ_NAMES   := $(patsubst tests/fuzz/%.c,%,$(sort $(wildcard tests/fuzz/fuzz_*.c)))

fuzz-build:
	$(Q)$(MAKE) --no-print-directory BUILD=$(FUZZ_BUILD) CC=clang \
	  OPT="-O1 -g -fno-omit-frame-pointer -fsanitize=fuzzer-no-link $(FUZZ_SAN)" \
	  $(FUZZ_BUILD)/libdomat.a
	$(Q)for h in $(FUZZ_NAMES); do \
	  echo "  FUZZ    $$h"; \
	  clang -std=c11 -O1 -g -fsanitize=fuzzer $(FUZZ_SAN) -iquote engine -iquote tests/fuzz \
	    -DDOMAT_DICTDIR='"$(DICTDIR)"' tests/fuzz/$$h.c $(FUZZ_BUILD)/libdomat.a \
	    $(LDLIBS) -o $(FUZZ_BUILD)/$$h || exit 1; \
	done

fuzz: fuzz-build
	$(Q)bash tests/fuzz/run $(FUZZ_BUILD) $(FUZZ_SECONDS) $(FUZZ_NAMES)

clean:
	rm -rf build build-san build-fuzz

# The raw Hyperscan floor for make bench (bench/README.md): engine internals.
$(BUILD)/hsraw: bench/hsraw.c $(BUILD)/libdomat.a $(wildcard engine/*.h)
	$(CC) $(CFLAGS) -iquote engine $(LDFLAGS) -o $@ $< $(BUILD)/libdomat.a $(LDLIBS)

# ---- domatd: the daemon (daemon/, tests/daemon/, docs/domatd.md; issue #5) ----
# HTTP (libmicrohttpd), milter (libmilter) and clamd protocol front ends over
# one engine. The check page daemon/page.html is embedded with xxd -i.
# mi_control_startup is exported so libmilter's signal thread is replaced by
# domatd's own handling (daemon/milter.c says why).
# `make check-daemon` starts domatd, a private Postfix, clamdscan and headless
# Chromium on loopback only (tests/daemon/run.sh).
DAEMON_SRC  := $(sort $(wildcard daemon/*.c))
DAEMON_OBJ  := $(DAEMON_SRC:daemon/%.c=$(BUILD)/daemon/%.o)
DAEMON_LIBS := $(shell pkg-config --libs libmicrohttpd json-c 2>/dev/null) -lmilter
DEBIAN_PKGS += libmicrohttpd-dev libmilter-dev libjson-c-dev xxd curl postfix swaks \
               clamdscan chromium wrk fonts-dejavu-core

all: $(BUILD)/domatd

$(BUILD)/daemon/page_html.h: daemon/page.html
	@mkdir -p $(dir $@)
	$(E) "  XXD     $<"
	$(Q)xxd -i $< > $@.tmp && mv $@.tmp $@

$(BUILD)/daemon/%.o: daemon/%.c $(wildcard daemon/*.h) engine/domat.h $(BUILD)/daemon/page_html.h
	@mkdir -p $(dir $@)
	$(E) "  CC      $<"
	$(Q)$(CC) $(CFLAGS) -iquote engine -I$(BUILD)/daemon -DDOMAT_DICTDIR='"$(DICTDIR)"' -c $< -o $@

$(BUILD)/domatd: $(DAEMON_OBJ) $(BUILD)/libdomat.a
	$(E) "  LD      $@"
	$(Q)$(CC) $(LDFLAGS) -Wl,--export-dynamic-symbol=mi_control_startup -o $@ \
	  $(DAEMON_OBJ) $(BUILD)/libdomat.a $(DAEMON_LIBS) $(LDLIBS)

.PHONY: check-daemon
check-daemon: $(BUILD)/domatd $(BUILD)/domat
	DOMATD=$(BUILD)/domatd DOMAT=$(BUILD)/domat bash tests/daemon/run.sh

check: check-daemon
# ---- end of domatd ----

# ---- domat crawl and domat scan --warc (cli/crawl_*.c, cli/tool_crawl.c,
# cli/warc.c, tests/crawl/, docs/crawl.md; issue #6) ----
# The crawler links libcurl (multi interface, HTTP/2, gzip/br) and SQLite
# (the state file) into the domat command only; links are read with
# libxml2's HTML push parser and .warc.gz with zlib, both already linked.
# `make check-crawl` serves a small portal from python3's http.server on
# 127.0.0.1 and crawls it (tests/crawl/run.sh); its WARC test needs wget.
CRAWL_PKGS := libcurl sqlite3
CFLAGS     += $(patsubst -I%,-isystem %,$(shell pkg-config --cflags $(CRAWL_PKGS) 2>/dev/null))
$(BUILD)/domat: LDLIBS += $(shell pkg-config --libs $(CRAWL_PKGS) 2>/dev/null)
DEBIAN_PKGS += libcurl4-openssl-dev libsqlite3-dev wget

.PHONY: check-crawl
check-crawl: $(BUILD)/domat
	DOMAT=$(BUILD)/domat bash tests/crawl/run.sh

check: check-crawl
# ---- end of domat crawl ----
