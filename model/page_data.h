// Page contents, so that lost or stale data is a violation and not only a count problem.
//
// Every anonymous page has a logical identity (the virtual page it was created at) and a
// content version. A content word packs both; version 0 is the zero-filled page, whatever its
// identity, because a zero page carries no data to tell pages apart (swap-out stores it as the
// zero flag alone). A write to a mapped page bumps the version; swap-out stores the word in the
// backing (the device slot, a zswap entry, or the zero flag); swap-in reads it back.
#pragma once

#include <cstdint>
#include <string>

namespace swapmodel {

inline constexpr std::uint64_t kZeroContent = 0;
// What a device slot holds before anything was written to it.
inline constexpr std::uint64_t kGarbageContent = ~0ull;

constexpr std::uint64_t mk_content(std::uint32_t page, std::uint32_t version) {
  return version == 0 ? kZeroContent : (static_cast<std::uint64_t>(page) << 16) | version;
}
constexpr std::uint32_t content_page(std::uint64_t c) { return static_cast<std::uint32_t>(c >> 16); }
constexpr std::uint32_t content_version(std::uint64_t c) { return static_cast<std::uint32_t>(c & 0xffff); }

std::string format_content(std::uint64_t c);

}  // namespace swapmodel
