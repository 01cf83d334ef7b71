// Which part of the swap model each engine object belongs to, for incremental invariant checks
// (step_dirty.h): the engine reports the ObjectIds a step wrote and knows nothing of swap; this
// table turns an id back into "the lock of cluster 0:1" or "a page of folio 3".
//
// Filled by walking the model's entities, not by their constructors, so the mapping lives in
// one place: update() tags the fixed entities (devices, memcgs, globals, built in the model's
// constructor) once, and then the entities appended since the last call (folios, tables, zswap
// entries, vswap clusters, descriptors, mms), so a step that created objects costs what it
// created. An id that no walk tagged is Unknown, and step_dirty.h treats a write to it as a
// change to everything: a forgotten entity costs time, never a missed violation.
//
// One table per execution (ids are only stable within one); single-threaded like the execution.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "checker/types.h"

namespace swapmodel {

class SwapModel;

enum class Owner : std::uint8_t {
  Unknown,
  Other,       // read by no step invariant (global counters, per-CPU caches, zswap LRU, ...)
  Cluster,     // a physical cluster's fields: a = swap type, b = cluster index
  VCluster,    // a vswap dynamic cluster (seed 004): a = its id
  Table,       // a swap table (cell and words): a = table id
  ExtTable,    // an extend table: a = its id
  Device,      // a physical device's own fields: a = index in SwapModel::devices
  Disk,        // a physical device's block contents: a = device index
  ZswapTree,   // a physical device's zswap tree
  ZswapEntry,  // a = entry id
  Folio,       // a = folio id
  Memcg,       // a = memcg id
  Mm,          // a page table: a = mm id
  Pool,        // the vswap xarray: a = index
  VTable,      // a vswap virtual_table: a = its id
  Desc,        // a seed-001 descriptor: a = its id
  DescXa,      // seed 001's vswap_map and swap cache (locks and words)
  PhysDisk,    // seed 001's physical device contents
};

// Role of an object inside its owner: bits, so that a step's dirty mask per owner collects them.
namespace role {
// Cluster and VCluster.
inline constexpr std::uint8_t kCiLock = 1;       // ci->lock
inline constexpr std::uint8_t kCiFields = 2;     // count, flags, order
inline constexpr std::uint8_t kCiTable = 4;      // the table pointer, or a word of the table it names
inline constexpr std::uint8_t kCiExt = 8;        // the extend-table pointer, or a word of that table
inline constexpr std::uint8_t kCiAlive = 16;     // its device's cluster_info, its vswap cell, or its xarray slot
inline constexpr std::uint8_t kCiVtab = 32;      // virtual_table pointer, or a word of that table
inline constexpr std::uint8_t kCiMemcgTab = 64;  // the memcg_table pointer
// Mm.
inline constexpr std::uint8_t kMmPtl = 1;
inline constexpr std::uint8_t kMmPte = 2;
// Folio.
inline constexpr std::uint8_t kFolioLock = 1;
inline constexpr std::uint8_t kFolioFlags = 2;
inline constexpr std::uint8_t kFolioSwap = 4;    // folio->swap
inline constexpr std::uint8_t kFolioRefs = 8;    // refcount, mapcount, memcg
inline constexpr std::uint8_t kFolioData = 16;   // a page's content
// Device.
inline constexpr std::uint8_t kSiLock = 1;
inline constexpr std::uint8_t kSiLists = 2;      // free / nonfull / frag / full lists
inline constexpr std::uint8_t kSiInuse = 4;      // inuse_pages
inline constexpr std::uint8_t kSiDead = 8;       // users.dead (swapoff killed the percpu_ref)
inline constexpr std::uint8_t kSiAlive = 16;     // cluster_info (freed by swapoff)
inline constexpr std::uint8_t kSiOther = 32;     // flags, per-CPU user counts
inline constexpr std::uint8_t kSiClusters = 64;  // one of its clusters changed (set by step_dirty.h)
// Every owner.
inline constexpr std::uint8_t kNew = 128;        // created in this step (set by step_dirty.h)
}  // namespace role

struct ObjectTag {
  Owner owner = Owner::Unknown;
  std::uint8_t role = 0;
  std::int32_t a = 0;
  std::int32_t b = 0;
};

class ObjectTags {
 public:
  // Tags what the model holds that is not tagged yet.
  void update(SwapModel& m);
  const ObjectTag& find(checker::ObjectId id) const {
    static const ObjectTag unknown;
    return id < tags_.size() ? tags_[id] : unknown;
  }

 private:
  void set(checker::ObjectId id, Owner o, std::uint8_t r = 0, std::int32_t a = 0, std::int32_t b = 0);
  void tag_fixed(SwapModel& m);
  void tag_grown(SwapModel& m);

  std::vector<ObjectTag> tags_;
  bool fixed_done_ = false;
  // How many of each growing container were tagged.
  std::size_t mms_ = 0, folios_ = 0, tables_ = 0, ext_tables_ = 0, memcg_tables_ = 0, zswap_ = 0;
  std::size_t vclusters_ = 0, vtables_ = 0, descs_ = 0;
};

}  // namespace swapmodel
