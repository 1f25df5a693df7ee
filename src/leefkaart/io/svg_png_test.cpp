// An SVG drawing as PNG: the file is a PNG of the drawing's size, and what is filled shows.
#include "io/svg_png.hpp"

#include <gtest/gtest.h>

#include <unistd.h>

#include <fstream>

namespace leefkaart::io {
namespace {

TEST(SvgPng, WritesAPngOfTheDrawingsSizeWithTheFilledShapeVisible) {
  const auto dir = std::filesystem::temp_directory_path() / ("svg_png_test_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const std::string svg =
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"120\" height=\"80\" viewBox=\"0 0 120 80\">"
      "<path d=\"M60 40L110 40A50 50 0 0 1 60 90Z\" fill=\"#3182bd\"/></svg>";
  svg_to_png(svg, dir / "a.png", 2.0);
  std::ifstream in(dir / "a.png", std::ios::binary);
  char sig[8] = {};
  in.read(sig, 8);
  EXPECT_EQ(std::string(sig, 8), std::string("\x89PNG\r\n\x1a\n", 8));
  const Image img = read_png(dir / "a.png");
  EXPECT_EQ(img.width, 240);
  EXPECT_EQ(img.height, 160);
  EXPECT_EQ(img.at(10, 10), 0xffffffffu);  // white background, not transparent
  EXPECT_EQ(img.at(150, 100), 0xff3182bdu);  // inside the wedge
  EXPECT_THROW(svg_to_png("<svg", dir / "b.png"), std::runtime_error);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace leefkaart::io
