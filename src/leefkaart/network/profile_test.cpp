#include "network/profile.hpp"

#include <gtest/gtest.h>
#include <osmium/builder/attr.hpp>
#include <osmium/memory/buffer.hpp>
#include <osmium/osm/way.hpp>

using namespace leefkaart::network;
using namespace osmium::builder::attr;

namespace {
// A way with the given tags, kept alive in a buffer.
struct Tagged {
  osmium::memory::Buffer buffer{1024, osmium::memory::Buffer::auto_grow::yes};
  const osmium::TagList& tags;
  explicit Tagged(std::initializer_list<std::pair<const char*, const char*>> kv)
      : tags((osmium::builder::add_way(buffer, _id(1), _tags(kv)), buffer.get<osmium::Way>(0).tags())) {}
};
}  // namespace

TEST(Profile, MotorwaysAreNotWalkable) {
  Tagged m{{"highway", "motorway"}};
  EXPECT_FALSE(way_passage(Mode::Walk, m.tags).any());
  EXPECT_TRUE(way_passage(Mode::Car, m.tags).forward);
  EXPECT_FALSE(way_passage(Mode::Car, m.tags).backward);  // motorways are one-way by default
}

TEST(Profile, OneWayRestrictsCarsAndBikesButNotWalkers) {
  Tagged w{{"highway", "residential"}, {"oneway", "yes"}};
  Passage walk = way_passage(Mode::Walk, w.tags), bike = way_passage(Mode::Bike, w.tags), car = way_passage(Mode::Car, w.tags);
  EXPECT_TRUE(walk.forward && walk.backward);
  EXPECT_TRUE(bike.forward && !bike.backward);
  EXPECT_TRUE(car.forward && !car.backward);
  Tagged contraflow{{"highway", "residential"}, {"oneway", "yes"}, {"oneway:bicycle", "no"}};
  EXPECT_TRUE(way_passage(Mode::Bike, contraflow.tags).backward);
  Tagged reverse{{"highway", "residential"}, {"oneway", "-1"}};
  EXPECT_TRUE(way_passage(Mode::Car, reverse.tags).backward);
  EXPECT_FALSE(way_passage(Mode::Car, reverse.tags).forward);
}

TEST(Profile, AccessTagsRefinePerMode) {
  Tagged cycleway{{"highway", "cycleway"}};
  EXPECT_TRUE(way_passage(Mode::Walk, cycleway.tags).any());
  EXPECT_TRUE(way_passage(Mode::Bike, cycleway.tags).any());
  EXPECT_FALSE(way_passage(Mode::Car, cycleway.tags).any());
  Tagged no_foot{{"highway", "cycleway"}, {"foot", "no"}};
  EXPECT_FALSE(way_passage(Mode::Walk, no_foot.tags).any());
  Tagged private_but_foot{{"highway", "service"}, {"access", "private"}, {"foot", "yes"}};
  EXPECT_TRUE(way_passage(Mode::Walk, private_but_foot.tags).any());
  EXPECT_FALSE(way_passage(Mode::Car, private_but_foot.tags).any());
  Tagged footway{{"highway", "footway"}};
  EXPECT_FALSE(way_passage(Mode::Bike, footway.tags).any());
  Tagged footway_bikes{{"highway", "footway"}, {"bicycle", "yes"}};
  EXPECT_TRUE(way_passage(Mode::Bike, footway_bikes.tags).any());
}

TEST(Profile, FerriesOnlyWhenAsked) {
  Tagged ferry{{"route", "ferry"}};
  EXPECT_FALSE(way_passage(Mode::Walk, ferry.tags).any());
  ProfileOptions with;
  with.ferries = true;
  EXPECT_TRUE(way_passage(Mode::Walk, ferry.tags, with).any());
}

TEST(Profile, BarriersBlockPerMode) {
  Tagged bollard{{"barrier", "bollard"}};
  EXPECT_TRUE(node_blocks(Mode::Car, bollard.tags));
  EXPECT_FALSE(node_blocks(Mode::Walk, bollard.tags));
  EXPECT_FALSE(node_blocks(Mode::Bike, bollard.tags));
  Tagged locked{{"barrier", "gate"}, {"access", "no"}};
  EXPECT_TRUE(node_blocks(Mode::Walk, locked.tags));
  Tagged open_gate{{"barrier", "gate"}};
  EXPECT_FALSE(node_blocks(Mode::Car, open_gate.tags));
}
