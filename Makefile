# kam — build, test and demo.  `make` builds ./kam; `make test` runs every
# test (also under ASan+UBSan); `make demo` installs what is missing,
# builds, generates demo data and runs the shipped rules on it.

CC      ?= cc
CFLAGS  ?= -O2 -g
WARN     = -std=c11 -Wall -Wextra -Wpedantic -Wshadow -Wmissing-prototypes
GENWARN  = -std=c11 -Wno-unused-function -Wno-sign-compare
CPPFLAGS = -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -Iinclude -Iengine -Ibuild
LDLIBS   = -lsqlite3 -lm
BUILD   ?= build

ENGINE_SRC = $(filter-out engine/cli.c,$(wildcard engine/*.c))
ENGINE_OBJ = $(ENGINE_SRC:engine/%.c=$(BUILD)/%.o)
GEN_OBJ    = $(BUILD)/parser.o $(BUILD)/lexer.o

.PHONY: all test demo clean deps sanitize unit

all: kam

deps:
	@sh tests/install-deps.sh

$(BUILD)/parser.c $(BUILD)/parser.h: grammar/parser.y | $(BUILD)
	bison -Wall -Werror --defines=$(BUILD)/parser.h -o $(BUILD)/parser.c $<

$(BUILD)/lexer.c $(BUILD)/lexer.h: grammar/lexer.l | $(BUILD)
	flex --header-file=$(BUILD)/lexer.h -o $(BUILD)/lexer.c $<

$(BUILD):
	mkdir -p $(BUILD)

$(BUILD)/parser.o: $(BUILD)/parser.c $(BUILD)/lexer.h
	$(CC) $(CFLAGS) $(GENWARN) $(CPPFLAGS) -c -o $@ $<

$(BUILD)/lexer.o: $(BUILD)/lexer.c $(BUILD)/parser.h
	$(CC) $(CFLAGS) $(GENWARN) $(CPPFLAGS) -c -o $@ $<

$(BUILD)/%.o: engine/%.c engine/*.h include/kam.h $(BUILD)/parser.h $(BUILD)/lexer.h
	$(CC) $(CFLAGS) $(WARN) $(CPPFLAGS) -c -o $@ $<

$(BUILD)/libkam.a: $(ENGINE_OBJ) $(GEN_OBJ)
	rm -f $@
	ar rcs $@ $^

kam: $(BUILD)/cli.o $(BUILD)/libkam.a
	$(CC) $(CFLAGS) -o $@ $^ $(LDLIBS)

clean:
	rm -rf build kam
