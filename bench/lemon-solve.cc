// LEMON's NetworkSimplex on the instances of bench/lap.py: an anchor of
// bench/README.md, built only when liblemon-dev is installed.
//
// Usage: lemon-solve dense FILE NROWS NCOLS SEATS
//        lemon-solve sparse PREFIX NROWS NCOLS
//
// dense: FILE holds NROWS x NCOLS int32 costs, raw, row-major (numpy's
// tofile()); every row takes one of the SEATS seats of a column, at least
// cost (rows <= seats).  sparse: PREFIX-rowptr.bin (int64, NROWS + 1),
// PREFIX-col.bin and PREFIX-cost.bin (int32), PREFIX-cap.bin (int32,
// NCOLS): most rows first, then least cost, as tdm_lap_sparse() (a
// "left out" node reached from every row at a cost above any saving).
// Prints {"objective": N, "assigned": A, "seconds": S, "build": B}: S
// the NetworkSimplex run alone, B the time to build the graph.
#include <lemon/network_simplex.h>
#include <lemon/smart_graph.h>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <vector>

using namespace lemon;
typedef NetworkSimplex<SmartDigraph, long long, long long> Simplex;

template <class T> static std::vector<T>
slurp(const std::string &path, size_t n)
{
	std::vector<T> v(n);
	FILE *f = std::fopen(path.c_str(), "rb");

	if (f == nullptr || std::fread(v.data(), sizeof(T), n, f) != n) {
		std::fprintf(stderr, "lemon-solve: cannot read %s\n",
		    path.c_str());
		std::exit(1);
	}
	std::fclose(f);
	return v;
}

static double
now()
{
	return std::chrono::duration<double>(
	    std::chrono::steady_clock::now().time_since_epoch()).count();
}

int
main(int argc, char *argv[])
{
	if (argc < 5) {
		std::fprintf(stderr, "usage: lemon-solve dense FILE NROWS "
		    "NCOLS SEATS | sparse PREFIX NROWS NCOLS\n");
		return 2;
	}
	std::string kind = argv[1], path = argv[2];
	long nr = std::atol(argv[3]), nc = std::atol(argv[4]);
	bool dense = kind == "dense";
	std::vector<int32_t> cost, col, cap;
	std::vector<int64_t> rowptr;
	long long big = 0;

	if (dense) {
		cost = slurp<int32_t>(path, (size_t)nr * nc);
		cap.assign(nc, argc > 5 ? std::atoi(argv[5]) : 1);
	} else {
		rowptr = slurp<int64_t>(path + "-rowptr.bin", nr + 1);
		col = slurp<int32_t>(path + "-col.bin", rowptr[nr]);
		cost = slurp<int32_t>(path + "-cost.bin", rowptr[nr]);
		cap = slurp<int32_t>(path + "-cap.bin", nc);
		long long lo = 0, hi = 0;
		for (int32_t c : cost) {
			lo = c < lo ? c : lo;
			hi = c > hi ? c : hi;
		}
		big = (hi - lo + 1) * (long long)(nr + 1);
	}
	double t0 = now();
	SmartDigraph g;
	size_t narcs = dense ? (size_t)nr * nc : (size_t)rowptr[nr] + nr;
	g.reserveNode(nr + nc + 1);
	g.reserveArc(narcs);
	std::vector<SmartDigraph::Node> rn(nr), cn(nc);
	for (long i = 0; i < nr; i++)
		rn[i] = g.addNode();
	for (long j = 0; j < nc; j++)
		cn[j] = g.addNode();
	SmartDigraph::Node none = g.addNode();
	SmartDigraph::ArcMap<long long> w(g);
	SmartDigraph::NodeMap<long long> sup(g);
	long long seats = 0;
	for (long i = 0; i < nr; i++)
		sup[rn[i]] = 1;
	for (long j = 0; j < nc; j++) {
		sup[cn[j]] = -cap[j];
		seats += cap[j];
	}
	sup[none] = dense ? 0 : -nr;
	for (long i = 0; i < nr; i++) {
		if (dense) {
			for (long j = 0; j < nc; j++)
				w[g.addArc(rn[i], cn[j])] =
				    cost[(size_t)i * nc + j];
			continue;
		}
		for (int64_t e = rowptr[i]; e < rowptr[i + 1]; e++)
			w[g.addArc(rn[i], cn[col[e]])] = cost[e];
		w[g.addArc(rn[i], none)] = big;
	}
	Simplex ns(g);
	ns.costMap(w).supplyMap(sup).supplyType(Simplex::GEQ);
	SmartDigraph::ArcMap<long long> upper(g, 1);
	ns.upperMap(upper);
	double t1 = now();
	Simplex::ProblemType r = ns.run();
	double t2 = now();
	if (r != Simplex::OPTIMAL) {
		std::fprintf(stderr, "lemon-solve: not optimal (%d)\n", (int)r);
		return 1;
	}
	long long obj = 0;
	long assigned = 0;
	for (SmartDigraph::ArcIt a(g); a != INVALID; ++a)
		if (ns.flow(a) > 0 && g.target(a) != none) {
			obj += w[a];
			assigned++;
		}
	std::printf("{\"objective\": %lld, \"assigned\": %ld, "
	    "\"seconds\": %.6f, \"build\": %.6f}\n", obj, assigned, t2 - t1,
	    t1 - t0);
	return 0;
}
