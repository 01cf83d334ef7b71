// Tracked heap objects: kzalloc, kfree and kfree_rcu of model objects whose fields are
// primitives. Memory is never really released during an execution (the model's C++ objects
// live until it ends); what is tracked is the object's state, so that any access to a field of
// a freed object is reported as a use-after-free and a second free as a double free.
#pragma once

#include <source_location>

#include "checker/execution.h"
#include "checker/rcu.h"

namespace checker {

// kzalloc: a new live object. Construct its primitives inside an OwnerScope(cell).
HeapCell* heap_alloc(ObjectName name, std::source_location loc = std::source_location::current());
// kfree.
void heap_free(HeapCell* cell, std::source_location loc = std::source_location::current());
// kfree_rcu: retired now; freed by an RCU callback after a grace period.
void heap_free_rcu(Rcu& rcu, HeapCell* cell, std::source_location loc = std::source_location::current());
// An access to the object itself rather than to one of its primitive fields.
void heap_access(HeapCell* cell, std::source_location loc = std::source_location::current());

}  // namespace checker
