# kam — build, test and demo.  `make` builds ./kam; `make test` runs every
# test (also under ASan+UBSan); `make demo` installs what is missing,
# builds, generates demo data and runs the shipped rules on it.

CC      ?= cc
CFLAGS  ?= -O2 -g
PREFIX  ?= /usr/local
DESTDIR ?=
WARN     = -std=c11 -Wall -Wextra -Wpedantic -Wshadow -Wmissing-prototypes
GENWARN  = -std=c11 -Wno-unused-function -Wno-sign-compare
CPPFLAGS = -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -Iinclude -Iengine -Ibuild
LDLIBS   = -lsqlite3 -ljansson -lm -pthread
BUILD   ?= build

ENGINE_SRC = $(filter-out engine/cli.c,$(wildcard engine/*.c))
ENGINE_OBJ = $(ENGINE_SRC:engine/%.c=$(BUILD)/%.o)
GEN_OBJ    = $(BUILD)/parser.o $(BUILD)/lexer.o

.PHONY: all test demo clean deps check-asan fuzz valgrind install difftest

all: kam man/kam-language.7

deps:
	@sh tests/install-deps.sh

$(BUILD)/parser.c $(BUILD)/parser.h: grammar/parser.y | $(BUILD)
	bison -Wall -Werror --defines=$(BUILD)/parser.h -o $(BUILD)/parser.c $<

$(BUILD)/lexer.c $(BUILD)/lexer.h: grammar/lexer.l | $(BUILD)
	flex --header-file=$(BUILD)/lexer.h -o $(BUILD)/lexer.c $<

$(BUILD):
	mkdir -p $(BUILD)

$(BUILD)/parser.o: $(BUILD)/parser.c $(BUILD)/lexer.h Makefile
	$(CC) $(CFLAGS) -fPIC $(GENWARN) $(CPPFLAGS) -c -o $@ $<

$(BUILD)/lexer.o: $(BUILD)/lexer.c $(BUILD)/parser.h Makefile
	$(CC) $(CFLAGS) -fPIC $(GENWARN) $(CPPFLAGS) -c -o $@ $<

$(BUILD)/%.o: engine/%.c engine/*.h include/kam.h $(BUILD)/parser.h $(BUILD)/lexer.h Makefile
	$(CC) $(CFLAGS) -fPIC $(WARN) $(CPPFLAGS) -c -o $@ $<

$(BUILD)/libkam.a: $(ENGINE_OBJ) $(GEN_OBJ)
	rm -f $@
	ar rcs $@ $^

$(BUILD)/kam: $(BUILD)/cli.o $(BUILD)/libkam.a
	$(CC) $(CFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/libkam.so.0: $(ENGINE_OBJ) $(GEN_OBJ)
	$(CC) $(CFLAGS) -shared -Wl,-soname,libkam.so.0 -o $@ $^ $(LDLIBS)

# make install PREFIX=... [DESTDIR=...]: the command, the library (static and
# shared), the header, pkg-config, the man page, bash completion, rule packs.
install: kam $(BUILD)/libkam.a $(BUILD)/libkam.so.0 man/kam-language.7
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/lib/pkgconfig $(DESTDIR)$(PREFIX)/include \
	  $(DESTDIR)$(PREFIX)/share/man/man1 $(DESTDIR)$(PREFIX)/share/bash-completion/completions \
	  $(DESTDIR)$(PREFIX)/share/kam/examples
	install -m 755 kam $(DESTDIR)$(PREFIX)/bin/kam
	install -m 644 $(BUILD)/libkam.a $(DESTDIR)$(PREFIX)/lib/libkam.a
	install -m 755 $(BUILD)/libkam.so.0 $(DESTDIR)$(PREFIX)/lib/libkam.so.0
	ln -sf libkam.so.0 $(DESTDIR)$(PREFIX)/lib/libkam.so
	install -m 644 include/kam.h $(DESTDIR)$(PREFIX)/include/kam.h
	sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@VERSION@|'"$$(sed -n 's/^#define KAM_VERSION "\(.*\)"/\1/p' include/kam.h)"'|' \
	  kam.pc.in > $(DESTDIR)$(PREFIX)/lib/pkgconfig/kam.pc
	install -m 644 man/kam.1 $(DESTDIR)$(PREFIX)/share/man/man1/kam.1
	install -D -m 644 man/kam-language.7 $(DESTDIR)$(PREFIX)/share/man/man7/kam-language.7
	install -m 644 completions/kam.bash $(DESTDIR)$(PREFIX)/share/bash-completion/completions/kam
	cp -R rules $(DESTDIR)$(PREFIX)/share/kam/rules
	install -m 644 examples/embed.c $(DESTDIR)$(PREFIX)/share/kam/examples/embed.c

# The language reference as a man page, made from docs/language.md (awk
# under LC_ALL=C reads bytes, which the converter needs for its \[uXXXX]).
man/kam-language.7: docs/language.md tools/md2man.awk include/kam.h
	LC_ALL=C awk -v name=kam-language \
	  -v version="$$(sed -n 's/^#define KAM_VERSION "\(.*\)"/\1/p' include/kam.h)" \
	  -f tools/md2man.awk docs/language.md > $@.tmp && mv -f $@.tmp $@

kam: $(BUILD)/kam
	cp $< $@.tmp && mv -f $@.tmp $@

# kamgen, the demo-data generator: its own files, the engine's calendar
# (libkam), and rules/key_accounts/schema.sql -- the one copy of the demo
# schema, which is also the rule pack's reference schema for kam check -- as a
# C string made at build time (each line quoted; backslash, quote and '?'
# escaped, the last against trigraphs).  -I$(BUILD) comes first so that an
# other BUILD (build/asan) uses its own copy.
KAMGEN_SRC = $(wildcard demo/*.c)

$(BUILD)/demo_schema.h: rules/key_accounts/schema.sql Makefile | $(BUILD)
	{ echo '/* Generated from rules/key_accounts/schema.sql by the Makefile; do not edit. */'; \
	  echo 'static const char schema_sql[] ='; \
	  sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/?/\\?/g' -e 's/^/    "/' -e 's/$$/\\n"/' $<; \
	  echo '    ;'; } > $@.tmp && mv -f $@.tmp $@

$(BUILD)/kamgen: $(KAMGEN_SRC) demo/kamgen.h $(BUILD)/demo_schema.h $(BUILD)/libkam.a
	$(CC) $(CFLAGS) $(WARN) -I$(BUILD) $(CPPFLAGS) -o $@ $(KAMGEN_SRC) $(BUILD)/libkam.a $(LDLIBS)

# The differential test: kam against SQLite on generated data and rules.
DIFFTEST_SRC = $(wildcard tests/difftest/*.c)

$(BUILD)/difftest: $(DIFFTEST_SRC) tests/difftest/difftest.h | $(BUILD)
	$(CC) $(CFLAGS) $(WARN) $(CPPFLAGS) -o $@ $(DIFFTEST_SRC) $(LDLIBS)

# make difftest SEEDS=N [ONLY=keys,aggregates]: N programs; failing cases and
# shrunk reproductions land in build/difftest-out.
SEEDS ?= 1000
difftest: kam $(BUILD)/difftest
	$(BUILD)/difftest --kam ./kam --seeds $(SEEDS) $(if $(ONLY),--only $(ONLY)) --minimise 5 --out build/difftest-out

# The scripted LSP client that tests/cli/lsp.sh and bench/lsp_latency.sh drive kam lsp with.
$(BUILD)/lsp_client: tests/lsp/lsp_client.c | $(BUILD)
	$(CC) $(CFLAGS) $(WARN) $(CPPFLAGS) -o $@ $<

UNIT_TESTS = $(patsubst tests/unit/%.c,$(BUILD)/unit/%,$(wildcard tests/unit/*.c))

$(BUILD)/unit/%: tests/unit/%.c tests/unit/check.h $(BUILD)/libkam.a
	@mkdir -p $(BUILD)/unit
	$(CC) $(CFLAGS) $(WARN) $(CPPFLAGS) -o $@ $< $(BUILD)/libkam.a $(LDLIBS)

# The whole suite, on a normal build and on an ASan+UBSan build.
ASAN_FLAGS = -O1 -g -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer

test: deps kam $(UNIT_TESTS) $(BUILD)/kamgen $(BUILD)/difftest $(BUILD)/lsp_client
	UNIT_BINS="$(UNIT_TESTS)" KAMGEN=$(BUILD)/kamgen DIFFTEST=$(BUILD)/difftest LSP_CLIENT=$(BUILD)/lsp_client tests/run.sh ./kam
	$(MAKE) --no-print-directory check-asan

check-asan:
	$(MAKE) --no-print-directory BUILD=build/asan CFLAGS="$(ASAN_FLAGS)" build/asan/kam \
	  $(patsubst tests/unit/%.c,build/asan/unit/%,$(wildcard tests/unit/*.c)) build/asan/kamgen build/asan/difftest build/asan/lsp_client
	ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
	  UNIT_BINS="$(patsubst tests/unit/%.c,build/asan/unit/%,$(wildcard tests/unit/*.c))" \
	  KAMGEN=build/asan/kamgen DIFFTEST=build/asan/difftest LSP_CLIENT=build/asan/lsp_client DIFFTEST_SEEDS=50 tests/run.sh build/asan/kam

# The suite with kam under valgrind (memory errors and leaks fail a test).
# The two load tests (100,000-account kills, 9,000-account thread runs) are
# left to `make test`, where they run under ASan: valgrind would take hours.
valgrind: deps kam $(UNIT_TESTS) $(BUILD)/kamgen
	@command -v valgrind >/dev/null || apt-get install -y -qq valgrind >/dev/null
	for u in $(UNIT_TESTS); do valgrind --quiet --error-exitcode=99 --leak-check=full $$u || exit 1; done
	SLOW_TESTS=skip KAMGEN=$(BUILD)/kamgen tests/run.sh tests/valgrind-kam.sh

# Fuzzing (clang's libFuzzer): each target for FUZZ_SECONDS, seeded from the
# tests' rule files; crashes are kept in build/fuzz/ to become regression tests.
FUZZ_SECONDS ?= 60
FUZZ_FLAGS = -O1 -g -fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer

fuzz:
	$(MAKE) --no-print-directory BUILD=build/fuzz CC=clang CFLAGS="$(FUZZ_FLAGS)" build/fuzz/libkam.a
	for t in rules eval; do \
	  clang $(FUZZ_FLAGS) -fsanitize=fuzzer $(CPPFLAGS) -o build/fuzz/fuzz_$$t tests/fuzz/fuzz_$$t.c \
	    build/fuzz/libkam.a $(LDLIBS) || exit 1; \
	done
	mkdir -p build/fuzz/corpus_rules build/fuzz/corpus_eval build/fuzz/crashes
	cp tests/diag/*.kam tests/eval/*.kam tests/fmt/*.kam rules/key_accounts/*.kam tests/fuzz/regressions/*.kam \
	  build/fuzz/corpus_rules/ 2>/dev/null || true
	for t in rules eval; do \
	  build/fuzz/fuzz_$$t -max_total_time=$(FUZZ_SECONDS) -timeout=10 -rss_limit_mb=2048 \
	    -artifact_prefix=build/fuzz/crashes/ -print_final_stats=1 build/fuzz/corpus_$$t || exit 1; \
	done

# The demo: ~10,000 generated accounts, the shipped rules, the summary.
DEMO_DB = build/demo.db
DEMO_AS_OF = 2026-11-27

$(DEMO_DB): $(BUILD)/kamgen
	$(BUILD)/kamgen --out $@ --accounts 10000 --seed 1 --force

demo: deps kam $(DEMO_DB)
	./kam check --db $(DEMO_DB) rules/key_accounts
	./kam run --db $(DEMO_DB) --as-of $(DEMO_AS_OF) rules/key_accounts
	@echo
	@echo "Results are in $(DEMO_DB) (tables kam_*).  Try:"
	@echo "  sqlite3 $(DEMO_DB) 'SELECT alert, message FROM kam_alerts LIMIT 10'"

clean:
	rm -rf build kam man/kam-language.7
