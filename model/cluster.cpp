// Swap table access and table lifetime (mm/swap_table.h, mm/swap.h, mm/swapfile.c).
#include "model/cluster.h"

#include "checker/heap.h"
#include "checker/kernel_order.h"
#include "checker/object.h"
#include "model/alloc_failure.h"
#include "model/model.h"
#include "model/swap_table.h"
#include "model/vswap/vswap.h"

namespace swapmodel {

using checker::ObjectName;

namespace {
int cluster_name(int device, int index) { return device * 100 + index; }

std::string hex(std::uint64_t v) {
  static const char* digits = "0123456789abcdef";
  std::string s;
  do {
    s.insert(s.begin(), digits[v & 0xf]);
    v >>= 4;
  } while (v != 0);
  return "0x" + s;
}
}  // namespace

SwapTable::SwapTable(int id_, int cluster, int slots) : id(id_), cell(checker::heap_alloc(ObjectName{"ci#.table", cluster})) {
  checker::OwnerScope owner(cell);
  tb.reserve(static_cast<std::size_t>(slots));
  for (int i = 0; i < slots; ++i) tb.emplace_back(ObjectName{"ci#.tb[#]", cluster, i}, tb::kNull, format_swp_tb);
}

MemcgTable::MemcgTable(int id_, int cluster, int slots)
    : id(id_), cell(checker::heap_alloc(ObjectName{"ci#.memcg_table", cluster})) {
  checker::OwnerScope owner(cell);
  memcg_id.reserve(static_cast<std::size_t>(slots));
  for (int i = 0; i < slots; ++i) memcg_id.emplace_back(ObjectName{"ci#.memcg_id[#]", cluster, i}, 0);
}

ExtendTable::ExtendTable(int id_, int cluster, int slots)
    : id(id_), cell(checker::heap_alloc(ObjectName{"ci#.extend_table", cluster})) {
  checker::OwnerScope owner(cell);
  ext.reserve(static_cast<std::size_t>(slots));
  for (int i = 0; i < slots; ++i) ext.emplace_back(ObjectName{"ci#.ext[#]", cluster, i}, 0);
}

SwapCluster::SwapCluster(int device_, int index_)
    : device(device_),
      index(index_),
      lock(ObjectName{"ci#.lock", cluster_name(device_, index_)}, is_vswap_type(device_)),
      count(ObjectName{"ci#.count", cluster_name(device_, index_)}, 0),
      flags(ObjectName{"ci#.flags", cluster_name(device_, index_)}, CLUSTER_FLAG_NONE, format_cluster_flag),
      order(ObjectName{"ci#.order", cluster_name(device_, index_)}, 0),
      table(ObjectName{"ci#.table_ptr", cluster_name(device_, index_)}, 0),
      extend_table(ObjectName{"ci#.extend_table_ptr", cluster_name(device_, index_)}, 0),
      memcg_table(ObjectName{"ci#.memcg_table_ptr", cluster_name(device_, index_)}, 0) {}

std::string format_swp_tb(std::uint64_t w) {
  const std::string cnt = " cnt=" + std::to_string(tb::field(w)) + (tb::zero(w) ? " Z" : "");
  switch (tb::kind(w)) {
    case tb::Kind::Null: return "NULL";
    case tb::Kind::Bad: return "BAD";
    case tb::Kind::Shadow: return "Shadow(" + std::to_string(tb::shadow_value(w)) + ")" + cnt;
    case tb::Kind::Folio: return "PFN(folio" + std::to_string(tb::folio_pfn(w)) + ")" + cnt;
    case tb::Kind::Pointer:
      return "PTR(" + std::to_string(tb::pointer_offset(w)) + ")" + ((w & tb::kPointerCacheOnly) ? " C" : "");
    case tb::Kind::Corrupt: return "CORRUPT(" + hex(w) + ")" + cnt;
  }
  return "?";
}

std::string format_cluster_flag(std::uint64_t v) {
  static const char* kNames[] = {"NONE", "FREE", "NONFULL", "FRAG", "FULL", "DISCARD", "DEAD"};
  return v < 7 ? kNames[v] : std::to_string(v);
}


// --- table access -----------------------------------------------------------------------------------

SwapTable* cluster_table_locked(SwapCluster& ci) {
  // Only under ci->lock (or outside model threads): ci->table changes only under it, so this
  // rcu_dereference_protected is ordered by the lock and stays a peek.
  const std::uint32_t id = ci.table.peek();
  return id == 0 ? nullptr : &model().table(id);
}

bool cluster_table_is_alloced(SwapCluster& ci) {
  ci.lock.assert_held();
  return cluster_table_locked(ci) != nullptr;
}

std::uint64_t __swap_table_get(SwapCluster& ci, unsigned ci_off) {
  SwapModel& m = model();
  SwapTable* t = nullptr;
  if (ci.lock.held_by_me() || !checker::current_execution()->in_model_thread()) {
    t = cluster_table_locked(ci);
  } else {
    // rcu_dereference_check(ci->table, lockdep_is_held(&ci->lock)): without the lock the
    // caller must be inside an RCU read-side section.
    checker::require(m.rcu.read_lock_held(), "__swap_table_get without ci->lock or rcu_read_lock");
    const std::uint32_t id = checker::lkmm::rcu_dereference(ci.table);
    t = id == 0 ? nullptr : &m.table(id);
  }
  // The kernel dereferences a NULL table here: the caller must know the slot is in use.
  checker::check(t != nullptr, "__swap_table_get on a cluster without a table");
  return checker::lkmm::atomic_read(t->tb[ci_off]);  // atomic_long_read
}

void __swap_table_set(SwapCluster& ci, unsigned ci_off, std::uint64_t w) {
  ci.lock.assert_held();
  SwapTable* t = cluster_table_locked(ci);
  checker::check(t != nullptr, "__swap_table_set on a cluster without a table");
  checker::lkmm::atomic_set(t->tb[ci_off], w);  // atomic_long_set
}

std::uint64_t swap_table_get(SwapCluster& ci, unsigned ci_off) {
  CHECKER_FRAME();
  SwapModel& m = model();
  m.rcu.read_lock();
  const std::uint32_t id = checker::lkmm::rcu_dereference(ci.table);
  const std::uint64_t w = id == 0 ? tb::kNull : checker::lkmm::atomic_read(m.table(id).tb[ci_off]);
  m.rcu.read_unlock();
  return w;
}

int __swap_count_locked(SwapCluster& ci, unsigned ci_off) {
  CHECKER_FRAME();
  const std::uint64_t w = __swap_table_get(ci, ci_off);
  std::uint32_t ext = 0;
  if (tb::field(w) == model().count_max()) {
    const std::uint32_t ext_id = ci.extend_table.read();  // ci->extend_table, under ci->lock
    if (ext_id != 0) ext = model().ext_table(ext_id).ext[ci_off].read();
  }
  return tb::real_count(w, ext, model().count_max());
}

// mm/swap_table.h (phase IV) with seed 004 P6's NULL memcg_table: get reads 0, set WARNs.
namespace {
MemcgTable* memcg_table_locked(SwapCluster& ci) {
  const std::uint32_t id = ci.memcg_table.read();
  return id == 0 ? nullptr : &model().memcg_table(id);
}
}  // namespace

int __swap_cgroup_get(SwapCluster& ci, unsigned ci_off) {
  ci.lock.assert_held();
  MemcgTable* t = memcg_table_locked(ci);
  return t == nullptr ? 0 : t->memcg_id[ci_off].read();
}

void __swap_cgroup_set(SwapCluster& ci, unsigned ci_off, int nr, int id) {
  ci.lock.assert_held();
  if (const Memcg* memcg = mem_cgroup_from_private_id(id)) check_not_dead(memcg->id_death, memcg_id_name(*memcg), "recorded in a slot");
  MemcgTable* t = memcg_table_locked(ci);
  if (WARN_ON(t == nullptr, "__swap_cgroup_set: no memcg_table, the memcg id is not recorded")) return;
  for (int i = 0; i < nr; ++i) t->memcg_id[ci_off + static_cast<unsigned>(i)].write(static_cast<std::uint16_t>(id));
}

// The first slot's id is returned for the whole range: callers pass ranges of one owner.
int __swap_cgroup_clear(SwapCluster& ci, unsigned ci_off, int nr) {
  CHECKER_FRAME();
  const int old = __swap_cgroup_get(ci, ci_off);
  if (old == 0) return 0;
  MemcgTable* t = memcg_table_locked(ci);
  for (int i = 0; i < nr; ++i) {
    checker::Var<std::uint16_t>& id = t->memcg_id[ci_off + static_cast<unsigned>(i)];
    if (debug_vm()) VM_WARN_ON(id.read() != old, "__swap_cgroup_clear: slots of one range have different memcg ids");
    id.write(0);
  }
  return old;
}

int swap_cgroup_peek(SwapCluster& ci, unsigned ci_off) {
  const std::uint32_t id = ci.memcg_table.peek();
  return id == 0 ? 0 : model().memcg_table(id).memcg_id[ci_off].peek();
}

// --- cluster lock --------------------------------------------------------------------------------------

SwapCluster* __swap_offset_to_cluster_or_null(int type, std::uint64_t offset) {
  CHECKER_FRAME();
  SwapModel& m = model();
  // Seed 004 P1: a vswap cluster is whatever the xarray holds at the index.
  if (is_vswap_type(type)) return vswap::xa_load_cluster(offset / m.slots_per_cluster());
  SwapDevice& si = m.devices.at(static_cast<std::size_t>(type));
  return &si.clusters.at(offset / m.slots_per_cluster());
}

SwapCluster& __swap_offset_to_cluster(int type, std::uint64_t offset) {
  CHECKER_FRAME();
  SwapCluster* ci = __swap_offset_to_cluster_or_null(type, offset);
  checker::check(ci != nullptr, "__swap_offset_to_cluster: NULL cluster dereferenced (the vswap slot was freed)");
  return *ci;
}

// mm/swap.h (seed 004 P1): __swap_cluster_lock. Physical clusters are never freed while a
// caller holds the device, so their lookup needs no RCU section (the model leaves it out there).
// The physical lock event is attributed to the caller, as the kernel's inline helper's would be.
SwapCluster* __swap_cluster_lock(int type, std::uint64_t offset, std::source_location loc) {
  CHECKER_FRAME();
  if (is_vswap_type(type)) return vswap::vswap_cluster_lock(offset);
  SwapCluster& ci = __swap_offset_to_cluster(type, offset);
  ci.lock.lock(loc);
  return &ci;
}

SwapCluster& swap_cluster_lock(int type, std::uint64_t offset) {
  CHECKER_FRAME();
  if (!is_vswap_type(type)) {
    SwapCluster& ci = __swap_offset_to_cluster(type, offset);
    ci.lock.lock();
    return ci;
  }
  SwapCluster* ci = __swap_cluster_lock(type, offset);
  checker::check(ci != nullptr, "swap_cluster_lock: NULL cluster dereferenced (the vswap cluster is gone)");
  return *ci;
}

void swap_cluster_unlock(SwapCluster& ci) { ci.lock.unlock(); }

bool cluster_is_empty(SwapCluster& ci) { return ci.count.read() == 0; }

bool cluster_is_usable(SwapCluster& ci, int order) {
  CHECKER_FRAME();
  if (ci.flags.read() > CLUSTER_FLAG_USABLE) return false;
  if (!cluster_table_is_alloced(ci)) return false;
  if (order == 0) return true;
  return cluster_is_empty(ci) || order == ci.order.read();
}

std::uint64_t cluster_offset(const SwapCluster& ci) {
  return static_cast<std::uint64_t>(ci.index) * model().slots_per_cluster();
}

// --- table lifetime ----------------------------------------------------------------------------------------

void attach_memcg_table(SwapCluster& ci) {
  SwapModel& m = model();
  ci.memcg_table.write(static_cast<std::uint32_t>(m.new_memcg_table(ci.device * 100 + ci.index).id));
}

bool swap_cluster_needs_memcg_table(const SwapCluster& ci) {
  // Seed 004 P6: eagerly only where the table will surely be used (memcg is never disabled in
  // the model): every cluster without CONFIG_VSWAP, and every vswap cluster.
  return !model().cfg.vswap || is_vswap_type(ci.device);
}

// mm/swapfile.c (phase IV's consolidated helper, seed 004 P6): swap_cluster_alloc_table. The
// table is published (rcu_assign_pointer) before the memcg_table is allocated; when that fails
// the table goes again and the result is -ENOMEM. The seed's opening tests (flags NONE, empty,
// no table yet) are swap_cluster_populate's VM_WARN here: nothing else allocates a table.
int swap_cluster_alloc_table(SwapCluster& ci, bool can_sleep) {
  CHECKER_FRAME();
  if (!can_sleep) ci.lock.assert_held();
  SwapModel& m = model();
  if (alloc_fails(can_sleep ? AllocSite::SwapTableSleep : AllocSite::SwapTable)) return -ENOMEM;
  SwapTable& t = m.new_table(ci.device * 100 + ci.index);
  checker::lkmm::rcu_assign_pointer(ci.table, static_cast<std::uint32_t>(t.id));
  if (swap_cluster_needs_memcg_table(ci)) {
    VM_WARN_ON(ci.memcg_table.read() != 0, "swap_cluster_alloc_table: memcg_table already allocated");
    if (alloc_fails(can_sleep ? AllocSite::MemcgTableSleep : AllocSite::MemcgTable)) {
      swap_cluster_free_table(ci, /*locked=*/!can_sleep);
      return -ENOMEM;
    }
    attach_memcg_table(ci);
  }
  return 0;
}

void swap_cluster_install_table(SwapCluster& ci) {
  ci.lock.assert_held();
  SwapTable& t = model().new_table(ci.device * 100 + ci.index);
  checker::lkmm::rcu_assign_pointer(ci.table, static_cast<std::uint32_t>(t.id));
  if (swap_cluster_needs_memcg_table(ci)) {
    VM_WARN_ON(ci.memcg_table.read() != 0, "swap_cluster_install_table: memcg_table already allocated");
    attach_memcg_table(ci);
  }
}

bool swap_cluster_alloc_memcg_table(SwapCluster& ci) {
  CHECKER_FRAME();
  ci.lock.assert_held();
  if (alloc_fails(AllocSite::MemcgTable, /*gfp_atomic_knob=*/true)) return false;
  attach_memcg_table(ci);
  return true;
}

void swap_cluster_free_table(SwapCluster& ci, bool locked) {
  CHECKER_FRAME();
  if (locked) {
    // Only an empty cluster's table may be freed.
    ci.lock.assert_held();
    VM_WARN_ON(!cluster_is_empty(ci), "swap_cluster_free_table: cluster not empty");
  }
  // kfree(ci->memcg_table): its readers all hold ci->lock, no grace period is needed.
  if (const std::uint32_t mt = ci.memcg_table.read(); mt != 0) {
    ci.memcg_table.write(0);
    checker::heap_free(model().memcg_table(mt).cell);
  }
  SwapTable* t = cluster_table_locked(ci);
  if (t == nullptr) return;
  checker::lkmm::rcu_assign_pointer(ci.table, std::uint32_t{0});
  // Lockless readers (swap_table_get) may still hold the old pointer: free after a grace period.
  checker::heap_free_rcu(model().rcu, t->cell);
}

int swap_extend_table_alloc(SwapCluster& ci, unsigned ci_off, bool atomic) {
  CHECKER_FRAME();
  SwapModel& m = model();
  if (alloc_fails(atomic ? AllocSite::ExtendTable : AllocSite::ExtendTableSleep, /*gfp_atomic_knob=*/atomic)) return -ENOMEM;
  // Allocated outside the lock: a sleeping allocation cannot run under ci->lock.
  ExtendTable& e = m.new_ext_table(ci.device * 100 + ci.index);
  bool attached = false;
  ci.lock.lock();
  const pure::Machine d{};
  if (tb::step::extend_table_attaches(
          d, cluster_table_is_alloced(ci), [&] { return std::int64_t{tb::field(__swap_table_get(ci, ci_off))}; },
          [&] { return ci.extend_table.read() != 0; }, std::int64_t{m.count_max()})) {
    ci.extend_table.write(static_cast<std::uint32_t>(e.id));
    attached = true;
  }
  ci.lock.unlock();
  // Lost the race (or no longer needed): this path still returns 0 and the caller retries.
  if (!attached) checker::heap_free(e.cell);
  return 0;
}

void swap_extend_table_try_free(SwapCluster& ci) {
  CHECKER_FRAME();
  ci.lock.assert_held();
  const pure::Machine d{};
  const std::uint32_t id = ci.extend_table.read();
  // The scan stops at the first entry in use, and there is none to scan without a table.
  ExtendTable* e = id == 0 ? nullptr : &model().ext_table(id);
  bool in_use = false;
  for (std::size_t i = 0; e != nullptr && !in_use && i < e->ext.size(); ++i)
    in_use = tb::step::extend_entry_in_use(d, std::int64_t{e->ext[i].read()});
  // The slot's entry does not matter here: the model only acts on whether the table goes.
  const auto r = tb::step::extend_table_try_free(d, e != nullptr, in_use, 0, model().cfg.mutations);
  if (!r.frees) return;
  // Mutation extend_table_free_keeps_pointer: the table is freed while ci->extend_table still
  // names it (dead_once: a live pointer to a freed object).
  if (!r.slot.has_ext) ci.extend_table.write(0);
  checker::heap_free(e->cell);
}

}  // namespace swapmodel
