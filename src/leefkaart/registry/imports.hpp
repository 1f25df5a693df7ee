#pragma once
// Interventions, stories and cycles from a spreadsheet: a CSV (plain or excel
// dialect) or an XLSX workbook (its first sheet, the first row the header).
// Column names are Dutch; the words in cells are schema/register.json's vocab
// keys. A cell holding several values separates them with '|' (never ';' or
// ',': those separate the fields of the two CSV dialects). Every row is read
// and checked before anything is written; one bad row, and the InputError names
// the file, the row and the column, and nothing is imported.
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "registry/records.hpp"

namespace leefkaart::registry::columns {

inline constexpr char kListSeparator = '|';
// "no2:omlaag": an indicator and the direction it should go.
inline constexpr char kAimSeparator = ':';
// "tekst > indicator > gebied": an assumption and where it shows.
inline constexpr std::string_view kAssumptionSeparator = ">";

// Interventions.
inline constexpr std::string_view kCode = "code", kName = "naam", kAreas = "gebieden", kPolygon = "vlak",
                                  kStatus = "status", kStopReason = "reden_gestopt", kPlannedStart = "start_gepland",
                                  kPlannedEnd = "eind_gepland", kStart = "start", kEnd = "eind", kTypes = "typen",
                                  kDomain = "domein", kPerspective = "perspectief", kTargetGroup = "doelgroep",
                                  kPartners = "partners", kFunding = "financiering", kFundingEnd = "financiering_tot",
                                  kSituatie = "situatie", kWaarNaartoe = "waar_naartoe", kHoe = "hoe",
                                  kAannamen = "aannamen", kIndicators = "indicatoren",
                                  kLinkedAssumptions = "aannamen_gekoppeld";
// Stories.
inline constexpr std::string_view kDate = "datum", kArea = "gebied", kX = "x", kY = "y", kPrecision = "precisie",
                                  kSource = "bron", kText = "tekst", kThemes = "themas", kConsent = "toestemming",
                                  kPublishable = "publiceerbaar", kRole = "rol", kSignal = "signaal";
// Cycles (also kDate, kText, kRole).
inline constexpr std::string_view kKind = "soort", kQuestions = "leervragen", kInterventions = "interventies",
                                  kChecksum = "manifest_sha256", kBuildLabel = "build";

}  // namespace leefkaart::registry::columns

namespace leefkaart::registry {

// Read every row of a file into records (InputError naming file, row and
// column for a cell that cannot be read: a missing column, "misschien" for a
// yes/no, text for a number …). What the values mean is checked by the import.
std::vector<Located<Intervention>> read_interventions(const std::filesystem::path& file, const std::string& created);
std::vector<Located<Story>> read_stories(const std::filesystem::path& file, const std::string& created);
// Cycles without their own manifest_sha256 are pinned to `build` when given
// (its manifest's checksum, and its folder as the label).
std::vector<Located<Cycle>> read_cycles(const std::filesystem::path& file, const KnownNames* build);

// Read, check every row (areas and indicators against `known`), then add all
// in one transaction; an InputError names the file, the row and the column,
// and then nothing is added. Return the number added.
std::size_t import_interventions(Store& store, const std::filesystem::path& file, const KnownNames& known,
                                 const std::string& created);
std::size_t import_stories(Store& store, const std::filesystem::path& file, const KnownNames& known,
                           const std::string& created);
std::size_t import_cycles(Store& store, const std::filesystem::path& file, const KnownNames* build);

}  // namespace leefkaart::registry
