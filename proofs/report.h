// swapcheck-prove's output: one line per obligation (text) or one JSON document, and the
// verdict. Nothing here depends on time or on the machine: the same results print the same
// bytes (the total time goes to stderr, in prove_main.cpp).
//
// Text line shapes:
//   proved   <name>  needs <preconditions>
//   refuted  <name>  breaks <goals>  {<counterexample>}  scenario <file> (reproduces|faithful twin)
//   unknown  <name>  (<reason>)
// followed by "  UNEXPECTED: expected <outcome>" when the outcome is not the expected one, and
// a final summary line.
#pragma once

#include <string>
#include <vector>

#include "proofs/runner.h"

namespace swapproofs {

std::string text_line(const Entry& e);
std::string text_report(const std::vector<Entry>& entries);
std::string json_report(const std::vector<Entry>& entries);

// True when every obligation came out as expected (exit code 0).
bool all_as_expected(const std::vector<Entry>& entries);

}  // namespace swapproofs
