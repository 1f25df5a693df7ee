#pragma once
// What `leefkaart init` knows about the Netherlands: the national files of the
// data folder (buurt polygons of 2019, CBS kerncijfers 2025, GGD 2020) and the
// reference tables shipped in presets/nl/ (provinces, municipal mergers), and
// how one gemeente's buurten are found in them.
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace leefkaart::init {

// The national files, relative to the data folder.
struct NationalFiles {
  std::string polygons = "boundaries/nl_buurten_2019_coarse_wgs84.topojson";
  std::string polygons_crs = "EPSG:4326";
  std::string polygon_code_field = "statcode";
  std::string kwb = "cbs/nl_kwb_2025_buurten.csv";
  std::string kwb_key = "buurtcode";
  std::string ggd = "rivm/gezondheid_wijk_buurt/gezondheid_wijk_buurt_2020_18plus.csv";
  std::string ggd_key = "Codering_3";
  std::string no2 = "rivm/gcn_no2/conc_no2_2021.asc";
};

struct Polygon {
  std::string code;  // BU + 8 digits, the 2019 indeling
  double area_m2 = 0;
  double x = 0, y = 0;  // centroid, RD New
};

struct KwbRow {
  std::string buurtcode;  // the 2025 indeling
  std::string gemeente;   // GM + 4 digits
  double residents = 0;
};

struct GemeenteRef {
  std::string code, name, provincie, provincie_name;
};

struct Merger {  // one (former gemeente, successor) pair; a split has one per successor
  std::string old_code, old_name, new_code, new_name, date;
};

struct NationalData {
  std::vector<Polygon> polygons;
  std::vector<KwbRow> kwb;
  std::set<std::string> ggd_codes;
  std::vector<GemeenteRef> gemeenten;
  std::vector<Merger> mergers;
};

// The reference tables compiled in from presets/nl/.
std::vector<GemeenteRef> gemeenten_reference();
std::vector<Merger> mergers_reference();

// How one gemeente's buurten are found among the 2019 polygons, and what
// matches the 2025 table.
struct GemeentePlan {
  GemeenteRef ref;
  std::vector<std::string> buurt_prefixes;  // its own and those of former gemeenten wholly merged into it
  std::vector<std::string> buurten;         // polygons of a former gemeente split over several successors
  std::vector<std::string> merged_from;     // e.g. "GM0398 Heerhugowaard (2022-01-01)"
  std::size_t polygons = 0, polygons_with_row = 0, polygons_with_ggd = 0;
  std::size_t rows = 0, rows_without_polygon = 0;
  double residents = 0, residents_without_polygon = 0;
};

// Throws InputError for an unknown code (naming the successor when the code is a
// former gemeente's) and for a gemeente no polygon belongs to.
GemeentePlan plan_gemeente(const NationalData& data, const std::string& code);

// Reads the national files (paths already resolved) and checks that their codes
// meet: a table whose codes match no polygon is refused.
NationalData read_national(const NationalFiles& resolved);

}  // namespace leefkaart::init
