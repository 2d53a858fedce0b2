#pragma once
// BED reader for --target-bed (the regions an assay covered). BED is 0-based half-open, which
// is also oncomatch's internal convention; chromosome names are normalised ("chr7" -> "7").
#include <string>

#include "oncomatch/kb/index.hpp"

namespace oncomatch {

kb::RegionSet read_bed(const std::string& path);

}  // namespace oncomatch
