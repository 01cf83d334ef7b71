#include "litmus.h"

#include <memory>
#include <mutex>
#include <sstream>

using namespace checker;

namespace litmus {

namespace {

std::string outcome(const Words& w, const std::string& shows) {
  std::istringstream in(shows);
  std::string name, out;
  while (in >> name) {
    int v = 0;
    if (name == "x") {
      v = w.x.peek();
    } else if (name == "y") {
      v = w.y.peek();
    } else if (name == "z") {
      v = w.z.peek();
    } else if (name == "a") {
      v = w.a.peek();
    } else if (name == "b") {
      v = w.b.peek();
    } else {
      v = w.r.at(static_cast<std::size_t>(std::stoi(name.substr(1))));
    }
    out += (out.empty() ? "" : " ") + name + "=" + std::to_string(v);
  }
  return out;
}

}  // namespace

Result run(const Test& t, MemoryModel model, Strategy strategy) {
  Result res;
  std::mutex lock;
  Program p{[&](Execution& ex) {
    auto& w = ex.keep(std::make_unique<Words>());
    for (std::size_t i = 0; i < t.threads.size(); ++i)
      ex.spawn("T" + std::to_string(i), [&w, body = t.threads[i]] { body(w); });
    ex.add_invariant(InvariantDef{"record_outcome", Verdict::Invariant, CheckWhen::Quiescence,
                                  [&w, &t, &res, &lock]() -> std::optional<std::string> {
                                    std::lock_guard<std::mutex> hold(lock);
                                    res.outcomes.insert(outcome(w, t.shows));
                                    return std::nullopt;
                                  }});
  }};
  Bounds b;
  b.strategy = strategy;
  b.memory_model = model;
  res.report = explore(p, b);
  return res;
}

std::string show(const std::set<std::string>& s) {
  std::string out;
  for (const std::string& o : s) out += "{" + o + "} ";
  return out;
}

}  // namespace litmus
