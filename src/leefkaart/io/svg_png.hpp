#pragma once
// SVG drawings as PNG images (librsvg and cairo, kept inside svg_png.cpp):
// for slides and documents that take no SVG.
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace leefkaart::io {

// Renders the SVG document `svg` at `scale` × its own size in pixels on a
// white background and writes it as PNG. std::runtime_error when the SVG
// cannot be read or has no size, or the file cannot be written.
void svg_to_png(const std::string& svg, const std::filesystem::path& png, double scale = 1.0);

struct Image {
  int width = 0, height = 0;
  std::vector<std::uint32_t> argb;  // row by row, 0xAARRGGBB
  std::uint32_t at(int x, int y) const { return argb.at(static_cast<std::size_t>(y) * width + x); }
};

// A PNG file read back (to check what was drawn).
Image read_png(const std::filesystem::path& png);

}  // namespace leefkaart::io
