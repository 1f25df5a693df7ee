#include "core/text.hpp"

#include <gtest/gtest.h>

using namespace leefkaart;

TEST(Text, EditDistanceCountsSingleEdits) {
  EXPECT_EQ(edit_distance("a_inw", "a_inw"), 0u);
  EXPECT_EQ(edit_distance("a_inw", "a_inv"), 1u);
  EXPECT_EQ(edit_distance("statcode", "statcod"), 1u);
  EXPECT_EQ(edit_distance("", "abc"), 3u);
}

TEST(Text, SuggestsNearestFieldForTypo) {
  std::vector<std::string> fields{"buurtcode", "a_inw", "g_afs_hp", "g_afs_gs"};
  EXPECT_EQ(nearest_name("a_inwo", fields).value(), "a_inw");
  EXPECT_EQ(nearest_name("G_AFS_HP", fields).value(), "g_afs_hp");
  EXPECT_FALSE(nearest_name("completely_different", fields).has_value());
  EXPECT_EQ(did_you_mean("buurtcod", fields), " (did you mean 'buurtcode'?)");
}

TEST(Text, MarkupEscapeMakesTextSafeInXmlAndHtmlAttributes) {
  EXPECT_EQ(markup_escape("Kanaleneiland & \"Lombok\" <west> 't Goy"),
            "Kanaleneiland &amp; &quot;Lombok&quot; &lt;west&gt; &#39;t Goy");
  EXPECT_EQ(markup_escape("Mariëndaal"), "Mariëndaal");  // UTF-8 passes unchanged
}
