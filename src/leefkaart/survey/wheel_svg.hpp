#pragma once
// A wheel as an accessible SVG (the Leefplekmeter's resultatenwiel): one
// spoke per theme in the set's order, scale rings 1..max, per theme a wedge
// to the mean with the spread drawn over it (middle half as a thick stroke,
// lowest to highest as a thin one) and n. Good reaches the edge. The numbers
// are in the drawing's <title>/<desc> too, for screen readers and printouts.
#include <string>

#include "survey/survey_schema.hpp"
#include "survey/wheels.hpp"

namespace leefkaart::survey {

// "iedereen", or the attribute's value in plain Dutch ("bewoner", "18 tot 27 jaar").
std::string group_label(const WheelGroup& group);

// "Lombok, ronde voor, bewoners: Leefplekmeter (…)", with "herschaald naar 1 tot 10" when rescaled.
std::string wheel_title(const Wheel& wheel, const std::string& area_name);

// A standalone <svg> (xmlns set: it is also written as a file). A hidden wheel
// draws no data, only its reason; a wheel without forms says "geen Leefplekmeter".
// `id`: prefix of the ids its text alternative uses, unique within a page.
std::string wheel_svg(const Wheel& wheel, const std::string& area_name, const std::string& id = "wheel");

// A wheel to colour by hand (the walk pack): the set's themes numbered as the
// questions are, the rings numbered 1..max, nothing filled.
std::string blank_wheel_svg(const ThemeSet& set, const std::string& title);

}  // namespace leefkaart::survey
