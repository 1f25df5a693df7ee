#include "io/layer_table.hpp"

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <memory>

#include "core/errors.hpp"

namespace leefkaart::io {
namespace {

struct DatasetCloser {
  void operator()(GDALDataset* ds) const { GDALClose(ds); }
};

void add_rings(const OGRGeometry* g, std::vector<Ring>& out) {
  if (!g) return;
  const OGRwkbGeometryType type = wkbFlatten(g->getGeometryType());
  if (OGR_GT_IsCurve(type)) {
    Ring ring;
    std::unique_ptr<OGRPointIterator> it(g->toCurve()->getPointIterator());
    OGRPoint p;
    while (it->getNextPoint(&p)) ring.push_back({p.getX(), p.getY()});
    if (!ring.empty()) out.push_back(std::move(ring));
  } else if (OGR_GT_IsSubClassOf(type, wkbCurvePolygon)) {
    for (const OGRCurve* ring : *g->toCurvePolygon()) add_rings(ring, out);
  } else if (OGR_GT_IsSubClassOf(type, wkbGeometryCollection)) {
    for (const OGRGeometry* part : *g->toGeometryCollection()) add_rings(part, out);
  }
}

}  // namespace

void LayerTable::index_fields() {
  index_.clear();
  for (std::size_t i = 0; i < fields.size(); ++i) index_[fields[i]] = i;
}

std::size_t LayerTable::field(const std::string& name) const {
  auto it = index_.find(name);
  if (it == index_.end()) throw InputError({file, "layer '" + layer + "'", name}, "field missing: is this the output of another leefkaart version?");
  return it->second;
}

std::optional<double> LayerTable::number(std::size_t row, const std::string& name) const {
  return rows.at(row).number[field(name)];
}

std::optional<std::string> LayerTable::text(std::size_t row, const std::string& name) const {
  return rows.at(row).text[field(name)];
}

LayerTable read_layer_table(const std::filesystem::path& path, const std::string& layer) {
  LayerTable t;
  t.file = path.string();
  t.layer = layer;
  if (!std::filesystem::is_regular_file(path)) throw InputError({t.file, "", ""}, "file not found");
  GDALAllRegister();
  std::unique_ptr<GDALDataset, DatasetCloser> ds(
      GDALDataset::Open(t.file.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, nullptr, nullptr));
  if (!ds) throw InputError({t.file, "", ""}, "cannot be opened as a vector file");
  OGRLayer* l = ds->GetLayerByName(layer.c_str());
  if (!l) throw InputError({t.file, "layer '" + layer + "'", ""}, "layer missing");
  OGRFeatureDefn* defn = l->GetLayerDefn();
  std::vector<bool> numeric;
  for (int i = 0; i < defn->GetFieldCount(); ++i) {
    const OGRFieldDefn* fd = defn->GetFieldDefn(i);
    t.fields.emplace_back(fd->GetNameRef());
    numeric.push_back(fd->GetType() == OFTReal || fd->GetType() == OFTInteger || fd->GetType() == OFTInteger64);
  }
  t.index_fields();
  l->ResetReading();
  for (auto& f : *l) {
    LayerTable::Row row;
    row.text.resize(t.fields.size());
    row.number.resize(t.fields.size());
    for (int i = 0; i < static_cast<int>(t.fields.size()); ++i) {
      if (!f->IsFieldSetAndNotNull(i)) continue;
      row.text[i] = f->GetFieldAsString(i);
      if (numeric[i]) row.number[i] = f->GetFieldAsDouble(i);
    }
    add_rings(f->GetGeometryRef(), row.rings);
    t.rows.push_back(std::move(row));
  }
  return t;
}

std::vector<std::optional<std::string>> read_layer_field(const std::filesystem::path& path, const std::string& layer,
                                                         const std::string& field) {
  const std::string file = path.string();
  if (!std::filesystem::is_regular_file(path)) throw InputError({file, "", ""}, "file not found");
  GDALAllRegister();
  std::unique_ptr<GDALDataset, DatasetCloser> ds(
      GDALDataset::Open(file.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, nullptr, nullptr));
  if (!ds) throw InputError({file, "", ""}, "cannot be opened as a vector file");
  OGRLayer* l = ds->GetLayerByName(layer.c_str());
  if (!l) throw InputError({file, "layer '" + layer + "'", ""}, "layer missing");
  OGRFeatureDefn* defn = l->GetLayerDefn();
  const int index = defn->GetFieldIndex(field.c_str());
  if (index < 0) throw InputError({file, "layer '" + layer + "'", field}, "field missing: is this the output of another leefkaart version?");
  // Skip the geometry and every other field: only this one is read.
  CPLStringList ignored;
  ignored.AddString("OGR_GEOMETRY");
  for (int i = 0; i < defn->GetFieldCount(); ++i)
    if (i != index) ignored.AddString(defn->GetFieldDefn(i)->GetNameRef());
  l->SetIgnoredFields(const_cast<const char**>(ignored.List()));
  std::vector<std::optional<std::string>> out;
  l->ResetReading();
  for (auto& f : *l) {
    if (f->IsFieldSetAndNotNull(index))
      out.emplace_back(f->GetFieldAsString(index));
    else
      out.emplace_back();
  }
  return out;
}

}  // namespace leefkaart::io
