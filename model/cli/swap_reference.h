// The swap model's reference (ModelInterface::reference()): every name a swap scenario may use,
// built from the registries the reader itself uses (model/registry.h, model/invariants.h, the
// step language of step_program.h), so `swapcheck list` and docs/model-reference.md cannot
// drift from what the model accepts.
//
//   config      the keys of "config": each knob with its values, default and the kernel
//               constant or option it stands for; "mutations", "fixes", "memcg_limits"
//   ops         every operation: arguments (with the kind of object each names), defaults,
//               designs, and the kernel function, file and seed it follows
//   steps       a thread's keys and the step language (op, if, goto, retry, assert, label)
//   invariants  the model's invariants
//   mutations   known bugs put back, with the function each changes and the scenario that shows it
//   fixes       fixes for races the faithful model shows, likewise
#pragma once

#include <string>
#include <vector>

#include "checker/model_interface.h"
#include "model/registry.h"

namespace swapmodel {

std::vector<checker::ReferenceSection> swap_reference();

// "do_swap_page (mm/memory.c); design swap_table (seeds 000, 002, 003), vswap (seed 004) and
// vswap_desc (seed 001)": the kernel function an operation runs, where it is, and the seeds of
// the designs that have it. "" for the operations that only build a setup.
std::string op_kernel_text(const OpEntry& op);

}  // namespace swapmodel
