# cns: see README.md. Non-recursive: every rule is in this file.

VERSION := 0.1.0

PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
MANDIR ?= $(PREFIX)/share/man
BASHCOMPDIR ?= $(PREFIX)/share/bash-completion/completions
ZSHCOMPDIR ?= $(PREFIX)/share/zsh/site-functions
FISHCOMPDIR ?= $(PREFIX)/share/fish/vendor_completions.d
DESTDIR ?=

# The build directory. "make SANITIZE=address,undefined" builds with those sanitizers into
# build-sanitize/, and "make FUZZ=1" builds the libFuzzer targets with clang into build-fuzz/,
# so that neither overwrites the normal build.
B := build
ifdef SANITIZE
B := build-sanitize
# GCC 12's runtime of ASan with UBSan writes UBSan reports to stderr whatever log_path says, and
# tests/run finds reports by their log files.
CC := clang-14
endif
ifdef FUZZ
B := build-fuzz
CC := clang-14
endif

# tools/cli.c prints VERSION, which it gets from -DCNS_VERSION, and make does not see a change
# of a flag. So $(B)/version holds the VERSION of the last build, rewritten whenever the two
# differ, and cli.o depends on it.
VERSION_FILE := $(B)/version
ifneq ($(file < $(VERSION_FILE)),$(VERSION))
$(shell mkdir -p $(B) && printf '%s' '$(VERSION)' >$(VERSION_FILE))
endif

# Libraries are found through pkg-config. These are recursive variables, so that
# "make deps" works on a machine that has no pkg-config yet.
PKGS := libproc2 smartcols libcjson libmnl libcap
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS))
# libproc2 is not linked: common/proc.c opens it with dlopen when a tool first reads the
# process table, so that the tools that never do are spared loading it and libsystemd.
PKG_LIBS = $(shell pkg-config --libs $(filter-out libproc2,$(PKGS))) -lm
CMOCKA_LIBS = $(shell pkg-config --libs cmocka)

CFLAGS ?= -O2 -g
ifdef SANITIZE
# -fno-sanitize-recover makes each UBSan check end the process, as an ASan report does.
override CFLAGS += -fsanitize=$(SANITIZE) -fno-sanitize-recover=all -fno-omit-frame-pointer
endif
ifdef FUZZ
# The library is instrumented for coverage, and the fuzz targets link libFuzzer's main.
override CFLAGS += -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all \
	-fno-omit-frame-pointer
endif
WARNINGS := -Wall -Wextra -Werror -Wshadow -Wmissing-prototypes -Wno-unused-parameter
CNS_CFLAGS = -std=gnu11 $(WARNINGS) -D_GNU_SOURCE -DCNS_VERSION='"$(VERSION)"' \
	-Icommon -Itools -MMD -MP $(PKG_CFLAGS)

# Debian packages needed to build, test and benchmark.
DEB_PACKAGES := gcc make pkg-config libproc2-dev libsmartcols-dev libcjson-dev \
	libncurses-dev libmnl-dev libcap-dev libcmocka-dev bats jq iproute2 procps \
	util-linux clang-format hyperfine mandoc man-db time valgrind clang-14 libclang-rt-14-dev \
	qemu-system-x86 cpio busybox-static bubblewrap tmux curl zsh fish strace

COMMON_SRC := $(wildcard common/*.c)
COMMON_OBJ := $(COMMON_SRC:%.c=$(B)/%.o)
LIBCNS := $(B)/libcns.a

# The helpers of every tool: messages and option parsing, and the --container lookup.
CLI_OBJ := $(B)/tools/cli.o $(B)/tools/ctlookup.o
CNS_SRC := $(wildcard tools/cns/*.c)
CNS_OBJ := $(CNS_SRC:%.c=$(B)/%.o)

# The cgroup tools: one directory each under tools/, sharing the target options of cgtarget.c
# and the setting names and messages of cgkey.c.
CG_TOOLS := $(patsubst tools/%/,%,$(wildcard tools/cg*/))
CG_TOOL_OBJ := $(patsubst %.c,$(B)/%.o,$(foreach t,$(CG_TOOLS),$(wildcard tools/$(t)/*.c)))
CG_SHARED_OBJ := $(B)/tools/cgtarget.o $(B)/tools/cgkey.o

# Libraries that one cgroup tool alone links: cgtop draws its full screen with ncursesw.
cgtop_PKGS := ncursesw

TOOLS := $(B)/cns $(addprefix $(B)/,$(CG_TOOLS))

UNIT_SRC := $(wildcard tests/unit/test_*.c)
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(B)/tests/unit/%)

FUZZ_SRC := $(wildcard tests/fuzz/fuzz_*.c)
FUZZ_BIN := $(FUZZ_SRC:tests/fuzz/%.c=$(B)/tests/fuzz/%)

.PHONY: all check check-host check-unit check-cli check-sanitize check-valgrind check-vm fuzz \
	fuzz-build deps install uninstall format clean
.DEFAULT_GOAL := all

all: $(TOOLS)

$(B)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CNS_CFLAGS) $(CFLAGS) -c -o $@ $<

# Writes the version file again when "make clean all" removed it after the check above.
$(VERSION_FILE):
	@mkdir -p $(dir $@)
	printf '%s' '$(VERSION)' >$@

$(B)/tools/cli.o: $(VERSION_FILE)

$(LIBCNS): $(COMMON_OBJ)
	@rm -f $@
	$(AR) rcs $@ $^

$(B)/cns: $(CNS_OBJ) $(CLI_OBJ) $(LIBCNS)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(PKG_LIBS) $(LDLIBS)

define cg_tool_rule
$(B)/$(1): $(patsubst %.c,$(B)/%.o,$(wildcard tools/$(1)/*.c)) $(CLI_OBJ) $(CG_SHARED_OBJ) $(LIBCNS)
	$$(CC) $$(CFLAGS) $$(LDFLAGS) -o $$@ $$^ $$(PKG_LIBS) \
		$$(if $$($(1)_PKGS),$$(shell pkg-config --libs $$($(1)_PKGS))) $$(LDLIBS)
endef
$(foreach t,$(CG_TOOLS),$(eval $(call cg_tool_rule,$(t))))

$(B)/tests/unit/%: $(B)/tests/unit/%.o $(LIBCNS)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(PKG_LIBS) $(CMOCKA_LIBS) $(LDLIBS)

$(B)/tests/fuzz/%: $(B)/tests/fuzz/%.o $(LIBCNS)
	$(CC) $(CFLAGS) -fsanitize=fuzzer $(LDFLAGS) -o $@ $^ $(PKG_LIBS) $(LDLIBS)

# The tests run the tools of $(B), which tests/cli/helpers.bash finds through CNS_BUILD_DIR. In a
# sanitized build, tests/run fails a suite for each sanitizer report that its programs wrote.
RUN_TESTS = CNS_BUILD_DIR=$(abspath $(B)) tests/run \
	$(if $(SANITIZE),--sanitizer-logs $(B)/sanitizer-logs)

# The parts of "make check". Each runs tests/run once, and tests/check adds up their counts.
# check-vm runs beside the others, because its guests take one CPU each for most of an hour;
# the tools and tests are built first, so that the makes of two parts never build one file.
CHECK_PARTS := --background check-vm check-host check-sanitize check-valgrind

# "make check" prints every result and ends with one line for all parts: N passed, N failed.
# With SANITIZE set, it runs the host suite alone, with the sanitized build.
ifdef SANITIZE
check: check-host
else
check: $(TOOLS) $(UNIT_BIN)
	@MAKE='$(MAKE)' tests/check $(CHECK_PARTS)
endif

check-host: $(TOOLS) $(UNIT_BIN)
	@$(RUN_TESTS) $(UNIT_BIN) -- tests/cli

check-unit: $(UNIT_BIN)
	@$(RUN_TESTS) $(UNIT_BIN) --

check-cli: $(TOOLS)
	@$(RUN_TESTS) -- tests/cli

check-sanitize:
	@$(MAKE) --no-print-directory SANITIZE=address,undefined check-host

# The command-line tests in qemu guests with a pure cgroup v2 and a pure cgroup v1 layout, on
# Debian's kernel: see tests/vm/README.md.
VM_LAYOUTS := v2 v1
check-vm: $(TOOLS)
	@$(RUN_TESTS) $(addprefix --vm ,$(VM_LAYOUTS)) --

# Unit tests under memcheck. Forked children are checked too, and an error there changes the
# child's exit status, which the live tests check. A child that runs exec(2) leaves valgrind
# (--trace-children=no).
VALGRIND := valgrind --quiet --error-exitcode=99 --leak-check=full --show-leak-kinds=definite \
	--errors-for-leak-kinds=definite --trace-children=no --suppressions=tests/valgrind.supp
check-valgrind: $(UNIT_BIN)
	@$(RUN_TESTS) --wrap '$(VALGRIND)' $(UNIT_BIN) --

# "make fuzz SECONDS=N" runs each libFuzzer target of tests/fuzz for N seconds, and
# "make fuzz RUNS=N" for N inputs. New inputs go to build-fuzz/corpus, crashes to build-fuzz/crashes.
SECONDS ?= 10
RUNS ?=
ifdef FUZZ
fuzz-build: $(FUZZ_BIN)
else
fuzz-build:
	@$(MAKE) --no-print-directory FUZZ=1 fuzz-build
endif

fuzz: fuzz-build
	@tests/fuzz/run $(if $(RUNS),-n $(RUNS),-t $(SECONDS)) \
		$(FUZZ_SRC:tests/fuzz/%.c=build-fuzz/tests/fuzz/%)

deps:
	@missing=$$(for p in $(DEB_PACKAGES); do \
		dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q '^install ok installed$$' || echo $$p; \
	done); \
	if [ -n "$$missing" ]; then \
		echo "Installing:" $$missing; \
		apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $$missing; \
	fi

# What "make install" copies besides the tools: for each kind, the files of the tree, the pattern
# of their names, and the installed path that the pattern makes of each. The lists are
# wildcards, so a page or completion added to the tree is installed without a change here. zsh
# loads the completion of NAME from a file "_NAME" in $fpath.
INSTALL_KINDS := man1 man7 bash zsh fish
man1_FILES := $(wildcard man/*.1)
man1_FROM := man/%
man1_TO = $(DESTDIR)$(MANDIR)/man1/%
man7_FILES := $(wildcard man/*.7)
man7_FROM := man/%
man7_TO = $(DESTDIR)$(MANDIR)/man7/%
bash_FILES := $(wildcard completions/*.bash)
bash_FROM := completions/%.bash
bash_TO = $(DESTDIR)$(BASHCOMPDIR)/%
zsh_FILES := $(wildcard completions/*.zsh)
zsh_FROM := completions/%.zsh
zsh_TO = $(DESTDIR)$(ZSHCOMPDIR)/_%
fish_FILES := $(wildcard completions/*.fish)
fish_FROM := completions/%.fish
fish_TO = $(DESTDIR)$(FISHCOMPDIR)/%.fish

# $(call installed_paths,KIND): the installed path of each file of KIND.
installed_paths = $(patsubst $($(1)_FROM),$($(1)_TO),$($(1)_FILES))
# $(call install_kind,KIND): a command that installs each file of KIND with mode 0644, after
# creating its directory, or nothing when the tree has no file of KIND.
install_kind = $(if $($(1)_FILES),install -d $(dir $(firstword $(call installed_paths,$(1)))) \
	$(foreach f,$($(1)_FILES),&& install -m 0644 $(f) $(patsubst $($(1)_FROM),$($(1)_TO),$(f))))

# The tools are installed from $(B); tests/cli/install.bats sets B to the build directory that
# it tests. uninstall removes each file that install copies from this tree and leaves the
# directories, which other packages may share.
install: $(TOOLS)
	install -d $(DESTDIR)$(BINDIR)
	install -m 0755 $(TOOLS) $(DESTDIR)$(BINDIR)/
	$(call install_kind,man1)
	$(call install_kind,man7)
	$(call install_kind,bash)
	$(call install_kind,zsh)
	$(call install_kind,fish)

uninstall:
	rm -f $(TOOLS:$(B)/%=$(DESTDIR)$(BINDIR)/%) \
		$(foreach kind,$(INSTALL_KINDS),$(call installed_paths,$(kind)))

format:
	clang-format -i $(wildcard common/*.[ch] tools/*.[ch] tools/*/*.[ch] tests/unit/*.[ch] bench/*.c)

clean:
	rm -rf build build-sanitize build-fuzz

-include $(COMMON_OBJ:.o=.d) $(CNS_OBJ:.o=.d) $(CLI_OBJ:.o=.d) $(CG_TOOL_OBJ:.o=.d) \
	$(CG_SHARED_OBJ:.o=.d) $(UNIT_BIN:=.d) $(FUZZ_BIN:=.d)
