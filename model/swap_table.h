// The swap-table word and the per-slot count arithmetic, as pure functions on plain values.
//
// Models mm/swap_table.h (the word formats, SEMANTICS 1.1) and the count helpers of
// mm/swapfile.c (__swap_cluster_dup_entry, __swap_cluster_put_entry, SEMANTICS 1.2 / 2.1).
// Nothing here touches model state: every function takes the slot's table word, its
// extend-table entry and the count limit, and returns the new values. The model's instrumented
// code (swapfile_count.cpp) reads the slot, calls these, and writes the result back. The count
// arithmetic itself is model/swap_count_steps.h, shared with the Z3 proofs (issue 14); this file
// only decodes and packs the 64-bit word around it.
//
// Word layout (x86-64, SEMANTICS 1.1, MSB to LSB):
//   NULL     0
//   Shadow   COUNT(4) : Z : shadow value : 1
//   PFN      COUNT(4) : Z : pfn : 10
//   Pointer  C : vswap offset : 100          (vswap backing rmap, physical clusters only)
//   Bad      ~0 << 3
// The count field is the kernel's four bits. SWP_TB_COUNT_MAX is a parameter here (the kernel's
// is 15, the field maximum); scenarios use a small one (3) so the extend table is reached in a
// bounded search. With a limit below 15 the field values above it are never produced by correct
// arithmetic; they are what a put at count 0 writes (the kernel computes count - 1 = -1 and
// shifts it into the field), so decode_count() reads them back as the negative count they
// encode. With the kernel's limit of 15 an underflow aliases the extend-table marker, as in the
// kernel, and shows as "field at the limit without an extend-table entry".
#pragma once

#include <cerrno>
#include <cstdint>

#include "model/pure_value.h"
#include "model/swap_count_steps.h"

namespace swapmodel::tb {

inline constexpr unsigned kCountShift = 60;
inline constexpr std::uint64_t kCountMask = 0xFull << kCountShift;
inline constexpr unsigned kFieldMax = 15;  // the count field's own maximum
inline constexpr std::uint64_t kZeroFlag = 1ull << 59;  // Z, SWAP_TABLE_HAS_ZEROFLAG
inline constexpr std::uint64_t kFlagsMask = kCountMask | kZeroFlag;
inline constexpr std::uint64_t kPayloadMask = ~kFlagsMask;
inline constexpr std::uint64_t kNull = 0;
inline constexpr std::uint64_t kBad = ~0ull << 3;
inline constexpr std::uint64_t kPointerCacheOnly = 1ull << 63;  // SWP_RMAP_CACHE_ONLY

enum class Kind { Null, Shadow, Folio, Pointer, Bad, Corrupt };

// --- format tests (swp_tb_is_*) ---------------------------------------------------------------

constexpr bool is_null(std::uint64_t w) { return w == kNull; }
constexpr bool is_bad(std::uint64_t w) { return w == kBad; }
constexpr bool is_shadow(std::uint64_t w) { return (w & 1) == 1 && w != kBad; }
constexpr bool is_folio(std::uint64_t w) { return (w & 3) == 2 && w != kBad; }
constexpr bool is_pointer(std::uint64_t w) { return (w & 7) == 4 && w != kBad; }

constexpr Kind kind(std::uint64_t w) {
  if (is_null(w)) return Kind::Null;
  if (is_bad(w)) return Kind::Bad;
  if (is_shadow(w)) return Kind::Shadow;
  if (is_folio(w)) return Kind::Folio;
  if (is_pointer(w)) return Kind::Pointer;
  return Kind::Corrupt;  // e.g. a NULL word whose count field was written by a put at count 0
}

// swp_tb_is_countable: NULL, Shadow and PFN carry a count.
constexpr bool is_countable(std::uint64_t w) { return is_null(w) || is_shadow(w) || is_folio(w); }

// --- constructors (pfn_to_swp_tb, shadow_to_swp_tb, ...) --------------------------------------

// __swp_tb_get_flags: the count and Z bits, carried over when a slot changes format.
constexpr std::uint64_t flags(std::uint64_t w) { return w & kFlagsMask; }
constexpr std::uint64_t mk_folio(std::uint64_t pfn, std::uint64_t flag_bits = 0) {
  return ((pfn << 2) & kPayloadMask) | 2 | (flag_bits & kFlagsMask);
}
constexpr std::uint64_t mk_shadow(std::uint64_t shadow, std::uint64_t flag_bits = 0) {
  return ((shadow << 1) & kPayloadMask) | 1 | (flag_bits & kFlagsMask);
}
constexpr std::uint64_t mk_pointer(std::uint64_t voff, bool cache_only) {
  return ((voff << 3) & ~kPointerCacheOnly) | 4 | (cache_only ? kPointerCacheOnly : 0);
}

constexpr std::uint64_t folio_pfn(std::uint64_t w) { return (w & kPayloadMask) >> 2; }
constexpr std::uint64_t shadow_value(std::uint64_t w) { return (w & kPayloadMask) >> 1; }
constexpr std::uint64_t pointer_offset(std::uint64_t w) { return (w & ~kPointerCacheOnly) >> 3; }

// --- count field and zero flag ----------------------------------------------------------------

// __swp_tb_get_count: the raw field; 15 for a Bad word, as the kernel's.
constexpr unsigned field(std::uint64_t w) { return static_cast<unsigned>(w >> kCountShift); }
// __swp_tb_mk_count: `count` is an int, as in the kernel, so -1 fills the field.
constexpr std::uint64_t with_count(std::uint64_t w, int count) {
  return (w & ~kCountMask) | (static_cast<std::uint64_t>(static_cast<std::int64_t>(count)) << kCountShift);
}
constexpr bool zero(std::uint64_t w) { return (w & kZeroFlag) != 0; }
constexpr std::uint64_t with_zero(std::uint64_t w, bool z) { return z ? (w | kZeroFlag) : (w & ~kZeroFlag); }

// swp_tb_get_count: the field of a countable word (at the limit it means "at least the
// limit"); -EINVAL for Bad and Pointer words. Enough for lockless readers, which only ask
// whether a slot has a count.
constexpr int get_count(std::uint64_t w) { return is_countable(w) ? static_cast<int>(field(w)) : -EINVAL; }

// The real count, with the extend-table entry when the field sits at the limit.
constexpr int real_count(std::uint64_t w, std::uint32_t ext, unsigned max) {
  if (!is_countable(w)) return -EINVAL;
  const unsigned f = field(w);
  if (f == max) return static_cast<int>(ext);
  return static_cast<int>(f);
}

// The count a slot holds, for invariants: like get_count, but a field above the limit decodes
// as the negative value a put at count 0 wrote into it (see the file comment).
constexpr long decode_count(std::uint64_t w, std::uint32_t ext, unsigned max) {
  const unsigned f = field(w);
  if (f > max) return static_cast<long>(f) - static_cast<long>(kFieldMax + 1);
  if (f == max) return static_cast<long>(static_cast<std::int32_t>(ext));
  return static_cast<long>(f);
}

// --- decoded words: the view of model/swap_count_steps.h -------------------------------------

// The format, count field and zero flag of a word, for the shared transitions.
inline step::Word<pure::Machine> decode(std::uint64_t w) {
  return {static_cast<std::int64_t>(kind(w)), static_cast<std::int64_t>(field(w)), zero(w)};
}

// A fresh word of `n`'s format, count field and zero flag, with `payload` (a folio pfn or a
// shadow value). __swp_tb_mk_count takes an int, so a field of -1 fills the four bits.
inline std::uint64_t pack(const step::Word<pure::Machine>& n, std::uint64_t payload = 0) {
  std::uint64_t out = kNull;
  switch (static_cast<Kind>(n.kind)) {
    case Kind::Null: return kNull;
    case Kind::Shadow: out = mk_shadow(payload); break;
    case Kind::Folio: out = mk_folio(payload); break;
    default: return kBad;  // no shared transition makes a Pointer, Bad or corrupt word
  }
  return with_zero(with_count(out, static_cast<int>(n.field)), n.zero);
}

// --- count arithmetic (the shared transitions of swap_count_steps.h on the word) ---------------

struct DupResult {
  int err = 0;            // 0, -EINVAL (Bad slot), -ENOENT (free slot), -ENOMEM (needs extend table)
  std::uint64_t tb = 0;   // the new word (unchanged on error)
  std::uint32_t ext = 0;  // the new extend-table entry
  bool warn = false;      // the kernel WARNs on this path
};

// __swap_cluster_dup_entry (mm/swapfile.c, seed 000 / SEMANTICS 2.1): step::dup_entry on the word.
inline DupResult dup_entry(std::uint64_t w, bool has_ext, std::uint32_t ext, unsigned max) {
  const auto r = step::dup_entry(pure::Machine{}, decode(w), has_ext, ext, max);
  const bool changes = r.err == 0 && r.field != static_cast<std::int64_t>(field(w));
  return {static_cast<int>(r.err), changes ? with_count(w, static_cast<int>(r.field)) : w, static_cast<std::uint32_t>(r.ext),
          r.warn};
}

struct PutResult {
  std::uint64_t tb = 0;
  std::uint32_t ext = 0;
  int count = 0;             // the count after the put, as the kernel computes it
  bool warn = false;         // VM_WARN_ON(count <= 0) before the put
  bool writes_ext = false;   // the extend-table entry changes
  bool try_free_ext = false; // the new count is MAX-2 or MAX-1: swap_extend_table_try_free
};

// __swap_cluster_put_entry (mm/swapfile.c, SEMANTICS 2.1): step::put_entry on the word. Never
// frees the slot. A put at count 0 warns and then does what the kernel does: writes -1 into the
// count field.
inline PutResult put_entry(std::uint64_t w, std::uint32_t ext, unsigned max) {
  const auto r = step::put_entry(pure::Machine{}, static_cast<std::int64_t>(field(w)), static_cast<std::int64_t>(ext), max);
  const bool changes = r.field != static_cast<std::int64_t>(field(w));
  return {changes ? with_count(w, static_cast<int>(r.field)) : w, static_cast<std::uint32_t>(r.ext), static_cast<int>(r.count),
          r.warn, r.writes_ext, r.try_free_ext};
}

}  // namespace swapmodel::tb
