// The model's state as text, for comparing the final states two programs reach (tests: a whole
// kernel path against the same path written out as its steps, tests/model/steps_diff_test.cpp).
//
// Everything a later step could observe is in it: every PTE with its ghost page identity and
// expected content, every folio (flags, lock, folio->swap, counts, memcg, data), every device
// (flags, usage, lists, per cluster its count, flags, order and each slot's table word, extend
// count and memcg id, the disk), the per-CPU allocation caches, the memcgs, zswap (tree, LRU,
// each entry's data and whether it was freed), the vswap device (seed 004: its xarray, clusters
// and virtual tables) and the kernel warnings recorded. Objects are named by the model's ids,
// which the same sequence of allocations reproduces; tables appear through the clusters that
// hold them, not by id. Read with peek(): no events, callable from an invariant check or after
// an execution. The seed 001 descriptor design (model/desc/) is not covered.
#pragma once

#include <string>

namespace swapmodel {

class SwapModel;

std::string state_digest(SwapModel& m);

}  // namespace swapmodel
