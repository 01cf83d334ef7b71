// The two standard workloads the engine is measured on (and tested against), as peers were:
//   refcnt(N):  N threads each read a shared plain payload, then fetch_sub a refcount that starts
//               at N; the thread that brings it to 0 clears the payload. Under sequential
//               consistency the fetch_subs are the only conflicts that can be reordered: N!
//               Mazurkiewicz traces.
//   lockcnt(N): N threads each run two critical sections (a plain increment) under one
//               spinlock. Traces are the orders of the 2N sections that keep each thread's two
//               in program order: (2N)! / 2^N.
#pragma once

#include "checker/explore.h"

namespace workloads {

checker::Program refcnt(int n);
checker::Program lockcnt(int n);

}  // namespace workloads
