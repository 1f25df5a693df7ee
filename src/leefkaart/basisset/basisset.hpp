#pragma once
// Coverage of RIVM's Basisset indicatoren gezonde leefomgeving: which entries
// of a template (presets/basisset_gezonde_leefomgeving.toml) this build
// measures, through which indicator and source, and why the others are not
// measured. A config opts in with
//   [basisset]
//   template = "./basisset_gezonde_leefomgeving.toml"
//   [basisset.indicators]    CODE = "leefkaart_indicator"   (overrides the template's mapping)
//   [basisset.not_supplied]  CODE = "reden"                 (overrides it with a reason)
// Read on its own (config::parse only notes the key), as strictly as the rest.
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "config/config.hpp"

namespace leefkaart::basisset {

// The perspectives an entry may belong to (RIVM beschermen/bevorderen, PBL faciliteren); empty: none given.
inline const std::vector<std::string> kPerspectives{"beschermen", "bevorderen", "faciliteren"};
// The fields of an entry that may be marked as inferred by leefkaart rather than found in the source.
inline const std::vector<std::string> kInferable{"name", "theme", "perspective"};

// One entry of the Basisset as the template lists it.
struct Entry {
  std::string code;         // leefkaart's own key for the entry (RIVM publishes none that was found)
  std::string name;         // Dutch, as the public text words it
  std::string theme;
  std::string perspective;  // one of kPerspectives, or empty
  std::string source;       // where the entry was found, in words
  std::string source_url;
  std::vector<std::string> inferred;  // fields of kInferable that leefkaart inferred
  std::string note;         // e.g. how far the mapped indicator stands for the entry
  std::string indicator;    // default mapping to a leefkaart indicator name; empty: not_supplied
  std::string not_supplied;
  int line = 0;
};

struct Template {
  std::string file;
  std::string title;
  std::string about;  // what the list is and how sure it is, in plain Dutch
  std::vector<Entry> entries;
};

// The [basisset] table of a config.
struct Spec {
  std::string config_file;
  std::string template_file;  // as written
  int template_line = 0;
  std::map<std::string, std::string> indicators;    // code → indicator name
  std::map<std::string, std::string> not_supplied;  // code → reason
  std::map<std::string, int> lines;                 // "indicators.CODE" / "not_supplied.CODE" → line
};

// One entry with what this build does with it.
struct Row {
  Entry entry;
  bool supplied = false;
  std::string indicator;        // the mapped indicator (supplied, or named but without a source)
  std::string indicator_label;  // its Dutch label, when it is in the config
  std::string source;           // supplied: the indicator's source in words
  std::string reason;           // not supplied: why, in plain Dutch
  bool overridden = false;      // decided by the config's [basisset] rather than the template
};

struct Coverage {
  std::string template_file;  // resolved path
  std::string title, about;
  std::vector<Row> rows;
  std::size_t supplied() const;
};

// The [basisset] table of `config_path`, or nullopt when the config has none.
std::optional<Spec> read_spec(const std::string& config_path);
std::optional<Spec> parse_spec(const std::string& config_text, const std::string& config_file);

Template load_template(const std::string& path);
Template parse_template(const std::string& text, const std::string& file);

// Coverage of `tpl` by `cfg` with the overrides of `spec`. An override naming a
// code the template does not have, or an indicator the config does not have,
// is an InputError naming the config file, line and key.
Coverage cover(const Template& tpl, const Spec& spec, const config::Config& cfg);

// read_spec + load_template (the template path resolved by `resolve`) + cover;
// nullopt when the config has no [basisset].
using Resolve = std::function<std::string(const std::string&)>;
std::optional<Coverage> load(const config::Config& cfg, const Resolve& resolve);

// An indicator's source in plain words, e.g. "tabel cbs/kwb_2025.csv: a_inw".
std::string describe_source(const config::Config& cfg, const config::SourceSpec& s);

// The manifest's "basisset" value and back (the report reads it from the build).
nlohmann::json to_json(const Coverage& c);
Coverage from_json(const nlohmann::json& j, const std::string& file);

// The coverage for `check-config`: counts, then the covered and the not-supplied entries.
std::string explain(const Coverage& c);

}  // namespace leefkaart::basisset
