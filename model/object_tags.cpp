// The walk that tags every engine object of the model (object_tags.h).
#include "model/object_tags.h"

#include <algorithm>

#include "model/desc/state.h"
#include "model/model.h"
#include "model/vswap/vswap.h"

namespace swapmodel {

namespace {

constexpr std::uint8_t kAllRoles = 0x7f;

template <class Deque, class F>
void each_new(Deque& d, std::size_t& done, F f) {
  for (; done < d.size(); ++done) f(d[done]);
}

}  // namespace

void ObjectTags::set(checker::ObjectId id, Owner o, std::uint8_t r, std::int32_t a, std::int32_t b) {
  // Ids come mostly in ascending order: grow geometrically (untagged ids read as Unknown).
  if (id >= tags_.size()) tags_.resize(std::max<std::size_t>(id + 1, 2 * tags_.size()));
  tags_[id] = ObjectTag{o, r, a, b};
}

void ObjectTags::update(SwapModel& m) {
  if (!fixed_done_) tag_fixed(m);
  fixed_done_ = true;
  tag_grown(m);
}

namespace {

// A cluster's own fields, as Cluster (physical: type, index) or VCluster (vswap: id).
template <class Set>
void tag_cluster(Set set, SwapCluster& ci, Owner o, std::int32_t a, std::int32_t b) {
  set(ci.lock.id(), o, role::kCiLock, a, b);
  set(ci.count.id(), o, role::kCiFields, a, b);
  set(ci.flags.id(), o, role::kCiFields, a, b);
  set(ci.order.id(), o, role::kCiFields, a, b);
  set(ci.table.id(), o, role::kCiTable, a, b);
  set(ci.extend_table.id(), o, role::kCiExt, a, b);
  set(ci.memcg_table.id(), o, role::kCiMemcgTab, a, b);
}

// A device's own fields. The vswap device (seed 004) is read by no step invariant through
// these (its clusters are tagged as VCluster), so it is Other.
template <class Set>
void tag_device(Set set, SwapDevice& si, Owner o, std::int32_t dev) {
  set(si.flags.id(), o, role::kSiOther, dev);
  set(si.users.dead.id(), o, role::kSiDead, dev);
  for (auto& c : si.users.count) set(c.id(), o, role::kSiOther, dev);
  set(si.lock.id(), o, role::kSiLock, dev);
  set(si.inuse_pages.id(), o, role::kSiInuse, dev);
  set(si.cluster_info->id, o, role::kSiAlive, dev);
  set(si.free_clusters.id(), o, role::kSiLists, dev);
  set(si.full_clusters.id(), o, role::kSiLists, dev);
  for (auto& l : si.nonfull_clusters) set(l.id(), o, role::kSiLists, dev);
  for (auto& l : si.frag_clusters) set(l.id(), o, role::kSiLists, dev);
  for (auto& d : si.disk) set(d.id(), o == Owner::Device ? Owner::Disk : o, kAllRoles, dev);
  set(si.zswap.cell->id, o == Owner::Device ? Owner::ZswapTree : o, kAllRoles, dev);
  for (auto& s : si.zswap.slot) set(s.id(), o == Owner::Device ? Owner::ZswapTree : o, kAllRoles, dev);
}

}  // namespace

void ObjectTags::tag_fixed(SwapModel& m) {
  auto set = [this](checker::ObjectId id, Owner o, std::uint8_t r, std::int32_t a = 0, std::int32_t b = 0) {
    this->set(id, o, r, a, b);
  };
  for (checker::ObjectId id : {m.rcu.id(), m.swap_lock.id(), m.swap_avail_lock.id(), m.swap_avail_head.id(),
                               m.nr_swap_pages.id(), m.total_swap_pages.id()})
    set(id, Owner::Other, kAllRoles);
  for (std::size_t d = 0; d < m.devices.size(); ++d) {
    SwapDevice& si = m.devices[d];
    tag_device(set, si, Owner::Device, static_cast<std::int32_t>(d));
    for (SwapCluster& ci : si.clusters) tag_cluster(set, ci, Owner::Cluster, static_cast<std::int32_t>(d), ci.index);
  }
  for (PercpuSwapCluster& p : m.percpu) {
    set(p.lock.id(), Owner::Other, kAllRoles);
    for (auto& s : p.si) set(s.id(), Owner::Other, kAllRoles);
    for (auto& o : p.offset) set(o.id(), Owner::Other, kAllRoles);
  }
  for (Memcg& c : m.memcgs)
    for (checker::ObjectId id : {c.swap.id(), c.memsw.id(), c.id_ref.id(), c.online.id()})
      set(id, Owner::Memcg, kAllRoles, c.id);
  if (m.zswap_lru)
    for (checker::ObjectId id : {m.zswap_lru->lock.id(), m.zswap_lru->list.id(), m.zswap_lru->enabled.id()})
      set(id, Owner::Other, kAllRoles);
  if (desc::VswapState* v = m.vswap_desc.get()) {
    for (desc::XArray* xa : {&v->vswap_map, &v->swap_cache}) {
      set(xa->xa_lock.id(), Owner::DescXa, kAllRoles);
      for (std::uint64_t i = 0; i < xa->size(); ++i) set(xa->slot(i).id(), Owner::DescXa, kAllRoles);
    }
    set(v->vswap_rmap.xa_lock.id(), Owner::Other, kAllRoles);
    for (std::uint64_t i = 0; i < v->vswap_rmap.size(); ++i) set(v->vswap_rmap.slot(i).id(), Owner::Other, kAllRoles);
    set(v->vswap_used.id(), Owner::Other, kAllRoles);
    set(v->phys.lock.id(), Owner::Other, kAllRoles);
    for (auto& s : v->phys.swap_map) set(s.id(), Owner::Other, kAllRoles);
    for (auto& d : v->phys.disk) set(d.id(), Owner::PhysDisk, kAllRoles);
  }
  if (vswap::VswapState* v = m.vswap.get()) {
    tag_device(set, v->si, Owner::Other, 0);
    set(v->xa_lock.id(), Owner::Other, kAllRoles);
    for (std::size_t i = 0; i < v->pool.size(); ++i) set(v->pool[i].id(), Owner::Pool, kAllRoles, static_cast<std::int32_t>(i));
    for (vswap::PercpuVswapCluster& p : v->percpu) {
      set(p.lock.id(), Owner::Other, kAllRoles);
      for (auto& o : p.offset) set(o.id(), Owner::Other, kAllRoles);
    }
    set(v->used.id(), Owner::Other, kAllRoles);
    set(v->alloc_reject.id(), Owner::Other, kAllRoles);
  }
}

void ObjectTags::tag_grown(SwapModel& m) {
  each_new(m.mms, mms_, [&](MmStruct& mm) {
    set(mm.ptl.id(), Owner::Mm, role::kMmPtl, mm.id);
    for (auto& p : mm.pte) set(p.id(), Owner::Mm, role::kMmPte, mm.id);
  });
  each_new(m.folios, folios_, [&](Folio& f) {
    set(f.lock.id(), Owner::Folio, role::kFolioLock, f.id);
    set(f.flags.id(), Owner::Folio, role::kFolioFlags, f.id);
    set(f.swap.id(), Owner::Folio, role::kFolioSwap, f.id);
    set(f.refcount.id(), Owner::Folio, role::kFolioRefs, f.id);
    set(f.mapcount.id(), Owner::Folio, role::kFolioRefs, f.id);
    set(f.memcg.id(), Owner::Folio, role::kFolioRefs, f.id);
    for (auto& d : f.data) set(d.id(), Owner::Folio, role::kFolioData, f.id);
  });
  each_new(m.tables, tables_, [&](SwapTable& t) {
    set(t.cell->id, Owner::Table, kAllRoles, t.id);
    for (auto& w : t.tb) set(w.id(), Owner::Table, kAllRoles, t.id);
  });
  each_new(m.ext_tables, ext_tables_, [&](ExtendTable& t) {
    set(t.cell->id, Owner::ExtTable, kAllRoles, t.id);
    for (auto& w : t.ext) set(w.id(), Owner::ExtTable, kAllRoles, t.id);
  });
  // Per-slot memcg ids are read only at quiescence (charge_balanced).
  each_new(m.memcg_tables, memcg_tables_, [&](MemcgTable& t) {
    set(t.cell->id, Owner::Other, kAllRoles);
    for (auto& w : t.memcg_id) set(w.id(), Owner::Other, kAllRoles);
  });
  each_new(m.zswap_entries, zswap_, [&](ZswapEntry& e) {
    for (checker::ObjectId id : {e.cell->id, e.data.id(), e.swpentry.id()}) set(id, Owner::ZswapEntry, kAllRoles, e.id);
  });
  if (desc::VswapState* v = m.vswap_desc.get())
    each_new(v->descs, descs_, [&](desc::SwpDesc& d) {
      for (checker::ObjectId id : {d.cell->id, d.slot.id(), d.lock.id(), d.memcgid.id(), d.swap_refs.id()})
        set(id, Owner::Desc, kAllRoles, d.id);
    });
  if (vswap::VswapState* v = m.vswap.get()) {
    each_new(v->clusters, vclusters_, [&](vswap::VswapCluster& d) {
      tag_cluster([this](checker::ObjectId id, Owner o, std::uint8_t r, std::int32_t a, std::int32_t b) { set(id, o, r, a, b); },
                  d.ci, Owner::VCluster, d.id, 0);
      set(d.cell->id, Owner::VCluster, role::kCiAlive, d.id);
      set(d.virtual_table.id(), Owner::VCluster, role::kCiVtab, d.id);
    });
    each_new(v->vtables, vtables_, [&](vswap::VirtualTable& t) {
      set(t.cell->id, Owner::VTable, kAllRoles, t.id);
      for (auto& w : t.vt) set(w.id(), Owner::VTable, kAllRoles, t.id);
    });
  }
}

}  // namespace swapmodel
