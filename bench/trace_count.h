// Counts the Mazurkiewicz traces among the executions a search ran: the number optimal DPOR
// should reach, measured rather than derived. Fed every execution of a naive DFS it gives the
// exact trace count of a program, which checks the hand derivations of workloads.h.
//
// Each execution is reduced to its canonical interleaving: among the events whose dependent
// predecessors have all been emitted, always emit the one of the lowest thread. Two executions
// of one trace have the same dependence graph and so the same canonical interleaving; the
// program is deterministic, so the sequence of threads names the trace.
//
// Dependence is the engine's own (EventDesc::dependent), or the same with a failed
// compare-exchange read as a read of its word, as GenMC treats it (issue 16): a compare-exchange
// that recorded the same value before and after is taken as failed, which also catches a
// successful one that wrote the value it found (none of the workloads does that).
#pragma once

#include <cstdint>
#include <string>
#include <unordered_set>

#include "checker/execution.h"

namespace workloads {

class TraceCounter {
 public:
  explicit TraceCounter(bool failed_cas_reads) : failed_cas_reads_(failed_cas_reads) {}
  void add(const checker::Execution& ex);
  std::uint64_t traces() const { return keys_.size(); }

 private:
  bool failed_cas_reads_;
  std::unordered_set<std::string> keys_;
};

}  // namespace workloads
