// The memcg swap-accounting decisions, written once over a value domain (model/pure_value.h):
// page_counter_try_charge's limit test, the private id's tryget, seed 004's uncharge batch, and
// the subtractions of page_counter_uncharge and mem_cgroup_private_id_put (mm/page_counter.c,
// mm/memcontrol.c, mm/memcontrol-v1.c; seed 004 P4; SEMANTICS 1.9, 2.3). model/memcg.cpp and
// model/vswap/backing.cpp call them between their atomic counter accesses, or apply what they
// return with one atomic add; proofs/memcg_counters.cpp calls them on z3 terms. Pure: no model
// state.
#pragma once

#include "model/config.h"
#include "model/pure_value.h"

namespace swapmodel::memcg_step {

// mm/page_counter.c: page_counter_try_charge, one level: the charge of nr that brought the
// counter to `usage_after` went over the limit (-1: none) and is reverted.
template <class D>
typename D::Bool over_limit(const D& d, typename D::Int usage_after, typename D::Int swap_max) {
  d.note("page_counter_try_charge");
  return swap_max >= 0 && usage_after > swap_max;
}

// mm/memcontrol.c: mem_cgroup_private_id_get_online takes the reference with
// refcount_inc_not_zero (mutation private_id_get_no_tryget: refcount_add, reviving a dead id).
constexpr bool private_id_get_uses_tryget(const Mutations& m) { return !m.private_id_get_no_tryget; }
// Whether it takes M's reference (not its parent's) when M's refcount is `ref`.
template <class D>
typename D::Bool private_id_get_takes(const D& d, typename D::Int ref, const Mutations& m) {
  d.note("mem_cgroup_private_id_get_online");
  return d.truth(!private_id_get_uses_tryget(m)) || ref != 0;
}

// mm/page_counter.c: page_counter_uncharge, one level (page_counter_cancel): what the atomic
// subtraction adds to the counter. The model applies it with one atomic fetch_add, proofs/ to the
// counter's term, so both run this.
template <class D>
typename D::Int uncharge_delta(const D& d, typename D::Int nr) {
  d.note("page_counter_uncharge");
  return d.lit(0) - nr;
}

// page_counter_cancel's WARN_ONCE(new < 0): the counter held less than nr before (old: the value
// the subtraction returned).
template <class D>
typename D::Bool uncharge_underflows(const D& d, typename D::Int old, typename D::Int nr) {
  d.note("page_counter_uncharge");
  return old < nr;
}

// mm/memcontrol.c: mem_cgroup_private_id_put(M, n): refcount_sub_and_test(n, &M->id.ref); what
// the subtraction adds to the refcount.
template <class D>
typename D::Int private_id_put_delta(const D& d, typename D::Int nr) {
  d.note("mem_cgroup_private_id_put");
  return d.lit(0) - nr;
}

template <class D>
struct PrivateIdPut {
  typename D::Bool underflow;  // the refcount held less than nr (refcount_t saturates and WARNs)
  typename D::Bool last;       // it reached 0: mem_cgroup_private_id_remove removes the id for good
};

// What the put learns from the refcount before it (old).
template <class D>
PrivateIdPut<D> private_id_put_result(const D& d, typename D::Int old, typename D::Int nr) {
  d.note("mem_cgroup_private_id_put");
  return PrivateIdPut<D>{old < nr, old == nr};
}

// mm/memcontrol.c: __mem_cgroup_try_charge_swap charges only without memsw (v2); memcg1_swapout
// charges memsw (v1) instead. __mem_cgroup_record_swap and the backing charges are v2 only too.
template <class D>
typename D::Bool charges_swap_counter(const D& d, typename D::Bool memsw) {
  d.note("__mem_cgroup_try_charge_swap");
  return !memsw;
}

// mm/swapfile.c (seed 004 P4): vswap_uncharge_cgroup_batch: memsw uncharges every slot of the
// batch, the v2 swap counter only its physically backed (SWAPFILE) ones.
template <class D>
typename D::Int uncharge_batch_count(const D& d, typename D::Bool memsw, typename D::Int batch_nr,
                                     typename D::Int batch_nr_swapfile) {
  d.note("vswap_uncharge_cgroup_batch");
  return d.ite(memsw, batch_nr, batch_nr_swapfile);
}

}  // namespace swapmodel::memcg_step
