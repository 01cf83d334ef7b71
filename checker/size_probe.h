// The size of a DPOR search estimated before it runs, from random probes (Knuth, "Estimating the
// efficiency of backtrack programs", Math. Comp. 1975, on the tree of Mazurkiewicz traces).
//
// A probe is one execution under a random schedule with no sleep sets: at each step a thread
// drawn from the enabled ones with probability proportional to its events still to come (as an
// earlier probe ran them; draw_weight), each data choice drawn uniformly from its n values. It
// lands in trace C with probability P(C) = (the product of 1/n over C's data choices) times the
// sum, over the interleavings of C, of the product over their steps of the draw's probability.
// The sample is 1 / P(C), and
//   E[1 / P(C)] = sum over traces C of P(C) / P(C) = the number of traces,
// which is what optimal DPOR runs as complete executions. The mean over the probes is unbiased,
// and exact whenever every trace is equally likely (uniform trees: N independent threads, N
// threads incrementing one word, N threads each locking one lock to write their own variable).
//
// P(C) is computed after the probe by a dynamic program over the downsets of its happens-before
// (RaceAnalyzer's, under the dependence DPOR uses), one level (downsets of one size) at a time:
// a thread advances when its next event's happens-before predecessors are in the downset and no
// other thread holds its lock there (lock-aware, non-conflicting sections of one lock are
// unordered but still exclude each other). Summing over the whole trace, not taking the probe's
// own path alone (W/L, the probe's inverse probability over the trace's interleavings, is also
// unbiased), matters: on the swap scenarios, where one thread runs dozens of events alone, W/L
// varies over dozens of orders of magnitude between the interleavings of one trace, and 24
// probes of it came out at 2 for a search of 492.
//
// Where it is off: the threads enabled at a downset are read off the trace (threads with events
// to come, not waiting for a lock another holds there; a wait for a word or a grace period, or a
// callback, once its happens-before predecessors ran); a wait whose condition held earlier than
// that is counted as disabled there. The variance is that of 1/P(C), and on the swap scenarios
// most traces are very unlikely to be drawn: there 24 probes fall short by orders of magnitude
// (checker/README.md, "Size estimate"). The lock-aware search is not optimal for its coarser
// equivalence: it may run more executions than the estimate says. A probe that ends at a
// violation (it runs on past it, as a search collecting violations does) counts what it reached.
//
// Deterministic: probe i draws from a generator seeded with a fixed constant plus i, so the
// figure depends on the program and the bounds alone. A probe whose count holds more than the
// cap of downsets at one level is dropped and counted as dropped, never silently.
#pragma once

#include <cstdint>
#include <vector>

#include "checker/explore.h"
#include "checker/types.h"

namespace checker {

class Execution;
class RaceAnalyzer;

// The probes the CLI runs before a dpor search unless --estimate-probes says otherwise.
inline constexpr std::uint32_t kCliEstimateProbes = 24;

struct ProbeOptions {
  std::uint32_t probes = 0;
  std::uint64_t seed = 0x5eed'e571;
  std::size_t frontier_cap = 300'000;  // downsets of one size kept at once
};

struct ProbeEstimate {
  double estimate = 0;         // mean of 1/P(C) over the probes kept (0: none kept)
  std::uint32_t probes = 0;    // kept
  std::uint32_t dropped = 0;   // over the frontier cap, or 1/P(C) out of range
  double seconds = 0;          // what the probes cost (not deterministic; not in any report)
  std::vector<double> samples; // 1 / P(C) of each probe kept, in order
};

// Runs `options.probes` probes of `program` under `bounds` (its step bound, memory model,
// lock-aware setting and data-race detection). Nothing here touches a search's report.
ProbeEstimate estimate_by_probes(const Program& program, const Bounds& bounds, const ProbeOptions& options);

// The probes Bounds::estimate_probes asks for, when the strategy is dpor (none otherwise), and
// their figures written into a report of that search (Report::probe_estimate ...).
ProbeEstimate probe_search_size(const Program& program, const Bounds& bounds);
void record_probes(const ProbeEstimate& probes, Report& report);

// The weight of thread t in a probe's draw, having run `ran` events: the events still to come
// as `expected` (per thread, from an earlier execution) has them, at least 1.
std::uint64_t draw_weight(const std::vector<std::uint32_t>& expected, ThreadId t, std::uint32_t ran);

// P(C) without its data choices, for a finished execution whose happens-before `hb` has just
// analysed (RaceAnalyzer::analyze): the probability that a probe drawing threads by draw_weight
// runs an interleaving of its trace, given the same data choices. Negative when a level of the
// count holds more than `frontier_cap` downsets.
long double trace_probability(const Execution& ex, const RaceAnalyzer& hb, std::size_t frontier_cap,
                              const std::vector<std::uint32_t>& expected);

}  // namespace checker
