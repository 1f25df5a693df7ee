#include "core/errors.hpp"

namespace leefkaart {

std::string format_location(const Location& loc, const std::string& problem) {
  std::string out;
  auto add = [&out](const std::string& part) {
    if (part.empty()) return;
    if (!out.empty()) out += ": ";
    out += part;
  };
  add(loc.file);
  add(loc.where);
  if (!loc.field.empty()) add("field '" + loc.field + "'");
  add(problem);
  return out;
}

InputError::InputError(Location loc, const std::string& problem)
    : std::runtime_error(format_location(loc, problem)), loc_(std::move(loc)), problem_(problem) {}

}  // namespace leefkaart
