// Discard of freed clusters (mm/swapfile.c: swap_cluster_schedule_discard, discard_swap_cluster,
// swap_do_scheduled_discard, swap_discard_work, swap_sync_discard; see discard.h).
#include "model/discard.h"

#include "checker/kernel_order.h"
#include "checker/lock.h"
#include "model/device.h"
#include "model/model.h"
#include "model/packed_list.h"
#include "model/page_data.h"

namespace swapmodel {

bool swap_discard_configured() {
  for (const DeviceConfig& d : model().cfg.devices)
    if (d.discard) return true;
  return false;
}

// mm/swapfile.c: swap_cluster_schedule_discard
void swap_cluster_schedule_discard(SwapDevice& si, SwapCluster& ci) {
  CHECKER_FRAME();
  checker::check(ci.flags.read() != CLUSTER_FLAG_FREE, "swap_cluster_schedule_discard: VM_BUG_ON(ci->flags == CLUSTER_FLAG_FREE)");
  move_cluster(si, ci, si.discard->clusters, CLUSTER_FLAG_DISCARD);
  // schedule_work(&si->discard_work): sets PENDING (nothing changes if it is set already), with
  // queue_work's test_and_set_bit(WORK_STRUCT_PENDING_BIT): fully ordered, so the work function
  // sees the list it was queued for.
  checker::lkmm::atomic_fetch_or(si.discard->work, int{SwapDiscard::kWorkPending});
}

namespace {

// mm/swapfile.c: discard_swap_cluster -> blkdev_issue_discard: the blocks of the cluster's slots
// no longer hold what was written there.
void discard_swap_cluster(SwapDevice& si, std::uint64_t start_page, unsigned nr_pages) {
  CHECKER_FRAME();
  for (unsigned i = 0; i < nr_pages; ++i) si.disk[static_cast<std::size_t>(start_page + i)].write(kGarbageContent);
}

}  // namespace

// mm/swapfile.c: swap_do_scheduled_discard. The cluster leaves the list under si->lock but keeps
// CLUSTER_FLAG_DISCARD while its blocks are discarded with no lock held: a percpu cache that
// still points into it finds it unusable, and relocate_cluster leaves it alone. Only after the
// discard, under ci->lock, does it become free.
bool swap_do_scheduled_discard(SwapDevice& si) {
  CHECKER_FRAME();
  checker::Var<std::uint64_t>& list = si.discard->clusters;
  const unsigned spc = model().slots_per_cluster();
  bool ret = false;
  si.lock.lock();
  for (std::uint64_t l = list.read(); plist::size(l) != 0; l = list.read()) {
    const int idx = plist::at(l, 0);
    SwapCluster& ci = si.clusters.at(static_cast<std::size_t>(idx));
    // Delete the cluster from the list to prepare for discard, but keep its DISCARD flag.
    // (Mutation discard_keeps_cluster_listed: it stays on the list.)
    if (!model().cfg.mutations.discard_keeps_cluster_listed) list.write(plist::remove(l, idx));
    si.lock.unlock();
    discard_swap_cluster(si, static_cast<std::uint64_t>(idx) * spc, spc);
    ci.lock.lock();
    // Discard is done: clear its flags as it is off-list, then return it to the free list.
    ci.flags.write(CLUSTER_FLAG_NONE);
    __free_cluster(si, ci);
    ci.lock.unlock();
    ret = true;
    si.lock.lock();
  }
  si.lock.unlock();
  return ret;
}

namespace {

constexpr int kPending = SwapDiscard::kWorkPending, kRunning = SwapDiscard::kWorkRunning;

// kernel/workqueue.c: a worker picks the pending item up: PENDING goes and RUNNING comes in one
// step (under the pool lock in the kernel); an item that is running is not started again until
// it returns. False when nothing is pending. The word stands for the pool's state, read under
// pool->lock: its accesses here read the latest value (seq_cst), and an older one would end a
// flush with the item still queued, which the kernel's lock rules out.
bool discard_work_start(SwapDiscard& d) {
  for (;;) {
    int s = d.work.load();
    if (s & kRunning) {
      d.work.wait_until([](int v) { return (v & kRunning) == 0; }, "the discard work running elsewhere");
      continue;
    }
    if (s == 0) return false;
    if (d.work.compare_exchange(s, kRunning)) return true;
  }
}

// The work function ran: a free meanwhile may have queued the item again (PENDING stays).
void discard_work_run(SwapDevice& si) {
  swap_do_scheduled_discard(si);
  // The work function returned: the flush waiting for it takes what it did (flush_work's
  // barrier work completes after it), a release as for the reclaim work (workqueue.cpp).
  si.discard->work.fetch_and(~kRunning, checker::MemoryOrder::Release);
}

}  // namespace

// mm/swapfile.c: swap_discard_work, as a worker runs the queued item (nothing when it is not
// queued: a worker ran it earlier).
void swap_discard_work(SwapDevice& si) {
  CHECKER_FRAME();
  if (discard_work_start(*si.discard)) discard_work_run(si);
}

// kernel/workqueue.c: flush_work(&si->discard_work): until the item is neither running nor
// pending. A pending item is run here, in the flusher's place of waiting for a worker.
void flush_discard_work(SwapDevice& si) {
  CHECKER_FRAME();
  if (si.discard == nullptr) return;
  while (discard_work_start(*si.discard)) discard_work_run(si);
}

// mm/swapfile.c: swap_sync_discard. The walk of swap_active_head under swap_lock: each device
// (the vswap device is on no plist, seed 004 P1) under a reference of its own, swap_lock dropped.
// The model walks only when some device discards: otherwise it would find nothing to discard,
// and scenarios without a discarding device keep the events they had.
bool swap_sync_discard() {
  CHECKER_FRAME();
  SwapModel& m = model();
  if (!swap_discard_configured()) return false;
  m.swap_lock.lock();
  for (SwapDevice& si : m.devices) {
    m.swap_lock.unlock();
    bool ret = false;
    if (get_swap_device_info(si)) {
      // A plain read of si->flags (fix sync_discard_flag_data_race: data_race(), as
      // SWP_PAGE_DISCARD is set at swapon and never changes).
      const std::uint32_t flags = m.cfg.fixes.sync_discard_flag_data_race ? si.flags.read_data_race() : si.flags.read();
      if (flags & SWP_PAGE_DISCARD) ret = swap_do_scheduled_discard(si);
      put_swap_device(&si);
    }
    if (ret) return true;
    m.swap_lock.lock();
  }
  m.swap_lock.unlock();
  return false;
}

}  // namespace swapmodel
