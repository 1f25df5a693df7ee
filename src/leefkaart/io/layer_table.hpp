#pragma once
// A layer of a finished build read back as a plain table: field names, one
// value per field per feature, and the polygons' rings in the layer's own
// coordinates (RD New for a build). For readers of a build (the report) that
// must not see OGR types.
#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace leefkaart::io {

struct PlanePoint {
  double x = 0, y = 0;
};
// Outer rings and holes alike; drawn with the even-odd rule they make the shape.
using Ring = std::vector<PlanePoint>;

class LayerTable {
 public:
  struct Row {
    std::vector<std::optional<std::string>> text;  // every field as text; nullopt when null
    std::vector<std::optional<double>> number;     // numeric fields; nullopt when null or not numeric
    std::vector<Ring> rings;
  };

  std::string file;   // the GeoPackage, as given
  std::string layer;  // the layer's name
  std::vector<std::string> fields;
  std::vector<Row> rows;

  bool has_field(const std::string& name) const { return index_.count(name) > 0; }
  // The field's position; InputError naming the file, the layer and the field when absent.
  std::size_t field(const std::string& name) const;
  std::optional<double> number(std::size_t row, const std::string& name) const;
  std::optional<std::string> text(std::size_t row, const std::string& name) const;

  void index_fields();

 private:
  std::unordered_map<std::string, std::size_t> index_;
};

// Reads `layer` of the vector file `path` whole. InputError naming the file
// when it cannot be opened, and the layer when it is absent.
LayerTable read_layer_table(const std::filesystem::path& path, const std::string& layer);

// One field of `layer` as text, one value per feature (nullopt when null),
// without reading geometry or the other fields: for a large layer of which
// only the ids are needed. InputError naming the file, layer or field when absent.
std::vector<std::optional<std::string>> read_layer_field(const std::filesystem::path& path, const std::string& layer,
                                                         const std::string& field);

}  // namespace leefkaart::io
