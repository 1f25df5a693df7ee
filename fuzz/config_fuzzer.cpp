// Fuzzes the TOML config reader (config::parse) and the plain-language explanation that
// `check-config` prints for what it accepted, and the [programme] section's own reader.
#include "config/config.hpp"
#include "harness.hpp"
#include "programme/spec.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  leefkaart::fuzz::expect_clean([&] {
    const auto config = leefkaart::config::parse(text, "fuzz.toml");
    (void)leefkaart::config::explain(config);
  });
  leefkaart::fuzz::expect_clean([&] { (void)leefkaart::programme::parse(text, "fuzz.toml"); });
  return 0;
}
