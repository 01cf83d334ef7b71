// Lock, RCU and PTE steps for scenario threads (step_ops.cpp), and the steps of the kernel
// paths (path_step_ops.cpp).
#pragma once

#include <cstdint>
#include <vector>

#include "model/registry.h"

namespace swapmodel {

struct SwapCluster;

// The cluster covering (type, offset) whose lock the running thread holds, or null: what a lock
// holder's own `ci` pointer is in the kernel. Found without a scheduling point (no xa_load): the
// steps that take a held cluster must not add events the whole paths do not have.
SwapCluster* held_cluster_or_null(int type, std::uint64_t offset);

void add_step_ops(std::vector<OpEntry>& ops);
// The single steps of the kernel paths (path_step_ops.cpp).
void add_path_step_ops(std::vector<OpEntry>& ops);
// The single steps of uffd_move, migrate_folio, swap_reclaim_work and split_folio
// (caller_step_ops.cpp).
void add_caller_step_ops(std::vector<OpEntry>& ops);

}  // namespace swapmodel
