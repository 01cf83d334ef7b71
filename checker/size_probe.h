// The size of a DPOR search estimated before it runs, from random probes (Knuth, "Estimating the
// efficiency of backtrack programs", Math. Comp. 1975, applied to interleavings divided by their
// equivalence classes).
//
// A probe is one execution under a random schedule with no sleep sets: at each step a thread
// drawn uniformly from the enabled ones, each data choice drawn uniformly from its n values. An
// interleaving sigma is then reached with probability 1/W(sigma), where W is the product of the
// number of enabled threads over the steps and of n over the data choices. After the probe,
// L = the number of interleavings of its Mazurkiewicz trace: the linear extensions of its
// happens-before (RaceAnalyzer's, under the dependence DPOR uses) in which no two threads hold
// one lock at once. The sample is W / L, and
//   E[W / L] = sum over interleavings sigma of 1 / L(class of sigma) = the number of classes,
// which is what optimal DPOR runs as complete executions. The mean over the probes is unbiased,
// and exact whenever every probe gives the same value (uniform trees: N independent threads, N
// threads incrementing one word, N threads each locking one lock to write their own variable).
//
// Where it is off: L counts linear extensions of happens-before with mutual exclusion of locks;
// a blocking the happens-before does not capture (an await whose condition a reordering would
// break, a grace period waiting on a section it does not conflict with) makes L count orders
// that cannot run, so W/L comes out low for that probe. The lock-aware search is not optimal for
// its coarser equivalence (checker/README.md): it may run more executions than the estimate says.
// A probe that ends at a violation (it runs on past it, as a search collecting violations does)
// counts what it reached.
//
// Deterministic: probe i draws from a generator seeded with a fixed constant plus i, so the
// figure depends on the program and the bounds alone. Counting is a dynamic program over the
// downsets of the happens-before, one level (downsets of one size) at a time; a probe whose level
// holds more than the cap of downsets is dropped and counted as dropped, never silently.
#pragma once

#include <cstdint>
#include <vector>

#include "checker/explore.h"

namespace checker {

class Execution;
class RaceAnalyzer;

struct ProbeSample {
  long double weight = 0;        // W: the inverse of the probability of the probe's path
  long double interleavings = 0; // L: interleavings of the probe's trace (0 when dropped)
  bool dropped = false;          // a level of the count held more downsets than the cap
};

struct ProbeOptions {
  std::uint32_t probes = 0;
  std::uint64_t seed = 0x5eed'e571;
  std::size_t frontier_cap = 300'000;  // downsets of one size kept at once
};

struct ProbeEstimate {
  double estimate = 0;         // mean of W/L over the probes kept (0: none kept)
  std::uint32_t probes = 0;    // kept
  std::uint32_t dropped = 0;   // over the frontier cap, or W or L out of range
  double seconds = 0;          // what the probes cost (not deterministic; not in any report)
  std::vector<double> samples; // W/L of each probe kept, in order
};

// Runs `options.probes` probes of `program` under `bounds` (its step bound, memory model,
// lock-aware setting and data-race detection). Nothing here touches a search's report.
ProbeEstimate estimate_by_probes(const Program& program, const Bounds& bounds, const ProbeOptions& options);

// The probes Bounds::estimate_probes asks for, when the strategy is dpor (none otherwise), and
// their figures written into a report of that search (Report::probe_estimate ...).
ProbeEstimate probe_search_size(const Program& program, const Bounds& bounds);
void record_probes(const ProbeEstimate& probes, Report& report);

// L for a finished execution whose happens-before `hb` has just analysed (RaceAnalyzer::analyze):
// the number of its interleavings that keep happens-before and mutual exclusion of locks.
// Returns a negative number when a level holds more than `frontier_cap` downsets.
long double count_interleavings(const Execution& ex, const RaceAnalyzer& hb, std::size_t frontier_cap);

}  // namespace checker
