// Where each value of a JSON text sits, for error messages. nlohmann/json keeps no positions, so
// this scanner walks the text a second time and maps every JSON pointer ("/threads/1/steps/3")
// to the line and column of its key and of its value.
//
// Contract: scan() is meant for text nlohmann has already accepted (comments ignored, strict
// mode), but it is safe on any input: it never reads out of bounds, never recurses, and on
// text it does not understand it stops and keeps what it mapped so far. Besides positions it
// reports the two things nlohmann accepts silently and a scenario must not contain: a key given
// twice in one object (nlohmann keeps the last) and nesting deeper than max_depth.
//
// Lines and columns are 1-based; a column counts Unicode code points (UTF-8 continuation bytes
// do not advance it), as editors display them. A byte-order mark at the start is skipped.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace checker {

struct TextPosition {
  int line = 0;  // 0: unknown
  int column = 0;
  bool operator==(const TextPosition&) const = default;
};

// The position of byte `offset` of `text` (offsets past the end map to the end).
TextPosition position_at(std::string_view text, std::size_t offset);

// Appends one reference token to a JSON pointer, escaping '~' and '/' (RFC 6901).
std::string append_pointer(const std::string& pointer, std::string_view token);

class JsonPositions {
 public:
  struct Node {
    TextPosition key;    // the member's key; the value's own position for array items and the root
    TextPosition value;  // the first character of the value
  };
  struct Problem {
    TextPosition where;
    std::string message;
  };

  static JsonPositions scan(std::string_view text, std::size_t max_depth = 64);

  // The node a JSON pointer string names, or null when the text has no such value.
  const Node* find(const std::string& pointer) const;
  // The first duplicate key or excess nesting found, if any.
  const std::optional<Problem>& problem() const { return problem_; }
  // False when the scanner met text it could not follow (not valid JSON): lookups then fall
  // back to enclosing values.
  bool complete() const { return complete_; }

 private:
  friend class JsonScanner;
  std::unordered_map<std::string, Node> nodes_;
  std::optional<Problem> problem_;
  bool complete_ = false;
};

}  // namespace checker
