// si->reclaim_work (mm/swapfile.c, upstream; seed 004 keeps it, P1 for the vswap exclusions of
// swap_range_alloc that queues it).
#include "model/workqueue.h"

#include "checker/execution.h"
#include "checker/kernel_order.h"
#include "model/device.h"
#include "model/model.h"
#include "model/vswap/vswap.h"

namespace swapmodel {

SwapWork::SwapWork(int type_) : type(type_), busy(checker::ObjectName{"si#.reclaim_work", type_}, 0) {}

void schedule_reclaim_work(SwapDevice& si) {
  SwapModel& m = model();
  if (reclaim_work_of(si) != nullptr) return;  // already queued: schedule_work does nothing
  if (m.workqueue == nullptr) m.workqueue = std::make_unique<SwapWorkqueue>();
  // queue_work (kernel/workqueue.c): test_and_set_bit(WORK_STRUCT_PENDING_BIT) of a clear bit,
  // fully ordered (the work function sees everything before it): a store between full fences.
  checker::Atomic<int>& busy = m.workqueue->reclaim.emplace_back(si.type).busy;
  checker::lkmm::smp_mb();
  checker::lkmm::atomic_set(busy, 1);
  checker::lkmm::smp_mb();
}

SwapWork* reclaim_work_of(SwapDevice& si) {
  SwapModel& m = model();
  if (m.workqueue == nullptr) return nullptr;
  for (SwapWork& w : m.workqueue->reclaim)
    if (w.type == si.type) return &w;
  return nullptr;
}

// mm/swapfile.c: swap_reclaim_work: a full scan of the full clusters, reclaiming cache-only
// slots, with no reference on the device: swapoff's flush_work keeps the clusters alive.
void swap_reclaim_work(SwapWork& work) {
  CHECKER_FRAME();
  SwapDevice& si = *swap_type_to_info(work.type);
  vswap::swap_reclaim_full_clusters(si, true);
  reclaim_work_return(work);
}

// The work function has returned: flush_work's barrier work completes after it on the same
// worker, and its complete() releases what the work did to the waiter (a release store here,
// which flush_reclaim_work's wait acquires).
void reclaim_work_return(SwapWork& work) { checker::lkmm::smp_store_release(work.busy, 0); }

// kernel/workqueue.c: flush_work, for the device's reclaim work.
void flush_reclaim_work(SwapDevice& si) {
  CHECKER_FRAME();
  if (SwapWork* w = reclaim_work_of(si)) w->busy.wait_until([](int v) { return v == 0; }, "flush_work(&si->reclaim_work)");
}

}  // namespace swapmodel
