// The state of seed 001's descriptor design ("vswap_desc"): the per-entry swap descriptors,
// the forward and reverse maps, the swap cache of virtual entries, and the physical swap device
// underneath (SEMANTICS 3; seed 001 mm/vswap.c, mm/swapfile.c, include/linux/swap.h).
//
// One VswapState lives in the SwapModel of an execution whose config has design ==
// Design::VswapDesc (SwapModel::vswap_desc); model code reaches it through vswap().
//
// Virtual swap entries are swp_entry(kVswapType, index) with index >= 1 (0 is "no entry").
// Every virtual entry in this patch is backed 1:1 by a physical slot allocated with it
// ("for now, there is a one-to-one correspondence", folio_alloc_swap); physical slots are
// offsets >= 1 of one device (offset 0 is the header).
//
// Who may touch what:
//   - struct swp_desc (SwpDesc): a tracked heap object, kmem_cache_alloc'd by vswap_alloc and
//     kfree_rcu'd by vswap_free; its primitives belong to its heap cell, so any access after
//     the RCU free is a use-after-free. Readers find it with xa_load / xas_for_each inside
//     rcu_read_lock(); "its existence is guaranteed by RCU + its reference count"
//     (trylock_swapoff).
//       slot      the physical slot; written under write_lock(&desc->lock) when the entry is
//                 linked at allocation, read under read_lock (swp_entry_to_swp_slot) or, by
//                 vswap_free, once swap_refs reached 0.
//       lock      rwlock_t protecting slot.
//       memcgid   atomic_t, the private id of the memcg the entry is charged to (0: none); set by
//                 swap_cgroup_record after the entry is linked to its physical slot, exchanged
//                 to 0 by vswap_free's uncharge (memcg.h; the functions are RFC v2's [inferred]).
//       swap_refs atomic_t, 2 * count + C (swap_refs.h). Every change is one atomic op.
//   - vswap_map: virtual index -> desc; stores and erases under its xa_lock.
//   - vswap_rmap: physical offset -> xa_mk_value(virtual entry); under its xa_lock.
//   - swap_cache: swap_address_space(entry)->i_pages, virtual index -> folio; changed under its
//     xa_lock with the folio locked; read under RCU (filemap_get_folio). The C bit of swap_refs
//     is what makes one thread the only one that may add a folio for an entry.
//   - phys: the physical device's swap_map (0 free, SWAP_MAP_ALLOCATED, SWAP_MAP_BAD) under
//     phys.lock, and the content of each slot on the block device (page_data.h words), written
//     by swap-out IO and read by swap-in IO while the writer or reader pins the entry. Its
//     swap_info_struct is the model's device 0 (SwapModel::devices[0]): si->flags (SWP_WRITEOK,
//     SWP_SYNCHRONOUS_IO) and si->users, the percpu_ref that swap_slot_tryget_swap_info takes
//     and swapoff kills and drains. phys.lock (the cluster lock), swap_map and disk belong to
//     device 0's cluster_info heap cell, which swapoff frees (vfree(swap_map), kvfree of the
//     cluster array, the swap file closed): any access after swapoff is a use-after-free.
//
// Ghost state (invariants only, never read by model code to decide anything): per desc its
// virtual index, how many of its *_and_test operations returned true (set in the step of the
// atomic operation itself, so the record is ordered with the word) and how many times
// vswap_free ran for it.
#pragma once

#include <cstdint>
#include <memory>

#include "checker/atomic.h"
#include "checker/execution.h"
#include "checker/lock.h"
#include "checker/var.h"
#include "model/config.h"
#include "model/device.h"
#include "model/desc/swap_refs.h"
#include "model/desc/xarray.h"
#include "model/heap_object.h"
#include "model/kernel.h"
#include "model/stable_vector.h"

namespace swapmodel::desc {

// The swap type of virtual entries (a type no physical device of the model uses).
inline constexpr int kVswapType = 31;

constexpr swp_entry_t vswap_entry(std::uint64_t index) { return swp_entry(kVswapType, index); }
constexpr bool is_vswap_entry(swp_entry_t e) { return e.val != 0 && swp_type(e) == kVswapType; }
constexpr std::uint64_t vswap_index(swp_entry_t e) { return swp_offset(e); }

// Physical swap_map states (seed 001 include/linux/swap.h, CONFIG_VIRTUAL_SWAP).
inline constexpr std::uint8_t SWAP_MAP_ALLOCATED = 0x01;
inline constexpr std::uint8_t SWAP_MAP_BAD = 0x02;

struct SwpDesc {
  SwpDesc(int id, checker::HeapCell* cell);

  const int id;  // position in VswapState::descs; the xa_mk_ptr payload
  checker::HeapCell* const cell;
  OwnedFieldsBegin begin{cell};
  checker::Var<std::uint64_t> slot;
  checker::RwLock lock;
  checker::Atomic<int> memcgid;
  checker::Atomic<int> swap_refs;
  OwnedFieldsEnd end{begin};

  // Ghost.
  std::uint64_t index = 0;  // the virtual index it was published at (0: never published)
  int zero_hits = 0;        // *_and_test operations on swap_refs that returned true
  int frees = 0;            // vswap_free calls that found it
};

struct PhysSwap {
  PhysSwap(SwapDevice& si, int slots);

  SwapDevice& si;             // its swap_info_struct (device 0: flags, users)
  const bool synchronous_io;  // SWP_SYNCHRONOUS_IO: do_swap_page may skip the swap cache
  OwnedFieldsBegin begin{si.cluster_info};  // freed by swapoff (the elements too: state.cpp)
  checker::SpinLock lock;
  OwnedFieldsEnd end{begin};
  StableVector<checker::Var<std::uint8_t>> swap_map;  // under lock
  StableVector<checker::Var<std::uint64_t>> disk;     // slot contents (page_data.h)

  std::uint64_t size() const { return swap_map.size(); }
};

struct VswapState {
  explicit VswapState(const SwapConfig& cfg);

  const SwapConfig& cfg;
  XArray vswap_map;
  XArray vswap_rmap;
  XArray swap_cache;
  checker::Atomic<long> vswap_used;
  PhysSwap phys;
  StableVector<SwpDesc> descs;

  // kmem_cache_alloc(swp_desc_cache): a new, unpublished descriptor with swap_refs 1 (what
  // vswap_alloc then sets; done at construction, where no other thread can see it).
  SwpDesc& new_desc();
  SwpDesc& desc(int id) { return descs.at(static_cast<std::size_t>(id)); }
};

// The running execution's descriptor-design state; a Precondition violation when the model
// was built with another design.
VswapState& vswap();
// Null when the model runs another design (for invariants and hooks in shared model code).
VswapState* vswap_or_null();

}  // namespace swapmodel::desc
