// SwapModel: all the state of one execution of the swap model, built by the execution's setup
// from a SwapConfig and destroyed with the execution.
//
// Model code reaches it through model() (one per OS thread, like checker::current_execution()),
// so kernel-shaped functions keep kernel signatures. Objects refer to each other by typed
// integer ids (folio id, swap type, cluster index, table id, memcg id, mm id); ids index the
// containers below. Objects created while threads run (folios, swap tables, extend tables, zswap
// entries) are appended; their primitives get identities from the creating thread, so the
// same schedule rebuilds the same objects.
//
// Global state and its guards (mm/swapfile.c):
//   - swap_lock: swap_info[] and device on/off (swapoff's first phase).
//   - swap_avail_lock: swap_avail_head, the devices allocation may use (packed list of types).
//   - nr_swap_pages, total_swap_pages: atomics (the kernel's atomic_long_t / read racily).
//   - rcu: the RCU domain (swap tables and cluster lookups).
//
// Ghost state (record of what happened, for invariants only; never read by model code to decide
// anything): kernel warnings, the hibernation image's slots, and per-thread folio budgets
// (thread-local: the page allocator's answer for this thread, not shared state).
#pragma once

#include <cstdint>
#include <memory>
#include <source_location>
#include <string>
#include <vector>

#include "checker/atomic.h"
#include "checker/execution.h"
#include "checker/lock.h"
#include "checker/rcu.h"
#include "checker/var.h"
#include "model/cluster.h"
#include "model/config.h"
#include "model/device.h"
#include "model/folio.h"
#include "model/memcg.h"
#include "model/pagetable.h"
#include "model/stable_vector.h"
#include "model/zswap.h"

namespace swapmodel {

namespace desc {
struct VswapState;
}
struct SwapWorkqueue;
namespace vswap {
struct VswapState;
}

struct KernelWarning {
  std::string function;
  std::string what;
  std::uint32_t step = 0;
  std::string thread;
};

struct Ghost {
  std::vector<KernelWarning> warnings;
  std::vector<swp_entry_t> hibernation_slots;
  std::vector<int> folio_budget;  // per ThreadId: folios it may still allocate; -1 unlimited
  std::uint32_t next_page_id = 1;
  // Objects whose ghost record a step changed without writing the object itself (a descriptor's
  // vswap_free count, a PTE's expected content): the incremental invariant checks judge their
  // owners again (step_dirty.h). Emptied when that is done.
  std::vector<checker::ObjectId> written;
  void note_written(checker::ObjectId id) { written.push_back(id); }
  // A ghost record that bounds every slot changed (the hibernation image's slots bound every
  // count): the next check judges everything.
  bool written_all = false;
  void note_written_all() { written_all = true; }
};

class SwapModel {
 public:
  // Builds the initial state: devices swapped on with empty clusters, memcgs online, per-CPU
  // caches empty. Must run inside an execution's setup.
  explicit SwapModel(const SwapConfig& cfg);
  ~SwapModel();
  SwapModel(const SwapModel&) = delete;
  SwapModel& operator=(const SwapModel&) = delete;

  const SwapConfig cfg;
  checker::Rcu rcu;
  checker::SpinLock swap_lock;
  checker::SpinLock swap_avail_lock;
  checker::Var<std::uint64_t> swap_avail_head;
  checker::Atomic<std::int64_t> nr_swap_pages;
  checker::Atomic<std::int64_t> total_swap_pages;
  StableVector<SwapDevice> devices;
  StableVector<PercpuSwapCluster> percpu;
  StableVector<Memcg> memcgs;  // memcgs[id - 1]
  StableVector<MmStruct> mms;
  StableVector<Folio> folios;
  StableVector<SwapTable> tables;           // tables[id - 1]
  StableVector<ExtendTable> ext_tables;     // ext_tables[id - 1]
  StableVector<MemcgTable> memcg_tables;    // memcg_tables[id - 1]
  int setup_preempt_off = 0;              // preempt-off locks setup holds (preempt_lock.cpp)
  StableVector<ZswapEntry> zswap_entries;   // zswap_entries[id - 1]
  std::unique_ptr<ZswapLru> zswap_lru;
  // Seed 001's descriptor design (model/desc/state.h): present iff cfg.design == VswapDesc.
  std::unique_ptr<desc::VswapState> vswap_desc;
  // Seed 004's vswap device (model/vswap/vswap.h): present iff cfg.vswap.
  std::unique_ptr<vswap::VswapState> vswap;
  // Queued device work items (model/workqueue.h): present once a scenario queues one.
  std::unique_ptr<SwapWorkqueue> workqueue;
  Ghost ghost;

  unsigned count_max() const { return static_cast<unsigned>(cfg.count_max); }
  unsigned slots_per_cluster() const { return static_cast<unsigned>(cfg.slots_per_cluster); }

  Folio& folio(int id) { return folios.at(static_cast<std::size_t>(id)); }
  SwapTable& table(std::uint32_t id) { return tables.at(id - 1); }
  ExtendTable& ext_table(std::uint32_t id) { return ext_tables.at(id - 1); }
  MemcgTable& memcg_table(std::uint32_t id) { return memcg_tables.at(id - 1); }
  ZswapEntry& zswap_entry(std::uint32_t id) { return zswap_entries.at(id - 1); }
  Memcg& memcg(int id) { return memcgs.at(static_cast<std::size_t>(id - 1)); }
  MmStruct& mm(int id) { return mms.at(static_cast<std::size_t>(id)); }

  // --- allocation of objects (the page allocator and the slab) ------------------------------------
  // folio_alloc: a new locked-free, unreferenced folio of `order` for virtual index `index`,
  // with one reference for the caller; null when the calling thread's budget is spent.
  Folio* folio_alloc(int order, int index);
  SwapTable& new_table(int cluster);
  ExtendTable& new_ext_table(int cluster);
  MemcgTable& new_memcg_table(int cluster);
  ZswapEntry& new_zswap_entry();

  // --- ghost ---------------------------------------------------------------------------------------
  void set_folio_budget(checker::ThreadId t, int folios);
  void warn(const char* what, std::source_location loc);
};

// The model of the running execution.
SwapModel& model();

}  // namespace swapmodel
