// Small ordered lists packed into one word, for the kernel's list_heads whose order matters to
// the allocator (si->free_clusters, nonfull_clusters[], ..., swap_avail_head). Each nibble holds
// one element + 1, the head in the lowest nibble; at most 15 elements of value 0..14. Pure
// functions: the model keeps each list in one Var guarded by the list's lock, so a list
// operation is one access.
#pragma once

#include <cstdint>
#include <string>

namespace swapmodel::plist {

inline constexpr int kCapacity = 15;

constexpr int size(std::uint64_t l) {
  int n = 0;
  while (n < kCapacity && ((l >> (4 * n)) & 0xf) != 0) ++n;
  return n;
}
constexpr int at(std::uint64_t l, int i) { return static_cast<int>((l >> (4 * i)) & 0xf) - 1; }
constexpr bool contains(std::uint64_t l, int v) {
  for (int i = 0; i < size(l); ++i)
    if (at(l, i) == v) return true;
  return false;
}
// list_del: removes v (no-op when absent).
constexpr std::uint64_t remove(std::uint64_t l, int v) {
  std::uint64_t out = 0;
  int k = 0;
  for (int i = 0; i < size(l); ++i) {
    if (at(l, i) == v) continue;
    out |= static_cast<std::uint64_t>(at(l, i) + 1) << (4 * k++);
  }
  return out;
}
// list_add_tail / list_move_tail.
constexpr std::uint64_t push_tail(std::uint64_t l, int v) {
  l = remove(l, v);
  return l | (static_cast<std::uint64_t>(v + 1) << (4 * size(l)));
}

inline std::string format(std::uint64_t l) {
  std::string s = "[";
  for (int i = 0; i < size(l); ++i) s += (i ? "," : "") + std::to_string(at(l, i));
  return s + "]";
}

}  // namespace swapmodel::plist
