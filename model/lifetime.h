// Dead-once (issue 13 item 5): a refcounted object whose count reached zero, or that was freed,
// is dead for good. Nothing may take a reference to it, charge it, record it or publish a
// pointer to it again.
//
// The model already catches an access to the memory of a freed tracked object (the engine's
// use_after_free) and, for seed 001's descriptors, a swap_refs that leaves 0 again
// (swap_refs_consistent). What those do not see is a revival that touches no freed memory:
//   - a memcg private id whose references reached zero (mem_cgroup_private_id_put) taking a
//     reference again, being charged, or being recorded in a slot's memcg_table;
//   - a swap device whose users (si->users) swapoff killed and drained taking a reference
//     again, or going back on the avail list;
//   - a retired vswap dynamic cluster (vswap_free_cluster: erased, DEAD, kfree_rcu, but its
//     memory alive until the grace period ends) being allocated from, put on a list, or
//     retired a second time;
//   - a freed extend table or zswap entry whose pointer is stored again (ci->extend_table, a
//     zswap tree slot, a vswap virtual_table word, the zswap LRU).
// Each death is recorded in ghost state (when, by whom), as the model records page contents,
// and each revival is checked where it happens: the execution stops with a use_after_free
// verdict, check "dead_once", naming the object and its death. The same name is an invariant
// at quiescence (invariants.h) that judges the final state whole, so a revival that a search
// ran before the death it depends on in one interleaving is still caught in every other.
#pragma once

#include <cstdint>
#include <string>

namespace checker {
struct HeapCell;
}

namespace swapmodel {

inline constexpr const char* kDeadOnce = "dead_once";

// Ghost: the moment an object died. Never read by model code to decide anything.
struct Death {
  bool dead = false;
  std::uint32_t step = 0;  // the execution position of the step that killed it
  std::string thread;      // the thread that ran it ("setup" in the initial state)
  std::string str() const;  // "at step 12 by zap"
};

// Records the death (once: a second call keeps the first).
void note_death(Death& d);
// `what` (say "memcg 2's private id") is touched by `action` ("a reference taken"): a
// use_after_free [dead_once] violation if it is dead.
void check_not_dead(const Death& d, const std::string& what, const std::string& action);
// The same for a tracked heap object: dead once it is freed.
void check_cell_not_dead(const checker::HeapCell* cell, const std::string& what, const std::string& action);

}  // namespace swapmodel
