// Kernel vocabulary shared by the whole swap model: swap entries, device and folio flag bits,
// error numbers, and WARN.
//
// WARN_ON / VM_WARN_ON: the kernel prints and carries on, so the model does too. A warning is
// recorded (function, message, step, thread) and the execution continues, so the state it
// warns about is still reached and the named invariant that forbids it (count_nonnegative,
// say) is what reports the race. A warning nothing else catches is reported at quiescence by
// the kernel_warning invariant. BUG_ON and "this would oops" use checker::check(), which stops
// the execution at once.
#pragma once

#include <cerrno>
#include <cstdint>
#include <source_location>

namespace swapmodel {

// --- swap entries (include/linux/swapops.h) ---------------------------------------------------

inline constexpr unsigned kSwpTypeShift = 24;

struct swp_entry_t {
  std::uint64_t val = 0;
  friend bool operator==(swp_entry_t a, swp_entry_t b) { return a.val == b.val; }
};

constexpr swp_entry_t swp_entry(int type, std::uint64_t offset) {
  return swp_entry_t{(static_cast<std::uint64_t>(type) << kSwpTypeShift) | offset};
}
constexpr int swp_type(swp_entry_t e) { return static_cast<int>(e.val >> kSwpTypeShift); }
constexpr std::uint64_t swp_offset(swp_entry_t e) { return e.val & ((1ull << kSwpTypeShift) - 1); }

// --- swap_info_struct flags (include/linux/swap.h) --------------------------------------------

inline constexpr std::uint32_t SWP_USED = 1u << 0;
inline constexpr std::uint32_t SWP_WRITEOK = 1u << 1;
inline constexpr std::uint32_t SWP_BLKDEV = 1u << 6;
inline constexpr std::uint32_t SWP_SOLIDSTATE = 1u << 4;
inline constexpr std::uint32_t SWP_SYNCHRONOUS_IO = 1u << 11;
inline constexpr std::uint32_t SWP_VSWAP = 1u << 14;  // seed 004 P1: the virtual swap device

// The swap type of seed 004's vswap device (CONFIG_VSWAP, model/vswap/): a type no physical
// device of the model uses (seed 001's vswap_desc entries use 31).
inline constexpr int kVswapType = 30;
constexpr bool is_vswap_type(int type) { return type == kVswapType; }

// --- folio flags (include/linux/page-flags.h); PG_locked is the folio's SleepLock -----------

inline constexpr std::uint32_t PG_uptodate = 1u << 0;
inline constexpr std::uint32_t PG_dirty = 1u << 1;
inline constexpr std::uint32_t PG_writeback = 1u << 2;
inline constexpr std::uint32_t PG_swapcache = 1u << 3;
inline constexpr std::uint32_t PG_swapbacked = 1u << 4;
inline constexpr std::uint32_t PG_anon = 1u << 5;
inline constexpr std::uint32_t PG_reclaim = 1u << 6;

// --- __try_to_reclaim_swap flags ----------------------------------------------------------------

inline constexpr unsigned TTRS_ANYWAY = 1u << 0;
inline constexpr unsigned TTRS_UNMAPPED = 1u << 1;
inline constexpr unsigned TTRS_FULL = 1u << 2;

// Allocation orders the model knows (order 0 and order 1 folios; SWAP_NR_ORDERS here).
inline constexpr int kNrOrders = 2;

// Records a kernel warning when `cond` holds and returns it (WARN_ON_ONCE semantics without
// the once: every occurrence is recorded).
bool WARN_ON(bool cond, const char* what, std::source_location loc = std::source_location::current());
// VM_WARN_ON: the same, compiled in only with CONFIG_DEBUG_VM (SwapConfig::debug_vm).
bool VM_WARN_ON(bool cond, const char* what, std::source_location loc = std::source_location::current());
// True when VM_WARN_ON conditions are evaluated; callers whose condition has side effects
// (takes a lock, say) test this first, as the kernel compiles the expression out.
bool debug_vm();

}  // namespace swapmodel
