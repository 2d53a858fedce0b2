#pragma once
// Writing YAML text by hand for the importers: scalars are emitted plain when that is safe and
// double-quoted otherwise, so generated files load back exactly and diff cleanly.
#include <string>
#include <vector>

namespace oncomatch::kb_import {

std::string yaml_scalar(const std::string& s);
std::string yaml_flow_list(const std::vector<std::string>& items);

}  // namespace oncomatch::kb_import
