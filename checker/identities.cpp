#include "checker/identities.h"

#include <vector>

namespace checker {

namespace {

std::uint64_t pair_key(std::uint32_t a, std::uint32_t b) { return (std::uint64_t{a} << 32) | b; }

// A numbering given in first-seen order holds each of 0..n-1 exactly once.
bool dense(const std::map<std::uint64_t, std::uint32_t>& numbering) {
  std::vector<bool> seen(numbering.size(), false);
  for (const auto& entry : numbering) {
    if (entry.second >= seen.size() || seen[entry.second]) return false;
    seen[entry.second] = true;
  }
  return true;
}

}  // namespace

ObjectId IdentityRegistry::object(ThreadId creator, std::uint32_t seq, std::uint32_t setup_objects) {
  if (creator == kNoThread) return seq;
  auto [it, fresh] = objects_.try_emplace(pair_key(creator, seq), static_cast<std::uint32_t>(objects_.size()));
  (void)fresh;
  return setup_objects + it->second;
}

ThreadId IdentityRegistry::callback_thread(ThreadId parent, std::uint32_t seq, std::uint32_t initial_threads) {
  auto [it, fresh] = threads_.try_emplace(pair_key(parent, seq), static_cast<std::uint32_t>(threads_.size()));
  (void)fresh;
  return initial_threads + it->second;
}

bool IdentityRegistry::from_numbering(const std::map<std::uint64_t, std::uint32_t>& objects,
                                      const std::map<std::uint64_t, std::uint32_t>& threads, IdentityRegistry& out) {
  if (!dense(objects) || !dense(threads)) return false;
  out.objects_ = {objects.begin(), objects.end()};
  out.threads_ = {threads.begin(), threads.end()};
  return true;
}

}  // namespace checker
