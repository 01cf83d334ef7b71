// The XArray model of xarray.h (lib/xarray.c: xa_load, xa_store, xa_erase, xas_find,
// xas_next_entry, xas_retry).
#include "model/desc/xarray.h"

#include "checker/execution.h"
#include "checker/object.h"
#include "model/model.h"

namespace swapmodel::desc {

std::string format_xa_entry(std::uint64_t w) {
  if (w == 0) return "NULL";
  if (w == XA_RETRY_ENTRY) return "XA_RETRY_ENTRY";
  if (w == XA_ZERO_ENTRY) return "XA_ZERO_ENTRY";
  if (xa_is_value(w)) return "value(" + std::to_string(xa_to_value(w)) + ")";
  if (xa_is_ptr(w)) return "ptr#" + std::to_string(xa_to_ptr(w));
  return "internal(" + std::to_string(w >> 2) + ")";
}

std::string format_rmap_entry(std::uint64_t w) {
  if (!xa_is_value(w)) return format_xa_entry(w);
  const std::uint64_t e = xa_to_value(w);
  return "value(swp(" + std::to_string(e >> 24) + "," + std::to_string(e & ((1ull << 24) - 1)) + "))";
}

XArray::XArray(const char* lock_name, const char* slot_name, std::size_t size, checker::ValueFormatter fmt)
    : xa_lock(checker::ObjectName{lock_name}, lock_name) {
  slots_.reserve(size);
  for (std::size_t i = 0; i < size; ++i) slots_.emplace_back(checker::ObjectName{slot_name, static_cast<std::int32_t>(i)}, 0, fmt);
}

void XArray::require_reader() const {
  const checker::Execution* ex = checker::current_execution();
  if (ex == nullptr || !ex->in_model_thread()) return;  // setup and tests: sequential
  checker::require(model().rcu.read_lock_held() || xa_lock.held_by_me(),
                   "xa_load outside rcu_read_lock() and without xa_lock");
}

std::uint64_t XArray::load(std::uint64_t index, std::source_location loc) {
  require_reader();
  if (index >= slots_.size()) return 0;
  // seq_cst under the kernel model too, not xa_load's rcu_dereference (nor __xa_store's
  // rcu_assign_pointer below): a reader finds the index in a PTE it read just before, and the
  // kernel orders this load after that PTE read by the index's address dependency, and the
  // writer's xa_store before its set_pte_at by xa_unlock then the PTL's lock (po-unlock-lock-po
  // in the LKMM). The engine has neither (its locks are a release and an acquire, and an acquire
  // here orders what follows it, not itself after the PTE read: README.md, "Memory ordering"); as
  // an acquire it read an older NULL in scenarios/desc/races/swapout_vs_swapin.json. seq_cst
  // loads and stores read the latest entry, which the two orderings give together.
  return slots_[index].load(loc);
}

std::uint64_t XArray::store_locked(std::uint64_t index, std::uint64_t w, std::source_location loc) {
  xa_lock.assert_held(loc);
  checker::require(index < slots_.size(), "xa_store past the end of the model's array", loc);
  return slots_[index].exchange(w, loc);
}

std::uint64_t XArray::store(std::uint64_t index, std::uint64_t w, std::source_location loc) {
  xa_lock.lock(loc);
  const std::uint64_t old = store_locked(index, w, loc);
  xa_lock.unlock(loc);
  return old;
}

std::uint64_t XArray::erase(std::uint64_t index, std::source_location loc) { return store(index, 0, loc); }

// xas_find: the first non-NULL word at or after the cursor, up to max.
std::uint64_t XaState::find(std::uint64_t max, std::source_location loc) {
  restart_ = false;
  for (; index_ <= max && index_ < xa_.size(); ++index_) {
    const std::uint64_t w = xa_.load(index_, loc);
    if (w != 0) return w;
  }
  return 0;
}

// xas_next_entry: after a normal entry, move past it; after xas_retry's reset, re-walk from
// the same index.
std::uint64_t XaState::next_entry(std::uint64_t max, std::source_location loc) {
  if (!restart_) ++index_;
  return find(max, loc);
}

bool XaState::retry(std::uint64_t w) {
  if (w == XA_ZERO_ENTRY) return true;
  if (w != XA_RETRY_ENTRY) return false;
  restart_ = true;  // xas_reset
  return true;
}

}  // namespace swapmodel::desc
