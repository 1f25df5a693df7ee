#pragma once
// Errors that reach the user. Each names where the problem is (file, row or
// feature, field) so an analyst can fix the input without reading code.
#include <stdexcept>
#include <string>

namespace leefkaart {

struct Location {
  std::string file;     // path as the user gave it (or as resolved)
  std::string where;    // "row 12", "feature 7 (BU03440111)", "line 4"
  std::string field;    // column, attribute or config key
};

class InputError : public std::runtime_error {
 public:
  InputError(Location loc, const std::string& problem);
  const Location& location() const { return loc_; }
  const std::string& problem() const { return problem_; }

 private:
  Location loc_;
  std::string problem_;
};

// Formats "file: row 3: field 'x': problem" leaving out empty parts.
std::string format_location(const Location& loc, const std::string& problem);

}  // namespace leefkaart
