// What one step changed, in the swap model's terms: the incremental form of the step
// invariants (InvariantDef::check_step) re-judges only the clusters, devices, folios, page
// tables, memcgs and descriptors the step could have changed.
//
// Inputs: the ObjectIds the engine says the step wrote (its event's written accesses and the
// objects it created) and the ghost records the model wrote in the step without an event
// (Ghost::written). object_tags.h turns each id into its owner; then:
//   - a table word, extend-table word or virtual_table word marks the cluster whose pointer
//     names that table now (a table no cluster names is read by no step invariant);
//   - a device's cluster_info freed by swapoff marks every cluster of the device;
//   - an xarray slot of the vswap pool marks every vswap cluster created for that index;
//   - a write to an object no walk tagged marks everything (all()), and so does a ghost record
//     every slot reads (Ghost::note_written_all: the hibernation slots bound every count).
// A lock's release is a write of the lock, so it marks the owner the lock guards: the checks
// that skip a cluster or a page table while its lock is held see it again at the release. Its
// acquisition (or a failed trylock) marks nothing: every step invariant reads a held lock only to
// skip or excuse what the lock guards (a locked cluster, a page table under its PTL, a folio
// frozen by its lock holder), so taking a lock never turns a passing state into a failing one.
// A step's event is one operation, so a lock of a cluster, folio, device or page table that is
// held after the step was not released by it.
//
// Computed once per step, by the engine's step filter (install_invariants) or the first
// incremental check that asks; marks carry the step's generation, so nothing is cleared between
// steps. Lists of marked units come sorted in the
// order the whole-model checks visit them, so an incremental check reports the same first
// failure.
#pragma once

#include <cstdint>
#include <vector>

#include "checker/execution.h"
#include "model/kernel.h"
#include "model/object_tags.h"

namespace swapmodel {

class SwapModel;
struct SwapCluster;

// Units of one kind marked in the current step, by index: membership in O(1), and the list.
// A mark carries the step's generation (*now), so a new step starts empty without clearing.
class DirtySet {
 public:
  explicit DirtySet(const std::uint32_t* now) : now_(now) {}
  bool empty() const { return gen_ != *now_ || ids_.empty(); }
  void mark(std::size_t i, std::uint8_t bits) {
    if (gen_ != *now_) {
      gen_ = *now_;
      ids_.clear();
    }
    if (i >= marks_.size()) marks_.resize(i + 1);
    Mark& k = marks_[i];
    if (k.gen != gen_) {
      k = Mark{gen_, 0};
      ids_.push_back(static_cast<std::uint32_t>(i));
    }
    k.bits |= bits;
  }
  std::uint8_t bits(std::size_t i) const { return i < marks_.size() && marks_[i].gen == *now_ ? marks_[i].bits : 0; }
  void sort() {
    if (!empty() && ids_.size() > 1) sort_ids();
  }
  const std::vector<std::uint32_t>& ids() const { return empty() ? kNone : ids_; }

 private:
  struct Mark {
    std::uint32_t gen = 0;
    std::uint8_t bits = 0;
  };
  void sort_ids();
  static inline const std::vector<std::uint32_t> kNone{};

  const std::uint32_t* now_;
  std::uint32_t gen_ = 0;
  std::vector<Mark> marks_;
  std::vector<std::uint32_t> ids_;
};

class StepDirty {
 public:
  // Physical clusters are keyed type * kMaxClusters + index (model.cpp allows 14 per device).
  static constexpr std::uint32_t kMaxClusters = 16;

  explicit StepDirty(SwapModel& m) : m_(m) {}
  StepDirty(const StepDirty&) = delete;
  StepDirty& operator=(const StepDirty&) = delete;

  // Brings the marks up to date for the step `w` describes (a no-op when already done).
  void update(const checker::StepWrites& w) {
    if (gen_ != w.step + 1) recompute(w);
  }

  // Everything may have changed: judge every unit.
  bool all() const { return all_; }
  // Nothing a step invariant reads changed: every one holds as it did.
  bool clean() const { return clean_; }

  // role::kCi* bits of a cluster (physical or vswap).
  std::uint8_t cluster(const SwapCluster& ci) const;
  // Marked physical clusters (keys, ascending) and vswap clusters (ids, ascending).
  const std::vector<std::uint32_t>& phys_clusters() const { return phys_clusters_.ids(); }
  const std::vector<std::uint32_t>& vclusters() const { return vcluster_ids_; }
  // Marked vswap clusters the xarray holds, by xarray index (for_each_slot's order).
  const std::vector<std::uint32_t>& pool_clusters() const { return pool_clusters_; }

  // Whether the step marked the cluster an entry falls in, as inv::slot_of finds it (its
  // device's liveness, the vswap xarray slot, the cluster's table and lock).
  bool entry_cluster(swp_entry_t e) const;

  // role::kSi* bits of physical device `type`.
  std::uint8_t device(int type) const { return devices_.bits(static_cast<std::size_t>(type)); }
  const std::vector<std::uint32_t>& devices() const { return devices_.ids(); }
  // role::kFolio* bits.
  std::uint8_t folio(int id) const { return folios_.bits(static_cast<std::size_t>(id)); }
  const std::vector<std::uint32_t>& folios() const { return folios_.ids(); }
  bool mm(int id) const { return mms_.bits(static_cast<std::size_t>(id)) != 0; }
  const std::vector<std::uint32_t>& mms() const { return mms_.ids(); }
  bool memcg(int id) const { return memcgs_.bits(static_cast<std::size_t>(id)) != 0; }
  const std::vector<std::uint32_t>& memcgs() const { return memcgs_.ids(); }
  bool desc(int id) const { return descs_.bits(static_cast<std::size_t>(id)) != 0; }
  const std::vector<std::uint32_t>& descs() const { return descs_.ids(); }

  // Summaries for checks that read across owners.
  bool any_cluster_lock() const { return flags_ & kAnyClusterLock; }  // a ci->lock, or a vswap cluster's cell
  bool pool() const { return flags_ & kPool; }                         // the vswap xarray
  bool zswap_entries() const { return flags_ & kZswapEntry; }
  bool desc_xa() const { return flags_ & kDescXa; }
  bool folio_cache_state() const { return flags_ & kFolioCache; }      // some folio's flags or folio->swap
  // Some input of a folio's swap-cache signature: folio flags or swap, a cluster's table or
  // liveness, the pool.
  bool cache_state() const { return flags_ & kCacheState; }
  // Some input of data_preserved other than the page tables themselves.
  bool data() const { return flags_ & kData; }

 private:
  enum : std::uint32_t {
    kAnyClusterLock = 1,
    kPool = 2,
    kZswapEntry = 4,
    kDescXa = 8,
    kFolioCache = 16,
    kCacheState = 32,
    kData = 64,
  };
  struct VMark {
    std::uint32_t id;
    const SwapCluster* ci;
    std::uint8_t bits;
  };

  void recompute(const checker::StepWrites& w);
  void note(checker::ObjectId id);
  bool acquired(const ObjectTag& t) const;
  void note_phys_cluster(std::uint32_t type, std::uint32_t index, std::uint8_t bits);
  void note_vcluster(std::uint32_t id, std::uint8_t bits);
  void note_cluster_summary(std::uint8_t bits);
  void resolve_tables();
  void mark_pool_index(std::int32_t index);
  void mark_device_clusters(std::uint32_t type);
  void finish();

  SwapModel& m_;
  ObjectTags tags_;
  std::uint32_t gen_ = 0;  // step + 1 of the marks
  bool all_ = false;
  bool clean_ = true;
  std::uint32_t flags_ = 0;
  DirtySet phys_clusters_{&gen_}, devices_{&gen_}, folios_{&gen_}, mms_{&gen_}, memcgs_{&gen_}, descs_{&gen_};
  std::vector<VMark> vclusters_;  // few: looked up by scanning
  std::vector<std::uint32_t> vcluster_ids_, pool_clusters_;
  std::vector<std::int32_t> tables_, ext_tables_, vtables_;  // written this step, resolved to clusters
};

}  // namespace swapmodel
