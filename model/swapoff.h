// swapoff and try_to_unuse (mm/swapfile.c) for a physical device.
//
// swapoff: clear SWP_WRITEOK and take the device off the avail list (swap_lock, si->lock,
// swap_avail_lock); lock every cluster once so no allocation is still inside one
// (wait_for_allocation); try_to_unuse; then kill si->users, wait a grace period and for the
// users to drain (every get_swap_device / tryget_swap_entry holder is gone), flush the percpu
// caches, and free the zswap tree, the cluster tables and the cluster array. An access to any
// of those afterwards is a use-after-free.
//
// try_to_unuse: for each mm, each swap PTE of the device is swapped in and mapped (unuse_pte),
// then leftover swap-cache folios are freed; repeated while slots remain in use. The kernel
// retries until a signal arrives; the model takes a pass that freed nothing as that signal and
// fails with -EINTR, so the loop stays bounded (swapoff then puts the device back).
#pragma once

namespace swapmodel {

int swapoff(int type);
int try_to_unuse(int type);

}  // namespace swapmodel
