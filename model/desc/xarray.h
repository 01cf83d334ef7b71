// A small XArray (lib/xarray.c, include/linux/xarray.h) as seed 001's maps and the swap cache
// use it: vswap_map (virtual entry -> struct swp_desc *), vswap_rmap (physical slot ->
// xa_mk_value(virtual entry)) and swap_address_space(entry)->i_pages (virtual entry -> folio).
//
// Model: a flat array of entry words, one Atomic per index (the slot of its xa_node); there
// are no nodes. Writers hold xa_lock (xa_store / xa_erase take it themselves, the __xa_*
// forms expect it held). Readers either hold xa_lock or are inside an RCU read-side section
// (xa_load, and the walk of XaState) and see each index's word as one atomic load: a walk
// over several indices can therefore see some of them before and some after a concurrent
// writer, as in the kernel.
//
// Entry words follow the kernel's encoding: 0 is NULL; a value entry is (v << 1) | 1
// (xa_mk_value); an internal entry ends in binary 10 (XA_RETRY_ENTRY, XA_ZERO_ENTRY); a pointer
// ends in 00 and here names a model object by its id (xa_mk_ptr). The walk meets internal
// entries exactly as xas_for_each does (xas_retry); with no nodes the model's own writers never
// produce XA_RETRY_ENTRY (the kernel writes it into a node being freed or shrunk), so only tests
// put one in.
#pragma once

#include <cstdint>
#include <source_location>
#include <string>

#include "checker/atomic.h"
#include "checker/lock.h"
#include "model/stable_vector.h"

namespace swapmodel::desc {

// --- entry words ----------------------------------------------------------------------------

constexpr std::uint64_t xa_mk_value(std::uint64_t v) { return (v << 1) | 1; }
constexpr bool xa_is_value(std::uint64_t w) { return (w & 1) != 0; }
constexpr std::uint64_t xa_to_value(std::uint64_t w) { return w >> 1; }

constexpr std::uint64_t xa_mk_internal(std::uint64_t v) { return (v << 2) | 2; }
constexpr bool xa_is_internal(std::uint64_t w) { return (w & 3) == 2; }
inline constexpr std::uint64_t XA_RETRY_ENTRY = xa_mk_internal(256);
inline constexpr std::uint64_t XA_ZERO_ENTRY = xa_mk_internal(257);

// A pointer to model object `id` (a desc, a folio): 4-aligned and never NULL.
constexpr std::uint64_t xa_mk_ptr(int id) { return (static_cast<std::uint64_t>(id) + 1) << 2; }
constexpr bool xa_is_ptr(std::uint64_t w) { return w != 0 && (w & 3) == 0; }
constexpr int xa_to_ptr(std::uint64_t w) { return static_cast<int>((w >> 2) - 1); }

std::string format_xa_entry(std::uint64_t w);
// The same, showing a value entry as the virtual swap entry it holds (vswap_rmap).
std::string format_rmap_entry(std::uint64_t w);

// --- the array --------------------------------------------------------------------------------

class XArray {
 public:
  // Indices [0, size). The names are string literals: the lock's ("vswap_map.xa_lock", also
  // its lockdep class) and the words' pattern ("vswap_map[#]"). Every access below takes the
  // caller's source location, so traces name the kernel function that made it.
  XArray(const char* lock_name, const char* slot_name, std::size_t size,
         checker::ValueFormatter fmt = format_xa_entry);

  checker::SpinLock xa_lock;

  std::size_t size() const { return slots_.size(); }

  // xa_load: caller inside rcu_read_lock() or holding xa_lock. Out of range reads NULL.
  std::uint64_t load(std::uint64_t index, std::source_location loc = std::source_location::current());
  // __xa_store: caller holds xa_lock; returns the old word.
  std::uint64_t store_locked(std::uint64_t index, std::uint64_t w,
                             std::source_location loc = std::source_location::current());
  // xa_store / xa_erase: take xa_lock for the one store.
  std::uint64_t store(std::uint64_t index, std::uint64_t w, std::source_location loc = std::source_location::current());
  std::uint64_t erase(std::uint64_t index, std::source_location loc = std::source_location::current());

  // The word at `index` (for XaState and the waits of the swap cache).
  checker::Atomic<std::uint64_t>& slot(std::uint64_t index) { return slots_.at(index); }
  // Without an event: invariants, setup and tests.
  std::uint64_t peek(std::uint64_t index) const { return index < slots_.size() ? slots_[index].peek() : 0; }

 private:
  void require_reader() const;
  StableVector<checker::Atomic<std::uint64_t>> slots_;
};

// XA_STATE + xas_for_each / xas_retry: the walk seed 001's range functions use,
//
//   XaState xas(xa, start);
//   for (std::uint64_t w = xas.find(max); w != 0; w = xas.next_entry(max)) {
//     if (xas.retry(w)) continue;
//     ...
//   }
//
// xas_find returns the first non-NULL word at an index >= the cursor and <= max: NULL indices
// are skipped, one atomic load each. xas_retry: XA_ZERO_ENTRY (a reserved index) is skipped;
// XA_RETRY_ENTRY resets the state, so the next step loads the same index again. Caller inside
// rcu_read_lock() (or holding xa_lock).
class XaState {
 public:
  XaState(XArray& xa, std::uint64_t start) : xa_(xa), index_(start) {}

  std::uint64_t find(std::uint64_t max, std::source_location loc = std::source_location::current());
  std::uint64_t next_entry(std::uint64_t max, std::source_location loc = std::source_location::current());
  bool retry(std::uint64_t w);
  // xas.xa_index: the index of the word last returned.
  std::uint64_t index() const { return index_; }

 private:
  XArray& xa_;
  std::uint64_t index_;
  bool restart_ = false;  // xas_reset by xas_retry: the next step re-walks from index_
};

}  // namespace swapmodel::desc
