// Folio helpers (include/linux/pagemap.h, mm/filemap.c, include/linux/page_ref.h).
#include "model/folio.h"

#include <stdexcept>

#include "checker/execution.h"
#include "checker/kernel_order.h"
#include "model/page_data.h"

namespace swapmodel {

using checker::ObjectName;

Folio::Folio(int id_, int order_, int index_)
    : id(id_),
      order(order_),
      index(index_),
      lock(ObjectName{"folio#.lock", id_}, "folio_lock"),
      flags(ObjectName{"folio#.flags", id_}, 0, format_folio_flags),
      swap(ObjectName{"folio#.swap", id_}, 0, format_swp_entry),
      refcount(ObjectName{"folio#.refcount", id_}, 0),
      mapcount(ObjectName{"folio#.mapcount", id_}, 0),
      memcg(ObjectName{"folio#.memcg", id_}, 0) {
  for (int i = 0; i < nr(); ++i) data.emplace_back(ObjectName{"folio#.data#", id_, i}, kZeroContent, format_content);
  // What is read of the count without an event (swapcache_consistent: frozen at 0, fewer than
  // the swap cache's nr references; folio_lock: any reference at all) tells apart only the
  // values -1..nr: reference gets and puts that stay above that commute (checker/commuting_adds.h).
  refcount.let_adds_commute(-1, nr());
}

std::string format_folio_flags(std::uint64_t v) {
  static constexpr struct {
    std::uint32_t bit;
    const char* name;
  } kNames[] = {{PG_uptodate, "uptodate"}, {PG_dirty, "dirty"},         {PG_writeback, "writeback"},
                {PG_swapcache, "swapcache"}, {PG_swapbacked, "swapbacked"}, {PG_anon, "anon"},
                {PG_reclaim, "reclaim"}};
  std::string s;
  for (const auto& n : kNames)
    if (v & n.bit) s += (s.empty() ? "" : "|") + std::string(n.name);
  return s.empty() ? "0" : s;
}

std::string format_swp_entry(std::uint64_t v) {
  if (v == 0) return "none";
  const swp_entry_t e{v};
  return "swp(" + std::to_string(swp_type(e)) + "," + std::to_string(swp_offset(e)) + ")";
}

void FolioLock::wait_unlocked(std::source_location loc) { wait_until_free(loc); }

void folio_lock(Folio& f) {
  CHECKER_FRAME();
  checker::require(f.refcount.peek() > 0, "folio_lock on a folio nobody holds a reference to");
  f.lock.lock();
}

bool folio_trylock(Folio& f) { return f.lock.trylock(); }

void folio_unlock(Folio& f) { f.lock.unlock(); }

bool folio_test_locked(const Folio& f) {
  const checker::Execution* ex = checker::current_execution();
  if (ex != nullptr && ex->in_model_thread()) return f.lock.held_by_me();
  return f.lock.held();
}

// test_bit (a READ_ONCE), set_bit / clear_bit (void atomics: unordered) and test_and_clear_bit
// (value-returning: fully ordered), as include/linux/page-flags.h builds the folio flag helpers.
bool folio_test(Folio& f, std::uint32_t flag) { return (checker::lkmm::read_once(f.flags) & flag) != 0; }
void folio_set(Folio& f, std::uint32_t flag) { checker::lkmm::atomic_or(f.flags, flag); }
void folio_clear(Folio& f, std::uint32_t flag) { checker::lkmm::atomic_and(f.flags, ~flag); }
bool folio_test_clear(Folio& f, std::uint32_t flag) { return checker::lkmm::test_and_clear_bit_mask(f.flags, flag); }

void folio_wait_writeback(Folio& f) {
  CHECKER_FRAME();
  f.flags.wait_until([](std::uint32_t v) { return (v & PG_writeback) == 0; }, "folio_wait_writeback");
}

// folio_try_get -> folio_ref_try_add -> page_ref_add_unless (include/linux/page_ref.h):
// atomic_add_unless(&folio->_refcount, 1, 0), fully ordered when it adds and unordered when it
// finds the count 0 (frozen or freed), lkmm::atomic_add_unless. The fully ordered get is what
// orders a speculative lookup's later reads of the folio (folio->swap, its flags) after the
// count it took, against the freeze (cmpxchg) and unfreeze (atomic_set_release) of a split,
// migration or swap-cache removal.
bool folio_try_get(Folio& f) { return checker::lkmm::atomic_add_unless(f.refcount, 1, 0); }

// A lookup's folio_try_get in a loop that retries until it gets the folio or the lookup no
// longer names it (swap_cache_get_folio, filemap_get_entry). Under the kernel model the first
// atomic_read may read an older 0 (the count the folio had before it was allocated, or a freeze
// since undone) of a folio that is not frozen: the kernel's loop spins, and in finite time reads
// the newer count. The model does not spin on stale reads (the search has no fairness, and a
// stand-in wait for the folio lock deadlocked mincore_vs_swapin: mincore held the PTL, the fault
// held the folio lock); it goes straight to the fully ordered read-modify-write, which reads the
// latest count, where the spin ends. Under Sc the first read is the latest: nothing more runs.
bool folio_try_get_retry(Folio& f) {
  if (folio_try_get(f)) return true;
  if (f.refcount.execution().memory_model() != checker::MemoryModel::C11) return false;
  return checker::lkmm::atomic_add_unless_rmw(f.refcount, 1, 0);
}

// The gets and puts learn of the old count only what they test (a clamp of it), so that they
// commute while those tests come out the same in every order.
void folio_get(Folio& f) {
  CHECKER_FRAME();
  const int old = f.refcount.fetch_add_clamped(1, 0, 1);
  checker::check(old > 0, "folio_get on a folio with no references");
}

void folio_ref_add(Folio& f, int nr) { f.refcount.add(nr, checker::MemoryOrder::Relaxed); }  // atomic_add

void folio_ref_sub(Folio& f, int nr) {
  CHECKER_FRAME();
  const int old = f.refcount.fetch_sub_clamped(nr, nr, nr + 1);
  checker::check(old > nr, "folio_ref_sub dropped the last reference");
}

// folio_put_testzero: below nr, nr (the last references) or above.
void folio_put_refs(Folio& f, int nr) {
  CHECKER_FRAME();
  const int old = f.refcount.fetch_sub_clamped(nr, nr - 1, nr + 1);
  checker::check(old >= nr, "folio reference count underflow");
  if (old != nr) return;
  // __folio_put: the page allocator's free checks (bad page state).
  checker::check(!folio_test_swapcache(f), "freed a folio that is still in the swap cache");
  checker::check(!folio_mapped(f), "freed a folio that is still mapped");
}

bool folio_ref_freeze(Folio& f, int count) {
  CHECKER_FRAME();
  return checker::lkmm::cmpxchg(f.refcount, count, 0) == count;  // atomic_cmpxchg: fully ordered
}

void folio_ref_unfreeze(Folio& f, int count) { checker::lkmm::smp_store_release(f.refcount, count); }  // atomic_set_release

bool folio_mapped(Folio& f) { return checker::lkmm::atomic_read(f.mapcount) > 0; }

// folio->swap: a plain read (struct folio's swap field has no marking in the kernel).
swp_entry_t folio_swap(Folio& f) { return swp_entry_t{f.swap.read()}; }

bool folio_matches_swap_entry(Folio& f, swp_entry_t entry) {
  CHECKER_FRAME();
  if (!folio_test_swapcache(f)) return false;
  const swp_entry_t first = folio_swap(f);
  return swp_type(first) == swp_type(entry) && first.val <= entry.val &&
         entry.val < first.val + static_cast<std::uint64_t>(f.nr());
}

}  // namespace swapmodel
