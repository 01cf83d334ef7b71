// The dead-once rule (issue 13 item 5, model/lifetime.h): each mutation that revives a dead
// object is caught with use_after_free [dead_once] in its scenario and its faithful twin passes;
// the ghost deaths are recorded where the kernel kills the object; the quiescence invariant
// finds a revived or dangling object that no access check saw.
#include <catch2/catch.hpp>

#include <string>

#include "checker/heap.h"
#include "harness.h"
#include "model/lifetime.h"
#include "model/memcg.h"
#include "model/registry.h"
#include "model/swapfile.h"
#include "tests/scenario_file.h"

using namespace swaptest;

namespace {

// The mutation's scenario is caught with `message`; its faithful twin passes exhaustively.
void caught_and_twin_passes(const std::string& mutated, const std::string& twin, const std::string& message) {
  const checker::Report r = explore_dpor(scenario_file(mutated));
  INFO(describe(r));
  REQUIRE(r.violation);
  CHECK(r.verdict == checker::Verdict::UseAfterFree);
  CHECK(r.violation->check == "dead_once");
  CHECK(r.violation->message.find(message) == 0);
  const checker::Report ok = explore_dpor(scenario_file(twin));
  INFO(describe(ok));
  CHECK(ok.verdict == checker::Verdict::Pass);
  CHECK(ok.exhaustive);
}

// The dead_once invariant alone, judged on the state as it is: its message, or "" when it holds.
std::string dead_once_of(Sequential& s) {
  for (const checker::InvariantDef& d : make_invariants(s.m(), {"dead_once"}))
    if (auto why = d.check()) return *why;
  return "";
}

}  // namespace

TEST_CASE("dead_once: a reference taken on a memcg's dead private id") {
  caught_and_twin_passes("table/mutations/private_id_get_no_tryget.json", "table/mutations/private_id_get_no_tryget_faithful.json",
                         "memcg2's private id: a reference taken after it died at step 1 by offline");
}

TEST_CASE("dead_once: a reference taken on a swap device swapoff finished with") {
  caught_and_twin_passes("table/mutations/tryget_ignores_dead.json", "table/mutations/tryget_ignores_dead_faithful.json",
                         "swap device 0: a reference (get_swap_device) taken after it died at step");
}

TEST_CASE("dead_once: a cluster pointer to a freed extend table, at quiescence") {
  caught_and_twin_passes("table/mutations/extend_table_free_keeps_pointer.json",
                         "table/mutations/extend_table_free_keeps_pointer_faithful.json",
                         "cluster 0:0 names extend table 1, freed at step");
}

TEST_CASE("dead_once: the ghost death of a memcg's private id is where its last reference goes") {
  Sequential s;
  Memcg& m2 = s.m().memcg(2);
  Memcg& got = mem_cgroup_private_id_get_online(m2, 1);  // a swap record's reference
  CHECK(&got == &m2);
  mem_cgroup_css_offline(m2);  // the base reference: one left
  CHECK(!m2.id_death.dead);
  mem_cgroup_private_id_put(m2, 1);
  CHECK(m2.id_death.dead);
  CHECK(m2.id_death.thread == "setup");
  // The faithful get walks to the parent; nothing is revived.
  CHECK(&mem_cgroup_private_id_get_online(m2, 1) == &s.m().memcg(1));
  mem_cgroup_private_id_put(s.m().memcg(1), 1);
  CHECK(dead_once_of(s).empty());
  // A revival the access checks did not see (written behind their back) is still judged at the end.
  m2.id_ref.store(1);
  CHECK(dead_once_of(s) == "memcg2's private id died at step 0 by setup but holds 1 reference(s): it was revived");
  // In setup a check at the access throws, as every violation of the initial state does.
  CHECK_THROWS_AS(page_counter_try_charge(m2, 1), checker::SetupFailure);
}

TEST_CASE("dead_once: a dead memcg's id recorded in a slot") {
  Sequential s;
  Memcg& m3 = s.m().memcg(3);
  mem_cgroup_css_offline(m3);
  REQUIRE(m3.id_death.dead);
  // __swap_cgroup_set refuses it where it happens.
  SwapCluster& ci0 = s.m().devices.at(0).clusters.at(0);
  ci0.lock.lock();
  CHECK_THROWS_AS(__swap_cgroup_set(ci0, 1, 1, 3), checker::SetupFailure);
  ci0.lock.unlock();
}

TEST_CASE("dead_once: freed zswap entries left in the tree or on the LRU") {
  Sequential s;
  ZswapEntry& e = s.m().new_zswap_entry();
  s.m().devices.at(0).zswap.slot.at(1).store(static_cast<std::uint32_t>(e.id));
  CHECK(dead_once_of(s).empty());
  checker::heap_free(e.cell);
  CHECK(dead_once_of(s) == "the zswap tree of device 0 names zswap_entry1 (freed at step 0) at offset 1");
  s.m().devices.at(0).zswap.slot.at(1).store(0);
  s.m().zswap_lru->list.write({static_cast<std::uint32_t>(e.id)});
  CHECK(dead_once_of(s) == "the zswap LRU names zswap_entry1 (freed at step 0)");
}

TEST_CASE("dead_once: a swap device whose users drained holds a reference at the end") {
  Sequential s;
  SwapDevice& si = s.m().devices.at(0);
  note_death(si.users_death);
  CHECK(dead_once_of(s).empty());
  si.users.count.at(1).store(1);
  CHECK(dead_once_of(s) == "swap device 0 (its users drained by swapoff at step 0 by setup) holds 1 reference(s) on a CPU");
}
