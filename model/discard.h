// Discard of freed clusters on a SWP_PAGE_DISCARD device (mm/swapfile.c, upstream; the swap
// table keeps it in every seed): a cluster whose last slot is freed is not free at once.
// free_cluster puts it on si->discard_clusters with CLUSTER_FLAG_DISCARD and queues
// si->discard_work; the work (swap_discard_work -> swap_do_scheduled_discard) takes each cluster
// off the list under si->lock, keeping the DISCARD flag (a percpu cache may still point into it,
// relocate_cluster may meet it), drops si->lock to discard its blocks (blkdev_issue_discard
// sleeps), then under ci->lock clears the flag and frees it (__free_cluster). An allocation that
// found nothing at order 0 runs the discards itself (swap_sync_discard) and retries. swapoff
// waits for the work (flush_work) after the device's users drained: the work holds no device
// reference. A DISCARD cluster is never usable (its flags are above CLUSTER_FLAG_FRAG).
//
// Model: the discard state exists only on a device configured with "discard" (SwapDiscard in
// device.h), so no other scenario gains an object or an event. The discard writes garbage into
// the cluster's device blocks, so a slot in use there would lose its data (data_preserved).
// The work runs in a scenario thread (op swap_discard_work); a flush_work that finds the item
// still pending runs the work function itself, where a worker would run it while the flusher
// waits (the flusher does nothing else meanwhile, so the interleavings are the same).
#pragma once

namespace swapmodel {

struct SwapCluster;
struct SwapDevice;

// swap_cluster_schedule_discard: onto the discard list, and schedule_work(&si->discard_work).
// Caller holds ci->lock; the cluster is empty and not free.
void swap_cluster_schedule_discard(SwapDevice& si, SwapCluster& ci);
// swap_do_scheduled_discard: discard and free every cluster of the discard list; true when it
// freed one.
bool swap_do_scheduled_discard(SwapDevice& si);
// swap_discard_work: the work function, as a worker runs it (clearing PENDING first).
void swap_discard_work(SwapDevice& si);
// flush_work(&si->discard_work): no event on a device without discard.
void flush_discard_work(SwapDevice& si);
// swap_sync_discard: for each active device that discards, under a device reference,
// swap_do_scheduled_discard; true as soon as one freed a cluster.
bool swap_sync_discard();
// Whether any device of the configuration discards (a configuration read, no event).
bool swap_discard_configured();

}  // namespace swapmodel
