// The descriptor design's swap cache and swap IO (swap_cache.h).
#include "model/desc/swap_cache.h"

#include <stdexcept>

#include "model/desc/vswap.h"
#include "model/model.h"
#include "model/page_data.h"

namespace swapmodel::desc {

namespace {
std::uint64_t page_index(swp_entry_t first, int i) { return vswap_index(first) + static_cast<std::uint64_t>(i); }
}  // namespace

// mm/filemap.c: filemap_get_folio -> filemap_get_entry on the swap address space.
Folio* filemap_get_folio(swp_entry_t entry) {
  CHECKER_FRAME();
  VswapState& v = vswap();
  SwapModel& m = model();
  checker::Atomic<std::uint64_t>& slot = v.swap_cache.slot(vswap_index(entry));
  Folio* folio = nullptr;
  m.rcu.read_lock();
  for (;;) {
    const std::uint64_t w = v.swap_cache.load(vswap_index(entry));
    if (!xa_is_ptr(w)) break;  // NULL or a shadow: no folio
    Folio& f = m.folio(xa_to_ptr(w));
    if (!folio_try_get_retry(f)) {
      // The count is frozen at 0 by __remove_mapping, which holds the folio lock until the
      // folio has left the cache (the kernel spins through "goto repeat").
      f.lock.wait_unlocked();
      continue;
    }
    // xas_reload: the slot may have changed between the load and the reference.
    if (slot.load() != w) {
      folio_put(f);
      continue;
    }
    folio = &f;
    break;
  }
  m.rcu.read_unlock();
  return folio;
}

// mm/swap_state.c (v6.15): add_to_swap_cache
int add_to_swap_cache(Folio& folio, swp_entry_t entry) {
  CHECKER_FRAME();
  checker::require(folio_test_locked(folio), "add_to_swap_cache: folio not locked");
  checker::require(!folio_test_swapcache(folio), "add_to_swap_cache: folio already in the swap cache");
  VswapState& v = vswap();
  folio_ref_add(folio, folio.nr());
  folio_set(folio, PG_swapcache);
  folio.swap.write(entry.val);
  // The entries' C bits make this thread the only one adding a folio for them; the store does
  // not look at what the slots held (a shadow, or another folio if the pinning went wrong).
  v.swap_cache.xa_lock.lock();
  for (int i = 0; i < folio.nr(); ++i) v.swap_cache.store_locked(page_index(entry, i), xa_mk_ptr(folio.id));
  v.swap_cache.xa_lock.unlock();
  return 0;
}

// mm/swap_state.c (v6.15): __delete_from_swap_cache (shadows are not modelled: NULL is stored)
void __delete_from_swap_cache(Folio& folio, swp_entry_t entry) {
  CHECKER_FRAME();
  VswapState& v = vswap();
  v.swap_cache.xa_lock.assert_held();
  checker::require(folio_test_locked(folio), "__delete_from_swap_cache: folio not locked");
  checker::require(folio_test_swapcache(folio), "__delete_from_swap_cache: folio not in the swap cache");
  for (int i = 0; i < folio.nr(); ++i) {
    const std::uint64_t old = v.swap_cache.store_locked(page_index(entry, i), 0);
    checker::check(old == xa_mk_ptr(folio.id), "__delete_from_swap_cache: the slot holds another entry (VM_BUG_ON_PAGE)");
  }
  folio.swap.write(0);
  folio_clear(folio, PG_swapcache);
}

// mm/swap_state.c (v6.15): delete_from_swap_cache
void delete_from_swap_cache(Folio& folio) {
  CHECKER_FRAME();
  VswapState& v = vswap();
  const swp_entry_t entry = folio_swap(folio);
  v.swap_cache.xa_lock.lock();
  __delete_from_swap_cache(folio, entry);
  v.swap_cache.xa_lock.unlock();
  put_swap_folio(folio, entry);
  folio_ref_sub(folio, folio.nr());
}

// mm/swapfile.c (v6.15): folio_free_swap, with seed 001's folio_swapped
bool folio_free_swap(Folio& folio) {
  CHECKER_FRAME();
  checker::require(folio_test_locked(folio), "folio_free_swap: folio not locked");
  if (!folio_test_swapcache(folio)) return false;
  if (folio_test_writeback(folio)) return false;
  if (desc::folio_swapped(folio)) return false;
  delete_from_swap_cache(folio);
  folio_mark_dirty(folio);
  return true;
}

// mm/swap_state.c (v6.15): add_to_swap
bool add_to_swap(Folio& folio) {
  CHECKER_FRAME();
  checker::require(folio_test_locked(folio), "add_to_swap: folio not locked");
  const swp_entry_t entry = desc::folio_alloc_swap(folio);
  if (entry.val == 0) return false;
  if (add_to_swap_cache(folio, entry) != 0) {
    put_swap_folio(folio, entry);
    return false;
  }
  // Normally the PTEs are dirty and unmap transfers that; MADV_FREE'd folios are not.
  folio_mark_dirty(folio);
  return true;
}

void wait_for_cache_or_unpin(swp_entry_t entry, SwpDesc& busy) {
  CHECKER_FRAME();
  checker::Atomic<std::uint64_t>& slot = vswap().swap_cache.slot(vswap_index(entry));
  // Either a folio stored into the slot or a change of swap_refs that drops the cache pin ends
  // the wait.
  checker::wait_until_either(
      slot, busy.swap_refs, [](std::uint64_t s, int refs) { return xa_is_ptr(s) || !refs::cache_pin(refs); },
      "a folio in the swap cache or the cache pin to go", std::source_location::current());
}

// mm/page_io.c (v6.15): swap_read_folio for a virtual entry: the physical slot behind each page.
void swap_read_folio(Folio& folio) {
  CHECKER_FRAME();
  checker::require(folio_test_locked(folio), "swap_read_folio: folio not locked");
  PhysSwap& p = vswap().phys;
  const swp_entry_t first = folio_swap(folio);
  bool ok = true;
  for (int i = 0; i < folio.nr(); ++i) {
    const std::uint64_t slot = swp_entry_to_swp_slot(swp_entry_t{first.val + static_cast<std::uint64_t>(i)});
    if (slot == 0) {
      ok = false;  // nothing backs the entry: the read fails and the folio stays !uptodate
      break;
    }
    page_content_write(folio.data[static_cast<std::size_t>(i)], p.disk.at(slot).read());
  }
  // end_swap_bio_read: uptodate on success, then unlock.
  if (ok) folio_mark_uptodate(folio);
  folio_unlock(folio);
}

// mm/page_io.c (v6.15): swap_writepage -> __swap_writepage. The zero-page map and zswap are not
// part of this design's model: every page goes to its physical slot.
int swap_writepage(Folio& folio) {
  CHECKER_FRAME();
  if (desc::folio_free_swap(folio)) {
    folio_unlock(folio);
    return 0;
  }
  PhysSwap& p = vswap().phys;
  const swp_entry_t first = folio_swap(folio);
  // The bio's sectors are computed with the folio locked, from its entries' slots.
  std::uint64_t slots[2] = {0, 0};
  for (int i = 0; i < folio.nr(); ++i)
    slots[i] = swp_entry_to_swp_slot(swp_entry_t{first.val + static_cast<std::uint64_t>(i)});
  folio_set(folio, PG_writeback);  // folio_start_writeback
  folio_unlock(folio);
  for (int i = 0; i < folio.nr(); ++i) {
    VM_WARN_ON(slots[i] == 0, "swap_writepage: entry has no physical slot");
    if (slots[i] != 0) p.disk.at(slots[i]).write(page_content_read(folio.data[static_cast<std::size_t>(i)]));
  }
  folio_clear(folio, PG_writeback);  // folio_end_writeback
  return 0;
}

}  // namespace swapmodel::desc
