// The swap device's reclaim work (mm/swapfile.c: si->reclaim_work, swap_reclaim_work): queued
// by swap_range_alloc when a device fills up while swap is nearly full, it runs
// swap_reclaim_full_clusters(si, true) from a workqueue, holding no device reference. swapoff
// waits for it (flush_work) after the device's users drained and before freeing the clusters;
// nothing queues it again once SWP_WRITEOK is clear and wait_for_allocation has run.
//
// Model: a work item exists only in scenarios that queue it (setup op schedule_reclaim_work),
// so no other scenario gains an object or an event. `busy` is 1 from queueing until the work
// function returned (WORK_STRUCT_PENDING, then running): what flush_work waits on.
#pragma once

#include "checker/atomic.h"
#include "model/stable_vector.h"

namespace swapmodel {

struct SwapDevice;

struct SwapWork {
  explicit SwapWork(int type);
  const int type;                // the device (container_of(work, si, reclaim_work))
  checker::Atomic<int> busy;     // queued or running
};

struct SwapWorkqueue {
  StableVector<SwapWork> reclaim;  // one per device that has its work queued
};

// schedule_work(&si->reclaim_work) in setup: the device filled up earlier.
void schedule_reclaim_work(SwapDevice& si);
// The queued work item of a device, or null.
SwapWork* reclaim_work_of(SwapDevice& si);
// swap_reclaim_work: the work function, for a queued item: swap_reclaim_full_clusters(si, true),
// then reclaim_work_return.
void swap_reclaim_work(SwapWork& work);
// The work function returned: flush_work stops waiting for it.
void reclaim_work_return(SwapWork& work);
// flush_work(&si->reclaim_work): wait until the device's work, if queued, has run.
void flush_reclaim_work(SwapDevice& si);

}  // namespace swapmodel
