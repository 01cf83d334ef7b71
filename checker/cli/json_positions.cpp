#include "checker/cli/json_positions.h"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <vector>

namespace checker {

namespace {

constexpr std::string_view kByteOrderMark = "\xEF\xBB\xBF";

bool is_continuation_byte(unsigned char c) { return (c & 0xC0) == 0x80; }

bool starts_scalar(char c) {
  return c == '-' || (c >= '0' && c <= '9') || c == 't' || c == 'f' || c == 'n';
}

bool inside_scalar(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '+' || c == '-' ||
         c == '.';
}

std::string format_position(TextPosition p) { return std::to_string(p.line) + ":" + std::to_string(p.column); }

}  // namespace

TextPosition position_at(std::string_view text, std::size_t offset) {
  offset = std::min(offset, text.size());
  std::size_t i = text.starts_with(kByteOrderMark) ? std::min(kByteOrderMark.size(), offset) : 0;
  TextPosition p{1, 1};
  for (; i < offset; ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c == '\n') {
      ++p.line;
      p.column = 1;
    } else if (!is_continuation_byte(c)) {
      ++p.column;
    }
  }
  return p;
}

std::string append_pointer(const std::string& pointer, std::string_view token) {
  std::string out = pointer;
  out += '/';
  for (char c : token) {
    if (c == '~')
      out += "~0";
    else if (c == '/')
      out += "~1";
    else
      out += c;
  }
  return out;
}

// One pass over the text with an explicit stack of open containers (no recursion, so deep
// input cannot overflow the call stack).
class JsonScanner {
 public:
  JsonScanner(std::string_view text, std::size_t max_depth, JsonPositions& out)
      : text_(text), max_depth_(max_depth), out_(out) {}

  void run() {
    if (text_.starts_with(kByteOrderMark)) pos_ = kByteOrderMark.size();
    skip_space();
    Target next;
    while (scan_value(next)) {
    }
  }

 private:
  // The value about to be scanned: its pointer and, for an object member, where its key was.
  struct Target {
    std::string pointer;
    std::optional<TextPosition> key;
  };
  struct Frame {
    std::string pointer;
    bool object = false;
    std::size_t index = 0;
    std::unordered_map<std::string, TextPosition> keys;  // object members seen so far
  };

  bool at_end() const { return pos_ >= text_.size(); }
  char peek() const { return at_end() ? '\0' : text_[pos_]; }
  char peek_next() const { return pos_ + 1 < text_.size() ? text_[pos_ + 1] : '\0'; }
  TextPosition here() const { return {line_, column_}; }

  void advance() {
    if (at_end()) return;
    const auto c = static_cast<unsigned char>(text_[pos_++]);
    if (c == '\n') {
      ++line_;
      column_ = 1;
    } else if (!is_continuation_byte(c)) {
      ++column_;
    }
  }

  // Whitespace and the comments nlohmann's ignore_comments accepts: // up to a line feed or a
  // carriage return (nlohmann ends it at either), and /* */.
  void skip_space() {
    for (;;) {
      const char c = peek();
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
        advance();
      } else if (c == '/' && peek_next() == '/') {
        while (!at_end() && peek() != '\n' && peek() != '\r') advance();
      } else if (c == '/' && peek_next() == '*') {
        advance();
        advance();
        while (!at_end() && !(peek() == '*' && peek_next() == '/')) advance();
        advance();
        advance();
      } else {
        return;
      }
    }
  }

  // At an opening quote: moves past the closing one. False when the string never ends.
  bool skip_string() {
    advance();
    while (!at_end()) {
      const char c = peek();
      advance();
      if (c == '\\')
        advance();
      else if (c == '"')
        return true;
    }
    return false;
  }

  // Scans the value at `t`; returns true with `t` set to the next value to scan, false when
  // the document is complete or the text cannot be followed.
  bool scan_value(Target& t) {
    const TextPosition at = here();
    out_.nodes_[t.pointer] = JsonPositions::Node{t.key.value_or(at), at};
    const char c = peek();
    if (c == '{' || c == '[') {
      if (stack_.size() >= max_depth_) {
        report(at, "nesting deeper than " + std::to_string(max_depth_) + " levels");
        return false;
      }
      advance();
      stack_.push_back(Frame{t.pointer, c == '{', 0, {}});
      skip_space();
      if (peek() != (c == '{' ? '}' : ']')) return begin_element(t);
      advance();
      stack_.pop_back();
    } else if (c == '"') {
      if (!skip_string()) return false;
    } else if (starts_scalar(c)) {
      while (inside_scalar(peek())) advance();
    } else {
      return false;
    }
    return after_value(t);
  }

  // After a complete value: closes finished containers and finds the next element, if any.
  bool after_value(Target& t) {
    for (;;) {
      skip_space();
      if (stack_.empty()) {
        out_.complete_ = at_end();
        return false;
      }
      Frame& f = stack_.back();
      const char c = peek();
      if (c == ',') {
        advance();
        skip_space();
        ++f.index;
        return begin_element(t);
      }
      if (c != (f.object ? '}' : ']')) return false;
      advance();
      stack_.pop_back();
    }
  }

  // At the start of the next element of the innermost container (a key for an object).
  bool begin_element(Target& t) {
    Frame& f = stack_.back();
    if (!f.object) {
      t.pointer = append_pointer(f.pointer, std::to_string(f.index));
      t.key.reset();
      return true;
    }
    const TextPosition key_at = here();
    const std::size_t start = pos_;
    if (peek() != '"' || !skip_string()) return false;
    std::string key;
    try {
      key = nlohmann::json::parse(text_.substr(start, pos_ - start)).get<std::string>();
    } catch (const nlohmann::json::exception&) {
      return false;
    }
    auto [seen, fresh] = f.keys.emplace(key, key_at);
    if (!fresh) {
      report(key_at, "duplicate key \"" + key + "\" (first given at " + format_position(seen->second) + ")");
      return false;
    }
    t.pointer = append_pointer(f.pointer, key);
    t.key = key_at;
    skip_space();
    if (peek() != ':') return false;
    advance();
    skip_space();
    return true;
  }

  void report(TextPosition where, std::string message) {
    if (!out_.problem_) out_.problem_ = JsonPositions::Problem{where, std::move(message)};
  }

  std::string_view text_;
  std::size_t max_depth_;
  JsonPositions& out_;
  std::size_t pos_ = 0;
  int line_ = 1;
  int column_ = 1;
  std::vector<Frame> stack_;
};

JsonPositions JsonPositions::scan(std::string_view text, std::size_t max_depth) {
  JsonPositions out;
  JsonScanner(text, max_depth, out).run();
  return out;
}

const JsonPositions::Node* JsonPositions::find(const std::string& pointer) const {
  auto it = nodes_.find(pointer);
  return it == nodes_.end() ? nullptr : &it->second;
}

}  // namespace checker
