// YAML scalar quoting for the importers (see yaml_text.hpp).
#include "yaml_text.hpp"

#include <cctype>
#include <cstdio>

#include "oncomatch/util/strings.hpp"

namespace oncomatch::kb_import {

std::string yaml_scalar(const std::string& s) {
    bool plain = !s.empty() && (std::isalpha(static_cast<unsigned char>(s[0])) || s[0] == '_');
    for (char c : s)
        if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.')) plain = false;
    static const char* const kWords[] = {"true", "false", "yes", "no", "on", "off", "null", "y", "n"};
    for (const char* w : kWords)
        if (iequals(s, w)) plain = false;
    if (plain) return s;
    std::string out = "\"";
    for (unsigned char c : s) {
        if (c == '"' || c == '\\') {
            out.push_back('\\');
            out.push_back(static_cast<char>(c));
        } else if (c < 0x20) {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\x%02X", c);
            out += buf;
        } else {
            out.push_back(static_cast<char>(c));
        }
    }
    return out + "\"";
}

std::string yaml_flow_list(const std::vector<std::string>& items) {
    std::string out = "[";
    for (std::size_t i = 0; i < items.size(); ++i) out += (i ? ", " : "") + yaml_scalar(items[i]);
    return out + "]";
}

}  // namespace oncomatch::kb_import
