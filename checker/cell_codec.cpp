#include "checker/cell_codec.h"

#include <cstdint>
#include <map>
#include <memory>
#include <string>

namespace checker {

using nlohmann::json;

namespace {

// Every field of EventDesc is written; a field added there must be added here too.
static_assert(sizeof(EventDesc) == 56, "EventDesc changed: update cell_codec.cpp");

json event_to_json(const EventDesc& e) {
  json acc = json::array();
  for (const Access& a : e.acc) acc.push_back({a.obj, a.cell, static_cast<int>(a.mode)});
  return {{"thread", e.thread},
          {"kind", static_cast<int>(e.kind)},
          {"await", e.await},
          {"shared", e.shared},
          {"failed_update", e.failed_update},
          {"commuting_add", e.commuting_add},
          {"commutable", e.commutable},
          {"add", {e.add_delta, e.add_lo, e.add_hi}},
          {"update_if", static_cast<int>(e.update_if)},
          {"compare", e.compare},
          {"acc", std::move(acc)},
          {"period_start", e.period_start},
          {"second_start", e.second_start}};
}

template <class T>
T field(const json& j, const char* key, const std::string& path, T max) {
  const json* v = j.is_object() && j.contains(key) ? &j.at(key) : nullptr;
  if (v == nullptr || !v->is_number_integer() || v->get<std::int64_t>() < 0 ||
      v->get<std::uint64_t>() > static_cast<std::uint64_t>(max))
    throw CellFormatError(path + "." + key + ": expected an integer from 0 to " + std::to_string(static_cast<std::uint64_t>(max)));
  return static_cast<T>(v->get<std::uint64_t>());
}

bool flag(const json& j, const char* key, const std::string& path) {
  if (!j.is_object() || !j.contains(key) || !j.at(key).is_boolean())
    throw CellFormatError(path + "." + key + ": expected true or false");
  return j.at(key).get<bool>();
}

EventDesc event_from_json(const json& j, const std::string& path) {
  EventDesc e;
  e.thread = field<ThreadId>(j, "thread", path, kNoThread);
  e.kind = static_cast<OpKind>(field<int>(j, "kind", path, static_cast<int>(OpKind::Custom)));
  e.await = flag(j, "await", path);
  e.shared = flag(j, "shared", path);
  e.failed_update = flag(j, "failed_update", path);
  e.commuting_add = flag(j, "commuting_add", path);
  e.commutable = flag(j, "commutable", path);
  const json* add = j.contains("add") ? &j.at("add") : nullptr;
  auto is_int32 = [](const json& x) {
    return x.is_number_integer() && x.get<std::int64_t>() >= INT32_MIN && x.get<std::int64_t>() <= INT32_MAX;
  };
  if (add == nullptr || !add->is_array() || add->size() != 3 || !is_int32((*add)[0]) || !is_int32((*add)[1]) ||
      !is_int32((*add)[2]))
    throw CellFormatError(path + ".add: expected [delta, lo, hi], three 32-bit integers");
  e.add_delta = (*add)[0].get<std::int32_t>();
  e.add_lo = (*add)[1].get<std::int32_t>();
  e.add_hi = (*add)[2].get<std::int32_t>();
  e.update_if = static_cast<UpdateIf>(field<int>(j, "update_if", path, static_cast<int>(UpdateIf::LockFree)));
  e.compare = field<std::uint64_t>(j, "compare", path, UINT64_MAX);
  e.period_start = field<std::uint32_t>(j, "period_start", path, UINT32_MAX);
  e.second_start = field<std::uint32_t>(j, "second_start", path, UINT32_MAX);
  const json* acc = j.contains("acc") ? &j.at("acc") : nullptr;
  if (acc == nullptr || !acc->is_array() || acc->size() != 2)
    throw CellFormatError(path + ".acc: expected two accesses");
  for (int k = 0; k < 2; ++k) {
    const json& a = (*acc)[k];
    const std::string at = path + ".acc[" + std::to_string(k) + "]";
    auto in = [](const json& x, std::uint64_t max) {
      return x.is_number_integer() && x.get<std::int64_t>() >= 0 && x.get<std::uint64_t>() <= max;
    };
    if (!a.is_array() || a.size() != 3 || !in(a[0], kNoObject) || !in(a[1], 0xffff) || !in(a[2], 1))
      throw CellFormatError(at + ": expected [object, cell, mode]");
    e.acc[k] = Access{a[0].get<ObjectId>(), a[1].get<std::uint16_t>(), static_cast<AccessMode>(a[2].get<int>())};
  }
  return e;
}

// A wakeup tree as its branches in preorder, each [depth, event] (the file format keeps
// nesting shallow, and a tree can be hundreds of events deep).
void tree_to_json(WakeupTree tree, std::uint32_t depth, json& out) {
  while (!tree.empty()) {
    EventDesc e;
    WakeupTree below = tree.take_first(&e);
    out.push_back(json::array({depth, event_to_json(e)}));
    tree_to_json(std::move(below), depth + 1, out);
  }
}

WakeupTree tree_from_json(const json& list, std::size_t& pos, std::uint32_t depth) {
  std::vector<std::pair<EventDesc, WakeupTree>> children;
  while (pos < list.size()) {
    const json& b = list[pos];
    const std::string at = "$.wakeup[" + std::to_string(pos) + "]";
    if (!b.is_array() || b.size() != 2 || !b[0].is_number_integer() || b[0].get<std::int64_t>() < 0)
      throw CellFormatError(at + ": expected [depth, event]");
    const std::uint64_t d = b[0].get<std::uint64_t>();
    if (d < depth) break;
    if (d > depth)
      throw CellFormatError(at + ": a branch of depth " + std::to_string(d) + " where one of at most " +
                            std::to_string(depth) + " may follow");
    EventDesc e = event_from_json(b[1], at + "[1]");
    ++pos;
    children.emplace_back(e, tree_from_json(list, pos, depth + 1));
  }
  WakeupTree tree;
  for (std::size_t i = children.size(); i-- > 0;) tree.put_back(children[i].first, std::move(children[i].second));
  return tree;
}

json numbering_to_json(const std::map<std::uint64_t, std::uint32_t>& numbering) {
  json out = json::array();
  for (const auto& [key, number] : numbering) out.push_back({key, number});
  return out;
}

std::map<std::uint64_t, std::uint32_t> numbering_from_json(const json& j, const std::string& path) {
  if (!j.is_array()) throw CellFormatError(path + ": expected an array of [key, number]");
  std::map<std::uint64_t, std::uint32_t> out;
  for (const json& e : j)
    if (!e.is_array() || e.size() != 2 || !e[0].is_number_unsigned() || !e[1].is_number_unsigned() ||
        e[1].get<std::uint64_t>() > UINT32_MAX || !out.emplace(e[0].get<std::uint64_t>(), e[1].get<std::uint32_t>()).second)
      throw CellFormatError(path + ": expected distinct [key, number] pairs of unsigned integers");
  return out;
}

}  // namespace

json cell_to_json(const Cell& cell) {
  json asleep = json::array();
  for (const EventDesc& e : cell.asleep) asleep.push_back(event_to_json(e));
  json wakeup = json::array();
  tree_to_json(cell.wakeup, 0, wakeup);
  return {{"prefix", cell.prefix},
          {"asleep", std::move(asleep)},
          {"inherited", cell.inherited},
          {"wakeup", std::move(wakeup)},
          {"identities", cell.identities ? json{{"objects", numbering_to_json(cell.identities->objects())},
                                                {"threads", numbering_to_json(cell.identities->threads())}}
                                          : json(nullptr)}};
}

Cell cell_from_json(const json& j) {
  const std::string path = "$";
  if (!j.is_object()) throw CellFormatError("$: expected a cell object");
  Cell c;
  if (!j.contains("prefix") || !j.at("prefix").is_array()) throw CellFormatError("$.prefix: expected an array of threads");
  for (const json& t : j.at("prefix")) {
    if (!t.is_number_integer() || t.get<std::int64_t>() < 0 || t.get<std::uint64_t>() >= kNoThread) throw CellFormatError("$.prefix: expected thread numbers");
    c.prefix.push_back(t.get<ThreadId>());
  }
  if (!j.contains("asleep") || !j.at("asleep").is_array()) throw CellFormatError("$.asleep: expected an array of events");
  for (std::size_t i = 0; i < j.at("asleep").size(); ++i)
    c.asleep.push_back(event_from_json(j.at("asleep")[i], "$.asleep[" + std::to_string(i) + "]"));
  c.inherited = field<std::uint32_t>(j, "inherited", path, static_cast<std::uint32_t>(c.asleep.size()));
  if (!j.contains("wakeup") || !j.at("wakeup").is_array()) throw CellFormatError("$.wakeup: expected an array");
  std::size_t pos = 0;
  c.wakeup = tree_from_json(j.at("wakeup"), pos, 0);
  if (pos != j.at("wakeup").size()) throw CellFormatError("$.wakeup[" + std::to_string(pos) + "]: expected depth 0");
  if (!j.contains("identities")) throw CellFormatError("$.identities: expected null or {\"objects\", \"threads\"}");
  const json& ids = j.at("identities");
  if (!ids.is_null()) {
    if (!ids.is_object() || !ids.contains("objects") || !ids.contains("threads"))
      throw CellFormatError("$.identities: expected null or {\"objects\", \"threads\"}");
    auto registry = std::make_shared<IdentityRegistry>();
    if (!IdentityRegistry::from_numbering(numbering_from_json(ids.at("objects"), "$.identities.objects"),
                                          numbering_from_json(ids.at("threads"), "$.identities.threads"), *registry))
      throw CellFormatError("$.identities: the numbers of each kind must be 0, 1, ... with none twice");
    c.identities = std::move(registry);
  }
  return c;
}

}  // namespace checker
