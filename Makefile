# The two commands of the README, and a few more.  Meson does the
# building; this file only strings the steps together.
#
#   make         build build/tandem
#   make check   install what is missing, build, run every suite twice
#                (plain, then ASan+UBSan), and the CLI, golden, API and
#                browser suites on PostgreSQL; ends with "N passed, N failed"
#   make check-pg  the same without the sanitized build
#   make demo    install, build, make a demonstration organisation and
#                serve it on http://$(LISTEN)/ until Ctrl-C
#   make fuzz    run every fuzzer for FUZZ_SECONDS each (default 60)
#   make bench   the import benchmark of bench/README.md
#   make bench-http  the HTTP load benchmark (wrk against tandem serve)

BUILD = build
ASAN = build-asan
FUZZ_SECONDS = 60
DEMO_DB = demo.db
LISTEN = 127.0.0.1:8080

all: $(BUILD)/build.ninja
	ninja -C $(BUILD)

$(BUILD)/build.ninja:
	meson setup $(BUILD)

# -O1, as the sanitizers' documentation advises: the same checks, and
# make check's sanitized run takes far less (test_solver 230 s -> 44 s,
# test_nomem 576 s -> 342 s).
$(ASAN)/build.ninja:
	meson setup $(ASAN) -Db_sanitize=address,undefined -Db_lundef=false \
	    -Dbuildtype=debug -Doptimization=1

check:
	scripts/deps.sh check
	$(MAKE) all
	$(MAKE) $(ASAN)/build.ninja
	ninja -C $(ASAN)
	tests/run $(BUILD) $(ASAN)

# The plain build's suites, then the CLI, golden, API and browser suites
# on PostgreSQL (issue 18), in one throwaway cluster: make check without
# the sanitized build.
check-pg:
	scripts/deps.sh check
	$(MAKE) all
	TANDEM_PG_SUITES="pg-cli pg-golden pg-api pg-browser" tests/run $(BUILD)

demo:
	scripts/deps.sh demo
	$(MAKE) all
	rm -f $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm
	rm -rf demo-mail
	$(BUILD)/tandem -d $(DEMO_DB) demo
	$(BUILD)/tandem -d $(DEMO_DB) mail send
	@echo "The messages are in the Maildir demo-mail/ (no relay is configured):"
	@echo "open it with any mail client, for instance: mutt -f demo-mail"
	@echo
	@echo "Open http://$(LISTEN)/ and sign in with one of the accounts above."
	$(BUILD)/tandem -d $(DEMO_DB) serve --listen $(LISTEN)

fuzz:
	scripts/deps.sh fuzz
	scripts/fuzz.sh $(FUZZ_SECONDS)

bench:
	scripts/deps.sh bench
	$(MAKE) all
	bench/import.sh

bench-http:
	scripts/deps.sh bench
	$(MAKE) all
	bench/http.sh

clean:
	rm -rf $(BUILD) $(ASAN) build-fuzz

.PHONY: all check check-pg demo fuzz bench bench-http clean
