// Page tables: one mm per page table, each with one PTL (the split page-table lock of its
// single PTE page) and a few PTE slots (mm/memory.c's view of them).
//
// A PTE slot holds none, a present page (folio id and page index), a swap entry, or the poison
// marker unuse_pte installs for a page that could not be read. PTEs are atomic words: the
// fault path reads them without the PTL (vmf->orig_pte) and re-checks under it (pte_same);
// every write holds the PTL.
//
// Ghost state (specification only, never used to decide what the model does): for each slot
// the logical page it holds and the content last written to that virtual page (page_data.h).
// It is updated in the same step as the PTE write it belongs to, so invariants always see the
// two agree, and the data_preserved invariant compares it with what the page, the swap cache
// or the backing actually hold.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "checker/atomic.h"
#include "checker/lock.h"
#include "checker/var.h"
#include "model/kernel.h"
#include "model/stable_vector.h"

namespace swapmodel {

inline constexpr std::uint64_t kPteNone = 0;
inline constexpr std::uint64_t kPtePoison = 4;  // make_poisoned_swp_entry()

constexpr std::uint64_t mk_pte_present(int folio, int page) {
  return (static_cast<std::uint64_t>(folio) << 8) | (static_cast<std::uint64_t>(page) << 2) | 1;
}
constexpr std::uint64_t mk_pte_swap(swp_entry_t e) { return (e.val << 2) | 2; }
constexpr bool pte_none(std::uint64_t p) { return p == kPteNone; }
constexpr bool pte_present(std::uint64_t p) { return (p & 1) != 0; }
constexpr bool is_swap_pte(std::uint64_t p) { return (p & 3) == 2; }
constexpr int pte_folio(std::uint64_t p) { return static_cast<int>(p >> 8); }
constexpr int pte_page(std::uint64_t p) { return static_cast<int>((p >> 2) & 0x3f); }
constexpr swp_entry_t pte_to_swp_entry(std::uint64_t p) { return swp_entry_t{p >> 2}; }

std::string format_pte(std::uint64_t p);

// A PTE slot by position, for messages ("mm0.pte[1]"): checkers carry it and build the text only
// when they report.
struct PteRef {
  int mm = 0;
  int idx = 0;
  std::string str() const { return "mm" + std::to_string(mm) + ".pte[" + std::to_string(idx) + "]"; }
};

struct MmStruct {
  MmStruct(int id, int slots, int memcg);
  const int id;
  const int memcg;  // the mm's memcg (get_mem_cgroup_from_mm)
  // A shmem mapping (model/shmem.h) instead of a page table: pte[] are the entries of its page
  // cache xarray (inode->i_mapping->i_pages: a page-cache folio's page, a swap entry, the
  // swapin-error marker, or none) and ptl is its xa_lock. Set when it is created, never after.
  bool shmem = false;
  checker::SpinLock ptl;
  // PTE words: ptep_get() is READ_ONCE and set_pte()/pte_clear() WRITE_ONCE, marked accesses
  // (checker/var.h): they never race with each other, and synchronise nothing; the PTL orders
  // what must be ordered.
  StableVector<checker::Var<std::uint64_t>> pte;
  // Ghost.
  std::vector<std::uint32_t> page_id;
  std::vector<std::uint64_t> expected;
  std::vector<std::uint32_t> version;  // the last version written (a zero page keeps counting)

  int slots() const { return static_cast<int>(pte.size()); }
};

}  // namespace swapmodel
