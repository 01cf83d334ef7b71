// Swap accounting of memory cgroups (mm/memcontrol.c, mm/memcontrol-v1.c; phase IV records the
// private id in the cluster's memcg table, seed 004 P4 shows the code).
#include "model/memcg.h"

#include "checker/kernel_order.h"
#include "checker/object.h"
#include "model/device.h"
#include "model/cluster.h"
#include "model/folio.h"
#include "model/memcg_steps.h"
#include "model/model.h"

namespace swapmodel {

using checker::ObjectName;

Memcg::Memcg(int id_, const MemcgConfig& cfg)
    : id(id_),
      parent(id_ == 1 ? 0 : (cfg.parent == 0 ? 1 : cfg.parent)),
      swap_max(cfg.swap_max),
      charge_fails(cfg.charge_fails),
      swap(ObjectName{"memcg#.swap", id_}, 0),
      memsw(ObjectName{"memcg#.memsw", id_}, 0),
      id_ref(ObjectName{"memcg#.id_ref", id_}, 1),
      online(ObjectName{"memcg#.online", id_}, 1) {}

Memcg* mem_cgroup_from_private_id(int id) {
  SwapModel& m = model();
  if (id <= 0 || static_cast<std::size_t>(id) > m.memcgs.size()) return nullptr;
  return &m.memcg(id);
}

bool mem_cgroup_is_root(const Memcg& memcg) { return memcg.id == 1; }

std::string memcg_id_name(const Memcg& memcg) { return "memcg" + std::to_string(memcg.id) + "'s private id"; }

bool do_memsw_account() { return model().cfg.memcg_mode == MemcgMode::V1; }

namespace {

checker::Atomic<std::int64_t>& counter(Memcg& m) { return do_memsw_account() ? m.memsw : m.swap; }

void page_counter_charge(Memcg& memcg, int nr) {
  CHECKER_FRAME();
  check_not_dead(memcg.id_death, memcg_id_name(memcg), "a swap charge");
  for (Memcg* c = &memcg; c != nullptr && !mem_cgroup_is_root(*c); c = mem_cgroup_from_private_id(c->parent))
    checker::lkmm::atomic_fetch_add(counter(*c), std::int64_t{nr});  // atomic_long_add_return
}

void page_counter_uncharge(Memcg& memcg, int nr) {
  CHECKER_FRAME();
  for (Memcg* c = &memcg; c != nullptr && !mem_cgroup_is_root(*c); c = mem_cgroup_from_private_id(c->parent)) {
    // page_counter_cancel: atomic_long_sub_return, fully ordered.
    const std::int64_t old =
        checker::lkmm::atomic_fetch_add(counter(*c), memcg_step::uncharge_delta(pure::Machine{}, std::int64_t{nr}));
    WARN_ON(memcg_step::uncharge_underflows(pure::Machine{}, old, std::int64_t{nr}), "page_counter underflow");
  }
}

}  // namespace

// mm/page_counter.c: page_counter_try_charge over the hierarchy below the root: charge each level, and on the
// first level over its limit revert what was charged.
bool page_counter_try_charge(Memcg& memcg, int nr) {
  CHECKER_FRAME();
  SwapModel& m = model();
  check_not_dead(memcg.id_death, memcg_id_name(memcg), "a swap charge");
  for (Memcg* c = &memcg; c != nullptr && !mem_cgroup_is_root(*c); c = mem_cgroup_from_private_id(c->parent)) {
    const std::int64_t usage = checker::lkmm::atomic_add_return(counter(*c), std::int64_t{nr});
    if (memcg_step::over_limit(pure::Machine{}, usage, c->swap_max)) {
      for (Memcg* u = &memcg;; u = &m.memcg(u->parent)) {
        checker::lkmm::atomic_fetch_sub(counter(*u), std::int64_t{nr});  // page_counter_cancel
        if (u == c) break;
      }
      return false;
    }
  }
  return true;
}

Memcg& mem_cgroup_private_id_get_online(Memcg& memcg, int nr) {
  CHECKER_FRAME();
  Memcg* m = &memcg;
  if (!memcg_step::private_id_get_uses_tryget(model().cfg.mutations)) {
    // Mutation: refcount_add, as if the memcg were surely online: no test for a dead id.
    m->id_ref.fetch_add(nr, checker::MemoryOrder::Relaxed);  // refcount_add: unordered
  } else {
    // refcount_inc_not_zero (mm/memcontrol.c, mem_cgroup_id_get_online), here with the nr - 1
    // references its caller's refcount_add then takes in one step: a memcg whose last reference
    // is gone is never charged again. Unordered but for a control dependency
    // (lkmm::refcount_add_not_zero).
    while (!checker::lkmm::refcount_add_not_zero(m->id_ref, std::int64_t{nr})) {
      // The root cannot be destroyed: its refcount is always >= 1.
      checker::check(!mem_cgroup_is_root(*m), "mem_cgroup_private_id_get_online: root without references");
      m = mem_cgroup_from_private_id(m->parent);
    }
  }
  check_not_dead(m->id_death, memcg_id_name(*m), "a reference taken");
  return *m;
}

void mem_cgroup_private_id_put(Memcg& memcg, int nr) {
  CHECKER_FRAME();
  const pure::Machine d{};
  // refcount_sub_and_test: release, and acquire when it drops the last reference.
  const std::int64_t old =
      memcg.id_ref.fetch_add(memcg_step::private_id_put_delta(d, std::int64_t{nr}), checker::MemoryOrder::AcqRel);
  const auto r = memcg_step::private_id_put_result(d, old, std::int64_t{nr});
  WARN_ON(r.underflow, "mem_cgroup_private_id_put: refcount underflow");
  // refcount_sub_and_test: the last reference is gone and mem_cgroup_private_id_remove()
  // removes the id for good.
  if (r.last) note_death(memcg.id_death);
}

int folio_memcg(Folio& folio) { return folio.memcg.read(); }

// mm/swap_cgroup.c (phase IV: ci->memcg_table): swap_cgroup_record. The slots record the id
// under the cluster lock.
void swap_cgroup_record(swp_entry_t entry, int nr, int id) {
  CHECKER_FRAME();
  SwapCluster& ci = swap_cluster_lock(swp_type(entry), swp_offset(entry));
  __swap_cgroup_set(ci, static_cast<unsigned>(swp_offset(entry) % model().slots_per_cluster()), nr, id);
  swap_cluster_unlock(ci);
}

// mm/memcontrol.c: __mem_cgroup_try_charge_swap
int mem_cgroup_try_charge_swap(Folio& folio) {
  CHECKER_FRAME();
  if (!memcg_step::charges_swap_counter(pure::Machine{}, do_memsw_account())) return 0;
  Memcg* memcg = mem_cgroup_from_private_id(folio_memcg(folio));
  VM_WARN_ON(memcg == nullptr, "mem_cgroup_try_charge_swap: folio without a memcg");
  if (memcg == nullptr) return 0;
  if (!folio_test_swapcache(folio)) return 0;  // MEMCG_SWAP_FAIL event only
  const int nr = folio.nr();
  Memcg& swap_memcg = mem_cgroup_private_id_get_online(*memcg, nr);
  if (!mem_cgroup_is_root(swap_memcg) && !page_counter_try_charge(swap_memcg, nr)) {
    mem_cgroup_private_id_put(swap_memcg, nr);
    return -ENOMEM;
  }
  swap_cgroup_record(folio_swap(folio), nr, swap_memcg.id);
  return 0;
}

void mem_cgroup_uncharge_swap(int id, int nr) {
  CHECKER_FRAME();
  Memcg* memcg = mem_cgroup_from_private_id(id);
  if (memcg == nullptr) return;
  if (!mem_cgroup_is_root(*memcg)) page_counter_uncharge(*memcg, nr);
  mem_cgroup_private_id_put(*memcg, nr);
}

void memcg1_swapout(Folio& folio, SwapCluster& ci) {
  CHECKER_FRAME();
  ci.lock.assert_held();
  if (!do_memsw_account()) return;
  Memcg* memcg = mem_cgroup_from_private_id(folio.memcg.read());
  if (memcg == nullptr) return;
  // A memcg that has gone offline (no id references left) charges its closest online ancestor.
  const int nr = folio.nr();
  Memcg& swap_memcg = mem_cgroup_private_id_get_online(*memcg, nr);
  const swp_entry_t entry = folio_swap(folio);
  __swap_cgroup_set(ci, static_cast<unsigned>(swp_offset(entry) % model().slots_per_cluster()), nr, swap_memcg.id);
  folio.memcg.write(0);
  // memsw moves from memory to the swap slots (the model counts only the swap share).
  if (!mem_cgroup_is_root(swap_memcg)) page_counter_charge(swap_memcg, nr);
}

void memcg1_swapin(swp_entry_t entry, int nr) {
  CHECKER_FRAME();
  if (!do_memsw_account()) return;
  // The folio now carries a memory+swap charge: drop the swap slots' duplicate.
  SwapCluster& ci = swap_cluster_lock(swp_type(entry), swp_offset(entry));
  const int id = __swap_cgroup_clear(ci, static_cast<unsigned>(swp_offset(entry) % model().slots_per_cluster()), nr);
  swap_cluster_unlock(ci);
  if (id != 0) mem_cgroup_uncharge_swap(id, nr);
}

int mem_cgroup_swapin_charge_folio(Folio& folio, int memcg_id, int mm_memcg) {
  CHECKER_FRAME();
  Memcg* memcg = mem_cgroup_from_private_id(memcg_id);
  if (memcg == nullptr || checker::lkmm::read_once(memcg->online) == 0) memcg = mem_cgroup_from_private_id(mm_memcg);
  if (memcg == nullptr) memcg = &model().memcg(1);
  if (memcg->charge_fails) return -ENOMEM;
  folio.memcg.write(memcg->id);
  return 0;
}

bool mem_cgroup_swap_full(Folio& folio) {
  CHECKER_FRAME();
  if (vm_swap_full()) return true;
  if (do_memsw_account()) return false;
  for (Memcg* m = mem_cgroup_from_private_id(folio.memcg.read()); m != nullptr && !mem_cgroup_is_root(*m);
       m = mem_cgroup_from_private_id(m->parent))
    if (m->swap_max >= 0 && checker::lkmm::atomic_read(m->swap) * 2 >= m->swap_max) return true;  // page_counter_read
  return false;
}

// mm/memcontrol.c (seed 004 P4): __mem_cgroup_record_swap
void mem_cgroup_record_swap(Folio& folio) {
  CHECKER_FRAME();
  if (do_memsw_account()) return;
  Memcg* memcg = mem_cgroup_from_private_id(folio_memcg(folio));
  VM_WARN_ON(memcg == nullptr, "__mem_cgroup_record_swap: folio without a memcg");
  if (memcg == nullptr) return;
  if (!folio_test_swapcache(folio)) return;
  const int nr = folio.nr();
  Memcg& swap_memcg = mem_cgroup_private_id_get_online(*memcg, nr);
  swap_cgroup_record(folio_swap(folio), nr, swap_memcg.id);
}

// mm/memcontrol.c (seed 004 P4): __mem_cgroup_charge_backing_phys_swap. The id reference is
// already held (recorded at vswap allocation); this only moves the counter.
int mem_cgroup_charge_backing_phys_swap(int memcg_id, int nr) {
  CHECKER_FRAME();
  if (do_memsw_account()) return 0;
  Memcg* memcg = mem_cgroup_from_private_id(memcg_id);
  if (memcg == nullptr) return 0;
  if (!mem_cgroup_is_root(*memcg) && !page_counter_try_charge(*memcg, nr)) return -ENOMEM;  // MEMCG_SWAP_MAX/FAIL
  return 0;
}

// mm/memcontrol.c (seed 004 P4): __mem_cgroup_uncharge_backing_phys_swap
void mem_cgroup_uncharge_backing_phys_swap(Memcg* memcg, int nr) {
  CHECKER_FRAME();
  if (memcg == nullptr) return;
  if (!mem_cgroup_is_root(*memcg)) page_counter_uncharge(*memcg, nr);  // memsw on v1, swap on v2
}

// mm/memcontrol.c (seed 004 P4): __mem_cgroup_id_put_swap
void mem_cgroup_id_put_swap(int id, int nr) {
  CHECKER_FRAME();
  if (Memcg* memcg = mem_cgroup_from_private_id(id)) mem_cgroup_private_id_put(*memcg, nr);
}

void mem_cgroup_css_offline(Memcg& memcg) {
  CHECKER_FRAME();
  checker::require(!mem_cgroup_is_root(memcg), "the root memcg cannot go offline");
  // offline_css (kernel/cgroup/cgroup.c): css->flags &= ~CSS_ONLINE, a plain store under
  // cgroup_mutex that mem_cgroup_online reads without a lock: unordered (marked here).
  checker::lkmm::write_once(memcg.online, 0);
  mem_cgroup_private_id_put(memcg, 1);
}

}  // namespace swapmodel
