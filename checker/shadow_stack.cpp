#include "checker/shadow_stack.h"

#include "checker/execution.h"

namespace checker {

ShadowFrame::ShadowFrame(const char* function) : stack_(nullptr) {
  Execution* ex = current_execution();
  if (ex == nullptr) return;
  stack_ = &ex->shadow_stack();
  stack_->push(function);
}

ShadowFrame::~ShadowFrame() {
  if (stack_ != nullptr) stack_->pop();
}

}  // namespace checker
