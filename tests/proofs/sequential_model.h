// One swap model built inside an execution's setup, where every instrumented operation takes
// effect at once: the differential tests call the model's own functions on it directly and
// read the state back with peek(). (tests/model has the same harness for the model's tests.)
#pragma once

#include <memory>

#include "checker/execution.h"
#include "checker/fiber.h"
#include "model/config.h"
#include "model/model.h"

namespace proofs_test {

class SequentialModel {
 public:
  explicit SequentialModel(const swapmodel::SwapConfig& cfg)
      : stacks_(checker::default_stack_size()),
        ex_(std::make_unique<checker::Execution>(checker::ExecutionConfig{}, ids_, stacks_)),
        scope_(std::make_unique<checker::ExecutionScope>(*ex_)),
        model_(std::make_unique<swapmodel::SwapModel>(cfg)) {}
  ~SequentialModel() {
    model_.reset();
    scope_.reset();
    ex_.reset();
  }
  SequentialModel(const SequentialModel&) = delete;
  SequentialModel& operator=(const SequentialModel&) = delete;

  swapmodel::SwapModel& m() { return *model_; }

 private:
  checker::IdentityRegistry ids_;
  checker::StackPool stacks_;
  std::unique_ptr<checker::Execution> ex_;
  std::unique_ptr<checker::ExecutionScope> scope_;
  std::unique_ptr<swapmodel::SwapModel> model_;
};

}  // namespace proofs_test
