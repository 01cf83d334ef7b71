// Constructing a tracked heap object's primitive fields inside its heap cell.
//
// Primitives constructed while an OwnerScope is active belong to that cell, so any access to
// them after the cell is freed is a use-after-free. A struct whose primitive fields must be
// members (not built in the constructor body) brackets them with these two markers:
//
//   struct Obj {
//     checker::HeapCell* cell;
//     OwnedFieldsBegin begin{cell};  // fields below belong to `cell`
//     checker::Var<int> a, b;
//     OwnedFieldsEnd end{begin};     // back to the previous owner
//   };
#pragma once

#include "checker/execution.h"

namespace swapmodel {

struct OwnedFieldsBegin {
  explicit OwnedFieldsBegin(checker::HeapCell* cell) : saved(checker::current_execution()->current_owner()) {
    checker::current_execution()->set_current_owner(cell);
  }
  checker::HeapCell* saved;
};

struct OwnedFieldsEnd {
  explicit OwnedFieldsEnd(const OwnedFieldsBegin& b) { checker::current_execution()->set_current_owner(b.saved); }
};

}  // namespace swapmodel
