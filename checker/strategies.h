// The search strategies, one per file: dfs.cpp, bounded.cpp, dpor.cpp, random_walk.cpp, pct.cpp.
// Each is an ExplorerBase (the shared driver) and its own Oracle.
#pragma once

#include <cstdint>
#include <optional>
#include <random>
#include <span>
#include <string>
#include <unordered_set>
#include <vector>

#include "checker/cells.h"
#include "checker/choice_path.h"
#include "checker/explorer_base.h"
#include "checker/race_analysis.h"
#include "checker/wakeup_tree.h"

namespace checker {

// Every interleaving, no reduction: the test oracle.
class DfsExplorer final : public ExplorerBase, public Oracle {
 public:
  DfsExplorer(const Program& p, const Bounds& b, const ExecutionObserver& o);
  ThreadId pick(const Execution& ex, std::span<const ThreadId> enabled) override;
  std::uint32_t choose(const Execution& ex, std::uint32_t n) override;

 private:
  void search() override;
  ChoicePath path_;
};

// Iterative preemption bounding (Musuvathi and Qadeer, CHESS, PLDI 2007): exhaustive search of
// the executions with at most 0, then 1, 2, ... preemptions, so the first counterexample found
// has the fewest preemptions.
class BoundedExplorer final : public ExplorerBase, public Oracle {
 public:
  BoundedExplorer(const Program& p, const Bounds& b, const ExecutionObserver& o);
  ThreadId pick(const Execution& ex, std::span<const ThreadId> enabled) override;
  std::uint32_t choose(const Execution& ex, std::uint32_t n) override;

 private:
  void search() override;
  ChoicePath path_;
  std::uint32_t bound_ = 0;
  bool pruned_ = false;  // this pass left out an alternative because of the bound
};

// Optimal dynamic partial-order reduction with wakeup trees and sleep sets (Abdulla, Aronis,
// Jonsson, Sagonas, "Source Sets: A Foundation for Optimal Dynamic Partial Order Reduction",
// JACM 2017, Algorithm 2): one execution per Mazurkiewicz trace of the dependence relation.
class DporExplorer final : public ExplorerBase, public Oracle {
 public:
  // With a cell, explores only that cell's subtree (cells.h): its prefix is fixed, its sleep set
  // given, and races reversed above it are left to the other cells.
  DporExplorer(const Program& p, const Bounds& b, const ExecutionObserver& o, const Cell* cell = nullptr);
  // After a stop by the execution budget: what is left of the search, as cells in the order the
  // search would have met them (cells.h). nullopt when it cannot be split (a data choice on the
  // path, whose other values only this search's nodes know).
  // `settled`: for a settled search (cell_search.cpp), one cell per node of the path from the
  // deepest up to the root, each with `settled` set, the node's sleep set and the path's event
  // asleep; a cell with an empty wakeup tree has nothing to explore yet (its sleep set is still
  // what the node has explored).
  std::optional<std::vector<Cell>> remaining_cells(bool settled = false) const;
  // A settled cell's races reversed at its root or above (wakeup sequences, each where it is
  // reversed), in the order first met, without repeats; at the root, those a branch the cell
  // explored there before does not cover.
  struct RaceAbove {
    std::uint32_t at = 0;
    std::vector<EventDesc> sequence;
  };
  const std::vector<RaceAbove>& races_above() const { return races_above_; }
  // The sleep set of the cell's root once the search has ended: every thread explored there,
  // and those asleep since the cell began.
  const std::vector<EventDesc>& root_sleep() const;
  // The numbering of run-time threads and objects the search's events are written in.
  const IdentityRegistry& numbering() const { return identities(); }
  // Knuth's estimate of the search's size (Knuth, "Estimating the efficiency of backtrack
  // programs", Math. Comp. 1975), taken along the search's own path instead of a random one:
  // the fraction of the tree done is read off the current path (at each node, the branches done
  // and the one being explored, out of those known there), and the executions so far are
  // divided by it. On a tree whose branching is known when a node is first reached (data
  // choices, naive DFS) it is exact from the first execution. DPOR learns a node's branches
  // from races in later executions, so the estimate grows toward the true size as it does.
  // A cell's estimate is of its own subtree, not of the search: none is given for one.
  double estimate() const override { return part_of_split_ ? 0 : estimate_; }
  ThreadId pick(const Execution& ex, std::span<const ThreadId> enabled) override;
  std::uint32_t choose(const Execution& ex, std::uint32_t n) override;

 private:
  struct Node {
    EventDesc event;                 // what runs here (its thread is the chosen one)
    std::vector<EventDesc> sleep;    // sleeping threads with their next events
    WakeupTree wakeup;               // wakeup sequences still to explore from here
    std::vector<std::uint32_t> values, limits;  // data choices of this event
    std::size_t cursor = 0;
    // The wakeup subtree below this node, kept when its event makes data choices: every value
    // must explore all of it, not only the first.
    std::optional<WakeupTree> subtree_for_values;
    bool untried = false;  // the event was taken from the wakeup tree and has not run yet
    std::uint32_t explored = 0;  // threads whose subtrees here are done (they are asleep now)
    std::uint64_t enabled = 0;    // when first reached: threads 0..63 enabled there (bit per thread)
    bool enabled_beyond = false;  // and one numbered 64 or more
    std::uint32_t inherited = 0;  // sleep[0, inherited) came from the cell's root
  };
  void search() override;
  void add_races(const Execution& ex);
  bool backtrack();
  Node& push_node();
  ThreadId enter_cell(const Execution& ex, std::uint32_t pos);
  Node& top() { return nodes_[depth_ - 1]; }

  // The current path: nodes_[0, depth_). Nodes past depth_ are kept only to reuse their
  // buffers (an exploration pushes and pops millions of nodes).
  std::vector<Node> nodes_;
  std::size_t depth_ = 0;
  WakeupTree next_subtree_;  // the wakeup subtree below the node backtracked into
  RaceAnalyzer races_;
  const Cell* cell_ = nullptr;
  std::size_t root_ = 0;  // the cell's prefix: nodes_[0, root_) are fixed
  bool part_of_split_ = false;  // a cell other than the whole search's root
  bool settled_ = false;        // cell_->settled
  std::vector<RaceAbove> races_above_;
  std::unordered_set<std::string> races_above_seen_;  // race_above_key of each, for repeats
  double estimate_ = 0;  // as of the last execution's races; kept only when observed()
  // The estimate from the current path: `below` is the part of the subtree under its last node
  // that is done (1 after an execution ends there, 0 when backtracking has just moved to it).
  double size_estimate(double below) const;
};

// Uniformly random choices, seeded: each execution i uses seed + i.
class RandomExplorer final : public ExplorerBase, public Oracle {
 public:
  RandomExplorer(const Program& p, const Bounds& b, const ExecutionObserver& o);
  ThreadId pick(const Execution& ex, std::span<const ThreadId> enabled) override;
  std::uint32_t choose(const Execution& ex, std::uint32_t n) override;

 private:
  void search() override;
  std::mt19937_64 rng_;
};

// Probabilistic concurrency testing (Burckhardt, Kothari, Musuvathi, Nagarakatte, ASPLOS 2010):
// random distinct thread priorities and d-1 random priority change points; the highest-priority
// enabled thread always runs. Finds a bug of depth d with probability at least 1/(n k^(d-1)).
class PctExplorer final : public ExplorerBase, public Oracle {
 public:
  PctExplorer(const Program& p, const Bounds& b, const ExecutionObserver& o);
  ThreadId pick(const Execution& ex, std::span<const ThreadId> enabled) override;
  std::uint32_t choose(const Execution& ex, std::uint32_t n) override;

 private:
  void search() override;
  std::uint64_t priority(ThreadId t);
  std::mt19937_64 rng_;
  std::vector<std::uint64_t> priorities_;
  std::vector<std::uint32_t> change_points_;
  std::uint32_t expected_steps_ = 64;
};

}  // namespace checker
