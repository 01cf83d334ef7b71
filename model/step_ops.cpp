// Single steps a scenario thread can mix with whole kernel paths (issue 4): the locks the kernel
// code takes (the PTL, a cluster's lock, RCU), and reading, comparing and writing a PTE. With
// them a user writes down the ordering a proposed patch introduces and checks it without
// recompiling. Each step keeps the kernel's own preconditions: writing a PTE needs its PTL,
// unlocking needs the lock.
#include <stdexcept>

#include "model/cluster.h"
#include "model/model.h"
#include "model/op_args.h"
#include "model/registry.h"
#include "model/step_ops.h"
#include "model/swapfile.h"
#include "model/vswap/vswap.h"

namespace swapmodel {

namespace {

using namespace op_args;

checker::Var<std::uint64_t>& pte_of(SwapModel& m, const OpArgs& a) {
  MmStruct& mm = mm_arg(m, a);
  return mm.pte[static_cast<std::size_t>(idx_arg(mm, a))];
}

// A slot of an existing device: the offset, checked.
std::uint64_t slot_offset(const OpArgs& a) {
  const int type = static_cast<int>(num(a, "type"));
  const std::int64_t offset = num(a, "offset");
  SwapDevice* si = swap_type_to_info(type);
  if (si == nullptr) throw std::invalid_argument("no swap type " + std::to_string(type));
  if (offset < 0 || static_cast<std::uint64_t>(offset) >= si->max)
    throw std::invalid_argument("offset " + std::to_string(offset) + " out of range");
  return static_cast<std::uint64_t>(offset);
}

// The swap PTE value of (type, offset); offset 0 means pte_none.
std::uint64_t pte_value(const OpArgs& a) {
  const std::int64_t offset = num(a, "offset");
  if (offset < 0) throw std::invalid_argument("offset " + std::to_string(offset) + " out of range");
  return offset == 0 ? kPteNone : mk_pte_swap(swp_entry(static_cast<int>(num(a, "type")), static_cast<std::uint64_t>(offset)));
}

// The kernel functions the steps stand for, so that events and failed preconditions carry their
// names.
void pte_offset_map_lock(MmStruct& mm) { mm.ptl.lock(); }
void pte_unmap_unlock(MmStruct& mm) { mm.ptl.unlock(); }
void set_pte_at(MmStruct& mm, checker::Var<std::uint64_t>& pte, std::uint64_t v) {
  CHECKER_FRAME();
  mm.ptl.assert_held();
  pte.write_once(v);
}

}  // namespace

SwapCluster* held_cluster_or_null(int type, std::uint64_t offset) {
  SwapModel& m = model();
  const std::uint64_t index = offset / m.slots_per_cluster();
  if (is_vswap_type(type)) {
    if (m.vswap == nullptr) return nullptr;
    for (vswap::VswapCluster& c : m.vswap->clusters)
      if (static_cast<std::uint64_t>(c.index) == index && c.ci.lock.held_by_me()) return &c.ci;
    return nullptr;
  }
  SwapDevice* si = swap_type_to_info(type);
  if (si == nullptr || index >= si->clusters.size()) return nullptr;
  SwapCluster& ci = si->clusters[index];
  return ci.lock.held_by_me() ? &ci : nullptr;
}

void add_step_ops(std::vector<OpEntry>& ops) {
  OpAppender add(ops);
  const OpParam mm = req("mm", "mm (page table) id");
  const OpParam idx = req("idx", "PTE index in the mm");
  const OpParam type = opt("type", 0, "swap type (device)");
  const OpParam offset = req("offset", "device offset of the slot");
  const OpParam entry_offset = req("offset", "swap entry offset (0: pte_none)");

  add("ptl_lock", "pte_offset_map_lock: take the mm's page-table lock", {mm}, [](SwapModel& m, const OpArgs& a) {
    pte_offset_map_lock(mm_arg(m, a));
    return std::int64_t{0};
  }, kAllDesigns);
  add("ptl_unlock", "pte_unmap_unlock: release the mm's page-table lock", {mm}, [](SwapModel& m, const OpArgs& a) {
    pte_unmap_unlock(mm_arg(m, a));
    return std::int64_t{0};
  }, kAllDesigns);
  add("cluster_lock", "__swap_cluster_lock (mm/swap.h, seed 004 P1): take the lock of the cluster holding (type, offset); 1, or 0 when a vswap cluster is gone (DEAD or not in the xarray: nothing is locked)",
      {type, offset}, [](SwapModel&, const OpArgs& a) {
        return __swap_cluster_lock(static_cast<int>(num(a, "type")), slot_offset(a)) != nullptr ? std::int64_t{1} : std::int64_t{0};
      });
  add("cluster_unlock", "swap_cluster_unlock: release the lock of the cluster holding (type, offset)", {type, offset},
      [](SwapModel&, const OpArgs& a) {
        // The cluster this thread locked (no lookup event: the kernel unlocks its own pointer).
        // Unlocking a lock this thread does not hold is the engine's bad_unlock.
        const int type = static_cast<int>(num(a, "type"));
        SwapCluster* ci = held_cluster_or_null(type, slot_offset(a));
        if (ci == nullptr) ci = __swap_offset_to_cluster_or_null(type, slot_offset(a));
        if (ci == nullptr) throw std::invalid_argument("cluster_unlock: no cluster holds that offset");
        swap_cluster_unlock(*ci);
        return std::int64_t{0};
      });
  add("rcu_read_lock", "rcu_read_lock", {}, [](SwapModel& m, const OpArgs&) {
    m.rcu.read_lock();
    return std::int64_t{0};
  }, kAllDesigns);
  add("rcu_read_unlock", "rcu_read_unlock", {}, [](SwapModel& m, const OpArgs&) {
    m.rcu.read_unlock();
    return std::int64_t{0};
  }, kAllDesigns);
  add("pte_read", "read mm[idx] without the PTL (the fault's orig_pte); returns the raw PTE", {mm, idx},
      [](SwapModel& m, const OpArgs& a) { return static_cast<std::int64_t>(pte_of(m, a).read_once()); }, kAllDesigns);
  add("pte_same", "pte_same: 1 if mm[idx] holds swap entry (type, offset) (offset 0: pte_none), else 0; bind it "
      "(\"as\": \"same\") and branch ({\"if\": \"!$same\", \"then\": [{\"goto\": \"out_unlock\"}]})",
      {mm, idx, type, entry_offset},
      [](SwapModel& m, const OpArgs& a) { return std::int64_t{pte_of(m, a).read_once() == pte_value(a) ? 1 : 0}; });
  add("pte_set_swap", "set_pte_at: write swap entry (type, offset) to mm[idx] (offset 0: pte_clear); needs the PTL",
      {mm, idx, type, entry_offset}, [](SwapModel& m, const OpArgs& a) {
        set_pte_at(mm_arg(m, a), pte_of(m, a), pte_value(a));
        return std::int64_t{0};
      });
}

}  // namespace swapmodel
