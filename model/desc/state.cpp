// Construction of the descriptor design's state (state.h).
#include "model/desc/state.h"

#include <stdexcept>

#include "checker/heap.h"
#include "checker/object.h"
#include "model/model.h"
#include "model/page_data.h"

namespace swapmodel::desc {

using checker::ObjectName;

namespace {
// Both the virtual index space and the physical device have as many indices as device 0 has
// slots; index 0 is unused in both (no entry / the swap header).
std::size_t nr_slots(const SwapConfig& cfg) {
  return static_cast<std::size_t>(cfg.devices.front().clusters) * static_cast<std::size_t>(cfg.slots_per_cluster);
}
}  // namespace

SwpDesc::SwpDesc(int id_, checker::HeapCell* cell_)
    : id(id_),
      cell(cell_),
      slot(ObjectName{"desc#.slot", id_}, 0),
      lock(ObjectName{"desc#.lock", id_}),
      memcgid(ObjectName{"desc#.memcgid", id_}, 0),
      swap_refs(ObjectName{"desc#.swap_refs", id_}, refs::alloc_initial()) {}

// Built inside device 0's cluster_info heap cell (state.h): swapoff frees them with it.
PhysSwap::PhysSwap(SwapDevice& si_, int slots)
    : si(si_),
      synchronous_io((si_.flags.peek() & SWP_SYNCHRONOUS_IO) != 0),
      lock(ObjectName{"phys.lock"}, "si->lock") {
  checker::OwnerScope owner(si.cluster_info);
  swap_map.reserve(static_cast<std::size_t>(slots));
  disk.reserve(static_cast<std::size_t>(slots));
  for (int i = 0; i < slots; ++i) {
    swap_map.emplace_back(ObjectName{"phys.swap_map[#]", i}, i == 0 ? SWAP_MAP_BAD : 0);
    disk.emplace_back(ObjectName{"phys.disk[#]", i}, kGarbageContent, format_content);
  }
}

VswapState::VswapState(const SwapConfig& c)
    : cfg(c),
      vswap_map("vswap_map.xa_lock", "vswap_map[#]", nr_slots(c)),
      vswap_rmap("vswap_rmap.xa_lock", "vswap_rmap[#]", nr_slots(c), format_rmap_entry),
      swap_cache("swap_cache.xa_lock", "swap_cache[#]", nr_slots(c)),
      vswap_used(ObjectName{"vswap_used"}, 0),
      phys(model().devices.front(), static_cast<int>(nr_slots(c))) {}

SwpDesc& VswapState::new_desc() {
  const int id = static_cast<int>(descs.size());
  checker::HeapCell* cell = checker::heap_alloc(ObjectName{"desc#", id});
  return descs.emplace_back(id, cell);
}

VswapState* vswap_or_null() { return model().vswap_desc.get(); }

VswapState& vswap() {
  VswapState* v = vswap_or_null();
  if (v == nullptr) {
    checker::require(false, "descriptor-design operation on a model whose design is not vswap_desc");
    throw std::logic_error("no vswap_desc state");  // require() returns while torn down
  }
  return *v;
}

}  // namespace swapmodel::desc
