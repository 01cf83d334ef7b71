#include "checker/cli/shard_spec.h"

#include <charconv>
#include <optional>

namespace checker {

namespace {

std::optional<unsigned long long> number(std::string_view s) {
  unsigned long long v = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (s.empty() || ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
  return v;
}

// I from the scheduler's environment, or why there is none.
std::variant<unsigned long long, std::string> index_from_environment(unsigned count, const EnvLookup& env) {
  const char* slurm = env("SLURM_ARRAY_TASK_ID");
  const char* k8s = env("JOB_COMPLETION_INDEX");
  if (slurm != nullptr && k8s != nullptr)
    return std::string("--shard auto: both SLURM_ARRAY_TASK_ID and JOB_COMPLETION_INDEX are set; give I/N instead");
  if (k8s != nullptr) {
    const auto i = number(k8s);
    if (!i) return "--shard auto: JOB_COMPLETION_INDEX is \"" + std::string(k8s) + "\", not a number";
    return *i;
  }
  if (slurm == nullptr)
    return std::string(
        "--shard auto: neither SLURM_ARRAY_TASK_ID (a Slurm job array) nor JOB_COMPLETION_INDEX (a Kubernetes "
        "Indexed Job) is set; give I/N instead");
  const auto id = number(slurm);
  if (!id) return "--shard auto: SLURM_ARRAY_TASK_ID is \"" + std::string(slurm) + "\", not a number";
  unsigned long long min = 0;
  if (const char* m = env("SLURM_ARRAY_TASK_MIN")) {
    const auto v = number(m);
    if (!v || *v > *id) return "--shard auto: SLURM_ARRAY_TASK_MIN is \"" + std::string(m) + "\", not a number up to the task id";
    min = *v;
  }
  if (const char* c = env("SLURM_ARRAY_TASK_COUNT")) {
    const auto v = number(c);
    if (!v || *v != count)
      return "--shard auto/" + std::to_string(count) + ": the job array has SLURM_ARRAY_TASK_COUNT=" + c +
             " tasks; give N equal to it";
  }
  return *id - min;
}

}  // namespace

std::variant<ShareSpec, std::string> parse_share(const std::string& text, const EnvLookup& env) {
  const std::size_t slash = text.find('/');
  const std::string usage = "--shard: expected I/N or auto/N with 0 <= I < N <= " + std::to_string(kMaxShards) +
                            ", got \"" + text + "\"";
  if (slash == std::string::npos) return usage;
  const auto count = number(std::string_view(text).substr(slash + 1));
  if (!count || *count == 0 || *count > kMaxShards) return usage;
  const std::string head = text.substr(0, slash);
  unsigned long long index = 0;
  if (head == "auto") {
    auto i = index_from_environment(static_cast<unsigned>(*count), env);
    if (auto* why = std::get_if<std::string>(&i)) return *why;
    index = std::get<unsigned long long>(i);
    if (index >= *count)
      return "--shard auto/" + std::to_string(*count) + ": the scheduler's index is " + std::to_string(index) +
             ", not below " + std::to_string(*count);
  } else {
    const auto i = number(head);
    if (!i || *i >= *count) return usage;
    index = *i;
  }
  return ShareSpec{static_cast<unsigned>(index), static_cast<unsigned>(*count)};
}

}  // namespace checker
