// The swap model's per-slot steps on plain values, for the differential tests: each function
// is the model function it names with everything but one slot taken away, calling the model's
// own pure arithmetic (model/swap_table.h) exactly where that function calls it. Where the
// model function makes a decision around the arithmetic (free or put, free after delete), the
// decision is restated here, line for line, with the file it comes from.
#pragma once

#include <cstdint>

#include "model/swap_table.h"

namespace proofs_test {

namespace tb = swapmodel::tb;

// One slot: its table word, whether its cluster has an extend table, and its entry there.
struct SlotValue {
  std::uint64_t w = 0;
  bool has_ext = false;
  std::uint32_t ext = 0;
};

// model/swapfile_count.cpp, __swap_cluster_dup_entry: the entry is read only at MAX-1 and MAX
// (ext_get), each of entry and word written only when it changed. Returns the error.
inline int model_dup_entry(SlotValue& s, unsigned max) {
  const unsigned f = tb::field(s.w);
  const std::uint32_t ext = (s.has_ext && (f == max || f == max - 1)) ? s.ext : 0;
  const tb::DupResult r = tb::dup_entry(s.w, s.has_ext, ext, max);
  if (r.err) return r.err;
  if (r.ext != ext) s.ext = r.ext;
  if (r.tb != s.w) s.w = r.tb;
  return 0;
}

// model/swapfile_count.cpp, __swap_cluster_put_entry.
inline void model_put_entry(SlotValue& s, unsigned max) {
  const std::uint32_t ext = tb::field(s.w) == max ? s.ext : 0;
  const tb::PutResult r = tb::put_entry(s.w, ext, max);
  if (tb::field(s.w) == max && r.ext != ext) s.ext = r.ext;
  if (r.tb != s.w) s.w = r.tb;
}

// model/swapfile_count.cpp, swap_dup_entries_cluster for one slot of a batch: on success of the
// whole batch the slot keeps its dup; when a later slot fails, the error path puts it back.
inline void model_dup(SlotValue& s, unsigned max, bool batch_ok) {
  if (model_dup_entry(s, max) == 0 && !batch_ok) model_put_entry(s, max);
}

// model/swapfile_count.cpp, swap_put_entries_cluster for one slot: a count-1 slot that is not
// PFN joins the batch __swap_cluster_free_entries frees (writing NULL); any other is put.
inline void model_put(SlotValue& s, unsigned max) {
  if (tb::get_count(s.w) == 1 && !tb::is_folio(s.w))
    s.w = tb::kNull;
  else
    model_put_entry(s, max);
}

// model/swap_state.cpp, __swap_cache_do_add_folio: PFN(folio) keeping the old word's flags
// (also folio_alloc_swap's add on a free slot).
inline void model_cache_add(SlotValue& s, std::uint64_t pfn) { s.w = tb::mk_folio(pfn, tb::flags(s.w)); }

// model/swap_state.cpp, __swap_cache_do_del_folio for a one-page folio: Shadow keeping the
// flags; with no count the slot is freed (__swap_cluster_free_entries writes NULL).
inline void model_cache_del(SlotValue& s, std::uint64_t shadow) {
  const std::uint64_t old = s.w;
  s.w = tb::mk_shadow(shadow, tb::flags(old));
  if (tb::field(old) == 0) s.w = tb::kNull;
}

// model/swapfile_alloc.cpp, the hibernation branch of __swap_cluster_alloc_entries.
inline void model_alloc_hibernation(SlotValue& s) { s.w = tb::mk_shadow(0, tb::with_count(0, 1)); }

// model/cluster.cpp, swap_extend_table_alloc attaching a new table (its entries start at 0) and
// swap_extend_table_try_free detaching it (ext_get then reads 0 for every slot).
inline void model_ext_alloc(SlotValue& s) {
  s.has_ext = true;
  s.ext = 0;
}
inline void model_ext_try_free(SlotValue& s) {
  s.has_ext = false;
  s.ext = 0;
}

// model/swap_state.cpp, __swap_cache_add_check for one slot: 0, -EEXIST or -ENOENT.
inline int model_add_check(const SlotValue& s) {
  if (tb::is_folio(s.w)) return -EEXIST;
  if (tb::field(s.w) == 0) return -ENOENT;
  return 0;
}

}  // namespace proofs_test
