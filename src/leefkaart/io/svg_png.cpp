#include "io/svg_png.hpp"

#include <cairo.h>
#include <librsvg/rsvg.h>

#include <cmath>
#include <memory>
#include <stdexcept>

namespace leefkaart::io {

namespace {
struct GObjectFree {
  void operator()(void* p) const { g_object_unref(p); }
};
struct SurfaceFree {
  void operator()(cairo_surface_t* s) const { cairo_surface_destroy(s); }
};
struct ContextFree {
  void operator()(cairo_t* c) const { cairo_destroy(c); }
};
using Surface = std::unique_ptr<cairo_surface_t, SurfaceFree>;

std::string take_message(GError* err) {
  std::string msg = err && err->message ? err->message : "unknown error";
  if (err) g_error_free(err);
  return msg;
}
}  // namespace

void svg_to_png(const std::string& svg, const std::filesystem::path& png, double scale) {
  GError* err = nullptr;
  std::unique_ptr<RsvgHandle, GObjectFree> handle(
      rsvg_handle_new_from_data(reinterpret_cast<const guint8*>(svg.data()), svg.size(), &err));
  if (!handle) throw std::runtime_error("cannot read the SVG for " + png.string() + ": " + take_message(err));
  double w = 0, h = 0;
  if (!rsvg_handle_get_intrinsic_size_in_pixels(handle.get(), &w, &h) || !(w > 0) || !(h > 0))
    throw std::runtime_error("the SVG for " + png.string() + " has no width and height in pixels");
  const int pw = static_cast<int>(std::lround(w * scale)), ph = static_cast<int>(std::lround(h * scale));
  Surface surface(cairo_image_surface_create(CAIRO_FORMAT_ARGB32, pw, ph));
  std::unique_ptr<cairo_t, ContextFree> cr(cairo_create(surface.get()));
  // White, not transparent: the image goes into documents and slides of any background.
  cairo_set_source_rgb(cr.get(), 1, 1, 1);
  cairo_paint(cr.get());
  const RsvgRectangle viewport{0, 0, static_cast<double>(pw), static_cast<double>(ph)};
  if (!rsvg_handle_render_document(handle.get(), cr.get(), &viewport, &err))
    throw std::runtime_error("cannot draw the SVG for " + png.string() + ": " + take_message(err));
  cairo_surface_flush(surface.get());
  if (cairo_surface_write_to_png(surface.get(), png.c_str()) != CAIRO_STATUS_SUCCESS)
    throw std::runtime_error("cannot write " + png.string());
}

Image read_png(const std::filesystem::path& png) {
  Surface surface(cairo_image_surface_create_from_png(png.c_str()));
  if (cairo_surface_status(surface.get()) != CAIRO_STATUS_SUCCESS) throw std::runtime_error("cannot read the PNG " + png.string());
  cairo_surface_flush(surface.get());
  Image img;
  img.width = cairo_image_surface_get_width(surface.get());
  img.height = cairo_image_surface_get_height(surface.get());
  const int stride = cairo_image_surface_get_stride(surface.get());
  const unsigned char* data = cairo_image_surface_get_data(surface.get());
  img.argb.resize(static_cast<std::size_t>(img.width) * img.height);
  for (int y = 0; y < img.height; ++y)
    for (int x = 0; x < img.width; ++x)
      img.argb[static_cast<std::size_t>(y) * img.width + x] = reinterpret_cast<const std::uint32_t*>(data + y * stride)[x];
  return img;
}

}  // namespace leefkaart::io
