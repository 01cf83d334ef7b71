// Turning a step's written objects into the model units it changed (step_dirty.h).
#include "model/step_dirty.h"

#include <algorithm>

#include "model/model.h"
#include "model/vswap/vswap.h"

namespace swapmodel {

namespace {

// Cluster roles that make a physical device's own checks (cluster_count_consistent) look again.
constexpr std::uint8_t kDeviceClusterRoles = role::kCiLock | role::kCiFields | role::kCiTable | role::kCiAlive;
// Cluster roles data_preserved reads (through slot_of and the vswap backend).
constexpr std::uint8_t kDataClusterRoles = role::kCiLock | role::kCiTable | role::kCiAlive | role::kCiVtab;
constexpr std::uint8_t kDataFolioRoles = role::kFolioLock | role::kFolioFlags | role::kFolioSwap | role::kFolioData;

bool contains(const std::vector<std::int32_t>& v, std::uint32_t id) {
  return id != 0 && std::find(v.begin(), v.end(), static_cast<std::int32_t>(id)) != v.end();
}

}  // namespace

void DirtySet::sort_ids() { std::sort(ids_.begin(), ids_.end()); }

std::uint8_t StepDirty::cluster(const SwapCluster& ci) const {
  if (!is_vswap_type(ci.device))
    return phys_clusters_.bits(static_cast<std::size_t>(ci.device) * kMaxClusters + static_cast<std::size_t>(ci.index));
  for (const VMark& v : vclusters_)
    if (v.ci == &ci) return v.bits;
  return 0;
}

bool StepDirty::entry_cluster(swp_entry_t e) const {
  const int type = swp_type(e);
  const std::uint64_t index = swp_offset(e) / m_.slots_per_cluster();
  if (is_vswap_type(type) && m_.vswap != nullptr) {
    if (pool()) return true;
    for (const VMark& v : vclusters_)
      if (static_cast<std::uint64_t>(v.ci->index) == index) return true;
    return false;
  }
  if (type < 0 || static_cast<std::size_t>(type) >= m_.devices.size() || index >= kMaxClusters) return true;
  return phys_clusters_.bits(static_cast<std::size_t>(type) * kMaxClusters + index) != 0;
}

void StepDirty::note_cluster_summary(std::uint8_t bits) {
  if (bits & (role::kCiLock | role::kCiAlive)) flags_ |= kAnyClusterLock;
  if (bits & (role::kCiTable | role::kCiAlive)) flags_ |= kCacheState;
  if (bits & kDataClusterRoles) flags_ |= kData;
}

void StepDirty::note_phys_cluster(std::uint32_t type, std::uint32_t index, std::uint8_t bits) {
  phys_clusters_.mark(type * kMaxClusters + index, bits);
  note_cluster_summary(bits);
  if (bits & kDeviceClusterRoles) devices_.mark(type, role::kSiClusters);
}

void StepDirty::note_vcluster(std::uint32_t id, std::uint8_t bits) {
  note_cluster_summary(bits);
  for (VMark& v : vclusters_)
    if (v.id == id) {
      v.bits |= bits;
      return;
    }
  vclusters_.push_back(VMark{id, &m_.vswap->cluster(id).ci, bits});
}

void StepDirty::mark_device_clusters(std::uint32_t type) {
  for (const SwapCluster& ci : m_.devices[type].clusters) note_phys_cluster(type, static_cast<std::uint32_t>(ci.index), role::kCiAlive);
}

void StepDirty::mark_pool_index(std::int32_t index) {
  flags_ |= kPool | kCacheState | kData;
  for (vswap::VswapCluster& d : m_.vswap->clusters)
    if (d.index == index) note_vcluster(static_cast<std::uint32_t>(d.id), role::kCiAlive);
}

// Whether the write was the acquisition of a lock the unit is judged by (step_dirty.h: it marks
// nothing), told by the lock being held after the step.
bool StepDirty::acquired(const ObjectTag& t) const {
  const auto a = static_cast<std::size_t>(t.a);
  switch (t.owner) {
    case Owner::Cluster: return t.role == role::kCiLock && m_.devices[a].clusters[static_cast<std::size_t>(t.b)].lock.held();
    case Owner::VCluster: return t.role == role::kCiLock && m_.vswap->cluster(static_cast<std::uint32_t>(t.a)).ci.lock.held();
    case Owner::Device: return t.role == role::kSiLock && m_.devices[a].lock.held();
    case Owner::Folio: return t.role == role::kFolioLock && m_.folio(t.a).lock.held();
    case Owner::Mm: return t.role == role::kMmPtl && m_.mm(t.a).ptl.held();
    default: return false;
  }
}

void StepDirty::note(checker::ObjectId id) {
  const ObjectTag& t = tags_.find(id);
  if (acquired(t)) return;
  const auto a = static_cast<std::uint32_t>(t.a);
  switch (t.owner) {
    case Owner::Unknown: all_ = true; return;
    case Owner::Other: return;
    case Owner::Cluster: note_phys_cluster(a, static_cast<std::uint32_t>(t.b), t.role); return;
    case Owner::VCluster: note_vcluster(a, t.role); return;
    case Owner::Table: tables_.push_back(t.a); flags_ |= kCacheState | kData; return;
    case Owner::ExtTable: ext_tables_.push_back(t.a); return;
    case Owner::VTable: vtables_.push_back(t.a); flags_ |= kData; return;
    case Owner::Device:
      devices_.mark(a, t.role);
      if (t.role & role::kSiAlive) {
        flags_ |= kCacheState | kData;
        mark_device_clusters(a);
      }
      return;
    case Owner::Disk:
    case Owner::ZswapTree:
    case Owner::PhysDisk: flags_ |= kData; return;
    case Owner::ZswapEntry: flags_ |= kZswapEntry | kData; return;
    case Owner::Folio:
      folios_.mark(a, t.role);
      if (t.role & (role::kFolioFlags | role::kFolioSwap)) flags_ |= kFolioCache | kCacheState;
      if (t.role & kDataFolioRoles) flags_ |= kData;
      return;
    case Owner::Memcg: memcgs_.mark(a, 1); return;
    case Owner::Mm: mms_.mark(a, 1); return;
    case Owner::Pool: mark_pool_index(t.a); return;
    case Owner::Desc: descs_.mark(a, 1); flags_ |= kData; return;
    case Owner::DescXa: flags_ |= kDescXa | kData; return;
  }
}

// A word of a table marks the clusters whose pointer names the table now.
void StepDirty::resolve_tables() {
  if (tables_.empty() && ext_tables_.empty() && vtables_.empty()) return;
  for (SwapDevice& si : m_.devices)
    for (SwapCluster& ci : si.clusters) {
      const std::uint8_t bits = (contains(tables_, ci.table.peek()) ? role::kCiTable : 0) |
                                (contains(ext_tables_, ci.extend_table.peek()) ? role::kCiExt : 0);
      if (bits != 0) note_phys_cluster(static_cast<std::uint32_t>(si.type), static_cast<std::uint32_t>(ci.index), bits);
    }
  if (m_.vswap != nullptr)
    for (vswap::VswapCluster& d : m_.vswap->clusters) {
      const std::uint8_t bits = (contains(tables_, d.ci.table.peek()) ? role::kCiTable : 0) |
                                (contains(ext_tables_, d.ci.extend_table.peek()) ? role::kCiExt : 0) |
                                (contains(vtables_, d.virtual_table.peek()) ? role::kCiVtab : 0);
      if (bits != 0) note_vcluster(static_cast<std::uint32_t>(d.id), bits);
    }
  tables_.clear();
  ext_tables_.clear();
  vtables_.clear();
}

// The lists in the orders the whole-model checks visit units.
void StepDirty::finish() {
  for (DirtySet* s : {&phys_clusters_, &devices_, &folios_, &mms_, &memcgs_, &descs_}) s->sort();
  if (vclusters_.empty()) return;
  for (const VMark& v : vclusters_) vcluster_ids_.push_back(v.id);
  std::sort(vcluster_ids_.begin(), vcluster_ids_.end());
  if (m_.vswap == nullptr) return;
  for (std::uint32_t id : vcluster_ids_) {
    const vswap::VswapCluster& d = m_.vswap->cluster(id);
    if (m_.vswap->pool.at(static_cast<std::size_t>(d.index)).peek() == id) pool_clusters_.push_back(id);
  }
  // One cluster per xarray index, so ordering by index is a total order.
  std::sort(pool_clusters_.begin(), pool_clusters_.end(),
            [this](std::uint32_t a, std::uint32_t b) { return m_.vswap->cluster(a).index < m_.vswap->cluster(b).index; });
}

void StepDirty::recompute(const checker::StepWrites& w) {
  gen_ = w.step + 1;
  clean_ = true;
  all_ = false;
  flags_ = 0;
  if (!vclusters_.empty()) {
    vclusters_.clear();
    vcluster_ids_.clear();
    pool_clusters_.clear();
  }
  std::vector<checker::ObjectId>& ghost = m_.ghost.written;
  if (m_.ghost.written_all) {
    m_.ghost.written_all = false;
    all_ = true;
    clean_ = false;
  }
  if (w.objects.empty() && ghost.empty()) return;  // a read: nothing to judge again
  // New objects (or the first incremental step of the execution): tag what the model holds now.
  bool untagged = false;
  for (checker::ObjectId id : w.objects) untagged |= tags_.find(id).owner == Owner::Unknown;
  for (checker::ObjectId id : ghost) untagged |= tags_.find(id).owner == Owner::Unknown;
  if (untagged) tags_.update(m_);
  for (checker::ObjectId id : w.objects) note(id);
  for (checker::ObjectId id : ghost) note(id);
  ghost.clear();
  resolve_tables();
  clean_ = !all_ && flags_ == 0 && phys_clusters_.empty() && vclusters_.empty() && devices_.empty() && folios_.empty() &&
           mms_.empty() && memcgs_.empty() && descs_.empty();
  if (!clean_) finish();
}

}  // namespace swapmodel
