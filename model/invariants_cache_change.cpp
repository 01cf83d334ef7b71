// swapcache_changed_under_folio_lock (SEMANTICS 1.8): a folio enters or leaves the swap cache, or
// its slots change, only while the folio is locked.
//
// Each folio has a signature: a hash of its PG_swapcache bit and folio->swap, plus one hash per
// slot (of the tables for_each_slot visits) whose word names it. After a step, a folio whose
// signature changed must be locked; the signatures then become the baseline of the next step.
//
// Judged again: the folios the step could have changed. A folio's own hash changes only when its
// flags or folio->swap are written; a slot's contribution only when its cluster's table (pointer
// or words) or its visibility (the device's cluster_info, the vswap xarray slot) is written,
// which StepDirty marks on the cluster. So a step re-hashes the marked folios, re-reads the
// marked clusters' tables against the words it saw last, and compares only the folios whose
// parts moved. A new folio, or a whole check, recomputes everything.
#include "model/invariants_impl.h"

#include <algorithm>

namespace swapmodel::inv {

namespace {

std::uint64_t mix(std::uint64_t x) {
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdull;
  x ^= x >> 33;
  x *= 0xc4ceb9fe1a85ec53ull;
  return x ^ (x >> 33);
}

std::uint64_t own_hash(Folio& f) {
  const std::uint64_t flag = (f.flags.peek() & PG_swapcache) ? 1 : 0;
  return mix(flag * 0x9e3779b97f4a7c15ull ^ mix(f.swap.peek() + 7));
}

std::uint64_t slot_hash(const SwapDevice& si, SwapModel& m, const SwapCluster& ci, unsigned off) {
  return mix(swp_entry(si.type, cluster_offset_of(ci, m) + off).val);
}

}  // namespace

CacheChangeTracker::CacheChangeTracker(SwapModel& m) {
  signature_.clear();
  judge_all(m);
}

std::uint64_t CacheChangeTracker::signatures_default() { return mix(0 ^ mix(7)); }

// The rescan of one cluster: what its table holds now (nothing when not visited), against what
// it held when last seen.
void CacheChangeTracker::rescan(SwapModel& m, std::vector<std::uint64_t>& seen, const SwapDevice& si, SwapCluster& ci,
                                bool visible) {
  const unsigned spc = m.slots_per_cluster();
  const SwapTable* t = visible ? &m.table(ci.table.peek()) : nullptr;
  if (seen.empty()) seen.assign(spc, tb::kNull);
  for (unsigned off = 0; off < spc; ++off) {
    const std::uint64_t now = t == nullptr ? tb::kNull : t->tb[off].peek();
    const std::uint64_t before = seen[off];
    if (now == before) continue;
    seen[off] = now;
    if (tb::is_folio(before) && tb::folio_pfn(before) < slots_.size()) {
      slots_[tb::folio_pfn(before)] -= slot_hash(si, m, ci, off);
      touched_.push_back(static_cast<std::uint32_t>(tb::folio_pfn(before)));
    }
    if (tb::is_folio(now) && tb::folio_pfn(now) < slots_.size()) {
      slots_[tb::folio_pfn(now)] += slot_hash(si, m, ci, off);
      touched_.push_back(static_cast<std::uint32_t>(tb::folio_pfn(now)));
    }
  }
}

// Every folio and cluster from scratch, compared with the baseline as a whole.
Result CacheChangeTracker::judge_all(SwapModel& m) {
  const std::size_t n = m.folios.size();
  own_.assign(n, 0);
  slots_.assign(n, 0);
  for (Folio& f : m.folios) own_[static_cast<std::size_t>(f.id)] = own_hash(f);
  phys_seen_.clear();
  vswap_seen_.clear();
  touched_.clear();
  first_table(m, [&](SwapDevice& si, SwapCluster& ci, SwapTable&) -> Result {
    const bool vswap = is_vswap_type(ci.device);
    const std::size_t key = vswap ? static_cast<std::size_t>(vswap::dyn_of(ci).id)
                                  : static_cast<std::size_t>(ci.device) * StepDirty::kMaxClusters + static_cast<std::size_t>(ci.index);
    std::vector<std::vector<std::uint64_t>>& seen = vswap ? vswap_seen_ : phys_seen_;
    if (key >= seen.size()) seen.resize(key + 1);
    rescan(m, seen[key], si, ci, true);
    return std::nullopt;
  });
  Result r;
  for (std::size_t id = 0; id < n; ++id) {
    const std::uint64_t now = own_[id] + slots_[id];
    const std::uint64_t before = id < signature_.size() ? signature_[id] : signatures_default();
    if (!r && now != before && !m.folio(static_cast<int>(id)).lock.held())
      r = "folio" + std::to_string(id) + "'s swap cache state changed while it was not locked";
  }
  signature_.resize(n);
  for (std::size_t id = 0; id < n; ++id) signature_[id] = own_[id] + slots_[id];
  touched_.clear();
  return r;
}

Result CacheChangeTracker::judge_marked(SwapModel& m, const StepDirty& d) {
  touched_.clear();
  for (std::uint32_t id : d.folios())
    if (d.folio(static_cast<int>(id)) & (role::kFolioFlags | role::kFolioSwap)) {
      const std::uint64_t h = own_hash(m.folio(static_cast<int>(id)));
      if (h == own_[id]) continue;
      own_[id] = h;
      touched_.push_back(id);
    }
  constexpr std::uint8_t kSeenRoles = role::kCiTable | role::kCiAlive;
  for (std::uint32_t key : d.phys_clusters()) {
    SwapDevice& si = m.devices[key / StepDirty::kMaxClusters];
    SwapCluster& ci = si.clusters[key % StepDirty::kMaxClusters];
    if ((d.cluster(ci) & kSeenRoles) == 0) continue;
    if (key >= phys_seen_.size()) phys_seen_.resize(key + 1);
    rescan(m, phys_seen_[key], si, ci, table_of(m, si, ci) != nullptr);
  }
  for (std::uint32_t id : d.vclusters()) {
    vswap::VswapCluster& v = m.vswap->cluster(id);
    if ((d.cluster(v.ci) & kSeenRoles) == 0) continue;
    const bool visible = m.vswap->pool[static_cast<std::size_t>(v.index)].peek() == id && v.ci.table.peek() != 0;
    if (id >= vswap_seen_.size()) vswap_seen_.resize(id + 1);
    rescan(m, vswap_seen_[id], m.vswap->si, v.ci, visible);
  }
  std::sort(touched_.begin(), touched_.end());
  touched_.erase(std::unique(touched_.begin(), touched_.end()), touched_.end());
  Result r;
  for (std::uint32_t id : touched_) {
    const std::uint64_t now = own_[id] + slots_[id];
    if (!r && now != signature_[id] && !m.folio(static_cast<int>(id)).lock.held())
      r = "folio" + std::to_string(id) + "'s swap cache state changed while it was not locked";
    signature_[id] = now;
  }
  return r;
}

Result CacheChangeTracker::check(SwapModel& m, const StepDirty* d) {
  if (d == nullptr || m.folios.size() != own_.size()) return judge_all(m);
  if (!d->cache_state()) return std::nullopt;
  return judge_marked(m, *d);
}

}  // namespace swapmodel::inv
