# The pairs do not depend on how many candidates each mentee gives the
# solver (issue 19): every compatible pair listed, or a few a mentee and
# the rest priced in, the same report, pair for pair.  The canonical
# step chooses among the optimal pairings of the whole programme, so the
# last pricing pass hands it the pairs left out that the dual makes
# tight; before, with 1, 2 or 4 candidates, it chose among those listed
# only and gave other pairs (of the same total).  Also: the clocks of
# TANDEM_MATCH_CLOCKS go to standard error, not into the report.
. "$(dirname "$0")/lib.sh"

tandem -d demo.db demo --size 4000 --mentees 600 --mentors 400 \
    --capacity 2 >demo.txt
mgr=$(sed -n 's/.*programme manager:.*(.*, \(E[0-9]*\))$/\1/p' demo.txt)
P="Cap numérique"

# match [K[,R]]: the report without its time, into report-K.txt.
match() {
	TANDEM_MATCH_CANDIDATES=${1:-} tandem -d demo.db --as "$mgr" match \
	    --dry-run "$P" >"$out" 2>"$err"
	sed '2s/; computed in .*//' "$out" >"report-${1:-all}.txt"
}

match
contains "every pair listed: matched and certified" report-all.txt \
    "optimal: certified by the dual"
for k in 1 2 4 8 1,3 2,6; do
	match "$k"
	same "$k candidates a mentee: the same pairs" report-all.txt \
	    "report-$k.txt"
done

TANDEM_MATCH_CLOCKS=1 tandem -d demo.db --as "$mgr" match --dry-run "$P" \
    >"$out" 2>"$err"
sed '2s/; computed in .*//' "$out" >report-clocks.txt
same "the clocks leave the report as it is" report-all.txt report-clocks.txt
contains "the clocks on standard error" "$err" "match clocks: load "
contains "the clocks name the certificate" "$err" " certificate "
echo "1..$n"
