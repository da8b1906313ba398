# cns: see README.md. Non-recursive: every rule is in this file.

VERSION := 0.1.0

PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
MANDIR ?= $(PREFIX)/share/man
BASHCOMPDIR ?= $(PREFIX)/share/bash-completion/completions
DESTDIR ?=

B := build

# Libraries are found through pkg-config. These are recursive variables, so that
# "make deps" works on a machine that has no pkg-config yet.
PKGS := libproc2 smartcols libcjson libmnl libcap
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS))
PKG_LIBS = $(shell pkg-config --libs $(PKGS)) -lm
CMOCKA_LIBS = $(shell pkg-config --libs cmocka)

CFLAGS ?= -O2 -g
WARNINGS := -Wall -Wextra -Werror -Wshadow -Wmissing-prototypes -Wno-unused-parameter
CNS_CFLAGS = -std=gnu11 $(WARNINGS) -D_GNU_SOURCE -DCNS_VERSION='"$(VERSION)"' \
	-Icommon -Itools -MMD -MP $(PKG_CFLAGS)

# Debian packages needed to build, test and benchmark.
DEB_PACKAGES := gcc make pkg-config libproc2-dev libsmartcols-dev libcjson-dev \
	libncurses-dev libmnl-dev libcap-dev libcmocka-dev bats jq iproute2 procps \
	util-linux clang-format hyperfine mandoc time

COMMON_SRC := $(wildcard common/*.c)
COMMON_OBJ := $(COMMON_SRC:%.c=$(B)/%.o)
LIBCNS := $(B)/libcns.a

CLI_OBJ := $(B)/tools/cli.o
CNS_SRC := $(wildcard tools/cns/*.c)
CNS_OBJ := $(CNS_SRC:%.c=$(B)/%.o)

# The cgroup tools: one directory each under tools/, sharing the target options of cgtarget.c
# and the setting names and messages of cgkey.c.
CG_TOOLS := $(patsubst tools/%/,%,$(wildcard tools/cg*/))
CG_TOOL_OBJ := $(patsubst %.c,$(B)/%.o,$(foreach t,$(CG_TOOLS),$(wildcard tools/$(t)/*.c)))
CG_SHARED_OBJ := $(B)/tools/cgtarget.o $(B)/tools/cgkey.o

TOOLS := $(B)/cns $(addprefix $(B)/,$(CG_TOOLS))

UNIT_SRC := $(wildcard tests/unit/test_*.c)
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(B)/tests/unit/%)

.PHONY: all check check-unit check-cli deps install uninstall format clean
.DEFAULT_GOAL := all

all: $(TOOLS)

$(B)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CNS_CFLAGS) $(CFLAGS) -c -o $@ $<

$(LIBCNS): $(COMMON_OBJ)
	@rm -f $@
	$(AR) rcs $@ $^

$(B)/cns: $(CNS_OBJ) $(CLI_OBJ) $(LIBCNS)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(PKG_LIBS) $(LDLIBS)

define cg_tool_rule
$(B)/$(1): $(patsubst %.c,$(B)/%.o,$(wildcard tools/$(1)/*.c)) $(CLI_OBJ) $(CG_SHARED_OBJ) $(LIBCNS)
	$$(CC) $$(CFLAGS) $$(LDFLAGS) -o $$@ $$^ $$(PKG_LIBS) $$(LDLIBS)
endef
$(foreach t,$(CG_TOOLS),$(eval $(call cg_tool_rule,$(t))))

$(B)/tests/unit/%: $(B)/tests/unit/%.o $(LIBCNS)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(PKG_LIBS) $(CMOCKA_LIBS) $(LDLIBS)

# "make check" prints every result and ends with one line: N passed, N failed.
check: $(TOOLS) $(UNIT_BIN)
	@tests/run $(UNIT_BIN) -- tests/cli

check-unit: $(UNIT_BIN)
	@tests/run $(UNIT_BIN) --

check-cli: $(TOOLS)
	@tests/run -- tests/cli

deps:
	@missing=$$(for p in $(DEB_PACKAGES); do \
		dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q '^install ok installed$$' || echo $$p; \
	done); \
	if [ -n "$$missing" ]; then \
		echo "Installing:" $$missing; \
		apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $$missing; \
	fi

install: $(TOOLS)
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(BASHCOMPDIR)
	install -m 0755 $(TOOLS) $(DESTDIR)$(BINDIR)/
	install -m 0644 man/*.1 $(DESTDIR)$(MANDIR)/man1/
	for f in completions/*.bash; do \
		install -m 0644 $$f $(DESTDIR)$(BASHCOMPDIR)/$$(basename $$f .bash); \
	done

uninstall:
	rm -f $(TOOLS:$(B)/%=$(DESTDIR)$(BINDIR)/%)
	rm -f $(patsubst man/%,$(DESTDIR)$(MANDIR)/man1/%,$(wildcard man/*.1))
	rm -f $(patsubst completions/%.bash,$(DESTDIR)$(BASHCOMPDIR)/%,$(wildcard completions/*.bash))

format:
	clang-format -i $(wildcard common/*.[ch] tools/*.[ch] tools/*/*.[ch] tests/unit/*.[ch] bench/*.c)

clean:
	rm -rf $(B)

-include $(COMMON_OBJ:.o=.d) $(CNS_OBJ:.o=.d) $(CLI_OBJ:.o=.d) $(CG_TOOL_OBJ:.o=.d) \
	$(CG_SHARED_OBJ:.o=.d) $(UNIT_BIN:=.d)
